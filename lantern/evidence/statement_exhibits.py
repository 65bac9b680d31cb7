"""Exhibits referred to in a witness statement, linked by an officer.

Residents are not asked for exhibit references: nobody gave them one. An officer gives an
item its reference in a case (``services.exhibit_assign``, "RP/1") and links the exhibit to
a statement about the case or one of its reports, from the case's exhibits page.

What the law allows decides what a link changes (docs/evidence.md, "Exhibits referred to"):

- On a draft, the links fill the statement's ``exhibit_references``. The witness sees them
  on "Check and sign your statement" and signs them with the rest, so they become part of
  the signed text, as Crim PR r.16 expects of a statement that refers to an exhibit. If the
  links change after the witness checked the statement, signing is refused until they have
  checked it again (``statements.statement_sign``, ``exhibits_seen``).
- A signed statement is never changed (s.9 CJA 1967; STATEMENT_SIGNED_IS_FINAL). A link
  made afterwards is a separate record (``StatementExhibit.after_signing``): the signed
  text, its SHA-256 and ``exhibit_references`` stay exactly as signed, and every page says
  the exhibit was linked by an officer after signing. Such a link cannot be removed.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from lantern.audit.services import audit_record
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.evidence import events, rules
from lantern.evidence.models import Statement, StatementExhibit
from lantern.evidence.selectors import exhibits_in_case, statements_for_case


def _may_link(actor: Actor) -> None:
    if not (can(actor, Permission.EVIDENCE_MANAGE) and can(actor, Permission.STATEMENT_VIEW)):
        raise PermissionDenied("statement.exhibits")


def _statement_on_case(actor: Actor, case_id: uuid.UUID, statement_id: uuid.UUID) -> Statement:
    """The statement, locked, if it is about the case or one of its reports and the actor
    may see both; NotFound otherwise (never revealed)."""
    case = directory.case(actor, case_id)
    if case is None:
        raise NotFound("case")
    statement = (
        statements_for_case(actor=actor, case_id=case.id, report_ids=case.report_ids)
        .select_for_update(of=("self",))
        .filter(pk=statement_id)
        .first()
    )
    if statement is None:
        raise NotFound("statement")
    return statement


def _refresh_references(statement: Statement) -> None:
    """A draft's references: those of its linked exhibits, in reference order."""
    statement.exhibit_references = [
        link.exhibit.reference
        for link in statement.exhibit_links.select_related("exhibit").order_by(
            "exhibit__initials", "exhibit__number"
        )
    ]
    statement.save(update_fields=["exhibit_references", "updated_at"])


def statement_exhibit_link(
    *, actor: Actor, case_id: uuid.UUID, statement_id: uuid.UUID, exhibit_id: uuid.UUID
) -> StatementExhibit:
    """Link one of a case's exhibits to a statement about the case (or one of its reports).
    On a draft the reference joins what the witness will sign; on a signed statement the
    link is recorded beside it and the signed statement is unchanged."""
    _may_link(actor)
    try:
        with transaction.atomic():
            statement = _statement_on_case(actor, case_id, statement_id)
            exhibit = exhibits_in_case(actor=actor, case_id=case_id).filter(pk=exhibit_id).first()
            if exhibit is None:
                raise ValidationFailed({"exhibit": ["Choose one of this case's exhibits"]})
            if statement.exhibit_links.filter(exhibit=exhibit).exists():
                raise ValidationFailed(
                    {"exhibit": [f"The statement already refers to {exhibit.reference}"]}
                )
            link = StatementExhibit.objects.create(
                statement=statement,
                exhibit=exhibit,
                linked_by=actor.user_id,
                after_signing=statement.is_signed,
            )
            if not statement.is_signed:
                _refresh_references(statement)
            audit_record(
                actor=actor,
                action=events.STATEMENT_EXHIBIT_LINKED,
                object_type=events.STATEMENT,
                object_id=statement.pk,
                details={
                    "case": str(case_id),
                    "reference": exhibit.reference,
                    "after_signing": statement.is_signed,
                },
            )
    except IntegrityError:  # linked by someone else at the same moment
        raise ValidationFailed({"exhibit": ["The statement already refers to it"]}) from None
    return link


def statement_exhibit_unlink(
    *, actor: Actor, case_id: uuid.UUID, statement_id: uuid.UUID, exhibit_id: uuid.UUID
) -> Statement:
    """Remove an exhibit from a draft's references. A signed statement's links are a record
    and stay (STATEMENT_SIGNED_IS_FINAL)."""
    _may_link(actor)
    with transaction.atomic():
        statement = _statement_on_case(actor, case_id, statement_id)
        rules.StatementSignedIsFinal().enforce(rules.StatementStep(statement=statement))
        link = statement.exhibit_links.select_related("exhibit").filter(exhibit_id=exhibit_id)
        found = link.first()
        if found is None:
            raise NotFound("exhibit")
        reference = found.exhibit.reference
        found.delete()
        _refresh_references(statement)
        audit_record(
            actor=actor,
            action=events.STATEMENT_EXHIBIT_UNLINKED,
            object_type=events.STATEMENT,
            object_id=statement.pk,
            details={"case": str(case_id), "reference": reference},
        )
    return statement
