"""The accounts app's part of a subject access request (lantern/core/directory.py): the
identifier that knows a person by their account's email address, and the finder that
returns the account itself. Registered in AccountsConfig.ready."""

from __future__ import annotations

from dataclasses import replace

from lantern.accounts.models import User
from lantern.core.actor import Actor
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    subject_access_allowed,
)
from lantern.frontend.dates import format_date


def identify(actor: Actor, query: SubjectQuery) -> SubjectQuery:
    """The accounts with the request's email address (an exact match, case aside)."""
    if not subject_access_allowed(actor) or not query.email:
        return query
    ids = set(User.objects.filter(email__iexact=query.email.strip()).values_list("id", flat=True))
    return replace(query, user_ids=query.user_ids | ids) if ids - query.user_ids else query


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not query.user_ids:
        return []
    users = User.objects.filter(pk__in=query.user_ids).prefetch_related("memberships")
    return [
        HeldRecord(
            source="accounts.user",
            record_id=user.pk,
            reference="",
            title="Lantern account",
            why="The account's email address is the one the request gives.",
            items=held_items(
                held("Name", user.display_name),
                held("Email address", user.email),
                held("Email address confirmed on", format_date(user.email_confirmed_at)),
                held("Account opened on", format_date(user.date_joined)),
                held("Account in use", "Yes" if user.is_active else "No (closed)"),
                held(
                    "Roles",
                    ", ".join(sorted({m.get_role_display() for m in user.memberships.all()})),
                ),
            ),
            recorded_on=user.date_joined.date(),
        )
        for user in users
    ]
