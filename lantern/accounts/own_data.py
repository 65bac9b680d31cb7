"""Reads of a resident's own data (issue 23 part 4): their account here, and each other
app's part through the registry in lantern.core.residents_data (accounts imports no other app's
models). Every read is of the actor's own records only: no function takes another user's id.
"""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import User
from lantern.core import clock, residents_data
from lantern.core.actor import ROLE_LABELS, Actor, Role
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission, can


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def own_user(*, actor: Actor) -> User:
    """The actor's own account (a resident's)."""
    if actor.user_id is None or not can(actor, Permission.OWN_ACCOUNT_MANAGE):
        raise PermissionDenied("only a resident reads their own account this way")
    user = User.objects.filter(pk=actor.user_id, closed_at__isnull=True).first()
    if user is None:
        raise NotFound("user")
    return user


def _account_section(user: User) -> residents_data.OwnDataSection:
    roles = [ROLE_LABELS[Role(m.role)] for m in user.memberships.all()]
    return residents_data.OwnDataSection(
        key="account",
        title="Your account",
        description="The details you gave when you created your account, or corrected since.",
        records=(
            {
                "id": str(user.pk),
                "name": user.display_name,
                "email": user.email,
                "new_email_waiting_for_confirmation": user.pending_email or None,
                "phone": user.phone or None,
                "created_at": _iso(user.date_joined),
                "email_confirmed_at": _iso(user.email_confirmed_at),
                "roles": roles,
            },
        ),
    )


def own_data(*, actor: Actor) -> list[residents_data.OwnDataSection]:
    """Everything Lantern holds about the resident that is theirs to see, section by
    section: their account, then each app's part."""
    user = own_user(actor=actor)
    sections = [_account_section(user)]
    for part in residents_data.own_data_parts():
        sections.extend(part.export(actor))
    return sections


def own_data_document(*, actor: Actor, sections: list[residents_data.OwnDataSection]) -> dict:
    """The machine-readable file: one object, a key per section."""
    return {
        "format": "lantern-own-data/1",
        "generated_at": clock.now().isoformat(),
        "account_id": str(actor.user_id),
        "sections": {
            section.key: {
                "title": section.title,
                "description": section.description,
                "records": list(section.records),
            }
            for section in sections
        },
    }


def own_data_counts(sections: list[residents_data.OwnDataSection]) -> dict[str, int]:
    return {section.key: len(section.records) for section in sections}


def closing_preview(*, actor: Actor) -> list[residents_data.KeptOrGone]:
    """What closing the account would keep and delete, by class of record (nothing is
    written)."""
    from lantern.accounts.services.own_account import account_contact_outcome

    user = own_user(actor=actor)
    outcomes = account_contact_outcome(user)
    for part in residents_data.own_data_parts():
        outcomes.extend(part.closing_preview(actor))
    return outcomes
