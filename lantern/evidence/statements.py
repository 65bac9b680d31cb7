"""Witness statements (MG11 with the s.9 declaration): start, change a draft, sign.

A signed statement is frozen: its canonical text is hashed (SHA-256) and kept with the hash.
A correction is a further statement that names the one it corrects.

A statement belongs to the partnership of the report, case or footage request it is about,
or to its maker's (``lantern.evidence.scope``); a correction to the corrected statement's. A
resident's statement is always about one of their reports or a footage request to their
camera: they belong to no partnership.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db import transaction
from django_otp import devices_for_user

from lantern.accounts.selectors import user_get
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.evidence import events, rules, scope
from lantern.evidence.models import LinkKind, Statement
from lantern.evidence.selectors import link_target_check

EDITABLE = (
    "witness_name",
    "age_if_under_18",
    "occupation",
    "body",
    "willing_to_attend_court",
    "dates_to_avoid",
    "no_dates_to_avoid",
    "special_measures",
    "consent_share_contact",
)
# Not the witness's to type: ``exhibit_references`` is filled from the exhibits an officer
# links to a draft (lantern.evidence.statement_exhibits).


def _clean(fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationFailed({sorted(unknown)[0]: ["This is not part of a statement"]})
    if "witness_name" in fields:
        fields["witness_name"] = " ".join(str(fields["witness_name"]).split())[:200]
        if not fields["witness_name"]:
            errors["witness_name"] = ["Enter your full name"]
    age = fields.get("age_if_under_18")
    if age is not None and not (0 < int(age) < 18):
        errors["age_if_under_18"] = ["Give an age under 18, or leave it blank if 18 or over"]
    if len(str(fields.get("body", ""))) > 100_000:
        errors["body"] = ["A statement may be at most 100,000 characters"]
    if errors:
        raise ValidationFailed(errors)
    return fields


def statement_start(
    *,
    actor: Actor,
    witness_name: str,
    link_kind: str = "",
    link_id: uuid.UUID | None = None,
    corrects_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
) -> Statement:
    """Start a draft statement made by the actor (the witness), about a report, case or
    footage request (``link_kind``, ``link_id``), or correcting one of their signed
    statements. A member of staff's statement about nothing else belongs to their
    partnership (``partnership_id`` when they are in several)."""
    if actor.user_id is None or not can(actor, Permission.STATEMENT_MAKE):
        raise PermissionDenied("statement")
    if link_kind and link_kind not in LinkKind.values:
        raise ValidationFailed({"link_kind": ["Statements are linked to a report or case"]})
    if link_kind and link_id is not None:  # a record the witness may see, else NotFound
        link_target_check(actor=actor, kind=link_kind, target_id=link_id)
    fields = _clean({"witness_name": witness_name})
    with transaction.atomic():
        corrects = None
        if corrects_id is not None:
            corrects = Statement.objects.filter(
                pk=corrects_id, witness_id=actor.user_id, status=Statement.Status.SIGNED
            ).first()
            if corrects is None:
                raise NotFound("statement")
        if corrects is not None:
            partnership = corrects.partnership_id
        else:
            partnership = _partnership(actor, link_kind, link_id, partnership_id)
        statement = Statement.objects.create(
            witness_id=actor.user_id,
            partnership_id=partnership,
            link_kind=link_kind or (corrects.link_kind if corrects else ""),
            link_id=link_id or (corrects.link_id if corrects else None),
            corrects=corrects,
            **fields,
        )
        audit_record(
            actor=actor,
            action=events.STATEMENT_STARTED,
            object_type=events.STATEMENT,
            object_id=statement.pk,
            details={"corrects": str(corrects.pk) if corrects else ""},
        )
    return statement


def _partnership(
    actor: Actor, link_kind: str, link_id: uuid.UUID | None, chosen: uuid.UUID | None
) -> uuid.UUID:
    """The partnership of a new statement: of what it is about (which a resident must have
    made or been asked for, and staff must see), else of its maker."""
    if not (link_kind and link_id):
        return scope.maker_partnership(actor, chosen)
    if actor.is_staff:
        return scope.staff_may_attach(actor, link_kind, link_id)
    if not scope.resident_may_attach(actor, link_kind, link_id):
        raise ValidationFailed({"link": [scope.CHOOSE]})
    return scope.link_partnership(link_kind, link_id)


def _own_draft_for_update(actor: Actor, statement_id: uuid.UUID) -> Statement:
    if actor.user_id is None:
        raise NotFound("statement")
    statement = (
        Statement.objects.select_for_update()
        .filter(pk=statement_id, witness_id=actor.user_id)
        .first()
    )
    if statement is None:
        raise NotFound("statement")
    rules.StatementSignedIsFinal().enforce(rules.StatementStep(statement=statement))
    return statement


def statement_update(*, actor: Actor, statement_id: uuid.UUID, **fields: object) -> Statement:
    """Change a draft. A signed statement is refused by STATEMENT_SIGNED_IS_FINAL."""
    cleaned = _clean(dict(fields))
    with transaction.atomic():
        statement = _own_draft_for_update(actor, statement_id)
        for name, value in cleaned.items():
            setattr(statement, name, value)
        statement.save()
        audit_record(
            actor=actor,
            action=events.STATEMENT_UPDATED,
            object_type=events.STATEMENT,
            object_id=statement.pk,
            details={"fields": ",".join(sorted(cleaned))},
        )
    return statement


EXHIBITS_CHANGED = (
    "An officer has changed the exhibits your statement refers to since you checked it: "
    "check your statement again, then sign it"
)


def canonical_text(statement: Statement, *, signed_at: str, signed_name: str) -> str:
    """The exact text a signature covers: every MG11 field and the declaration, as JSON with
    sorted keys. Its SHA-256 is the statement's hash; anyone can recompute it."""
    return json.dumps(
        {
            "form": "MG11",
            "statement_id": str(statement.pk),
            "witness_name": statement.witness_name,
            "age_if_under_18": statement.age_if_under_18,
            "occupation": statement.occupation,
            "declaration": rules.S9_DECLARATION,
            "body": statement.body,
            "exhibit_references": statement.exhibit_references,
            "willing_to_attend_court": statement.willing_to_attend_court,
            "dates_to_avoid": statement.dates_to_avoid,
            "no_dates_to_avoid": statement.no_dates_to_avoid,
            "special_measures": statement.special_measures,
            "consent_share_contact": statement.consent_share_contact,
            "corrects": str(statement.corrects_id or ""),
            "signed_name": signed_name,
            "signed_at": signed_at,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _second_check(actor: Actor, secret: str) -> bool:
    """Residents re-enter their password; staff give their current two-factor code."""
    user = user_get(actor=actor, user_id=actor.user_id)  # type: ignore[arg-type]
    if actor.is_staff:
        code = secret.strip().replace(" ", "")
        return any(
            device.verify_is_allowed()[0] and device.verify_token(code)
            for device in devices_for_user(user, confirmed=True)
        )
    return user.check_password(secret)


def statement_sign(
    *,
    actor: Actor,
    statement_id: uuid.UUID,
    typed_name: str,
    secret: str,
    declaration_accepted: bool,
    exhibits_seen: list[str] | None = None,
) -> Statement:
    """Sign a draft: the declaration made, the witness's typed name, and their password
    (residents) or two-factor code (staff). Time-stamped; SHA-256 of the signed text kept.
    ``exhibits_seen``: the exhibit references the witness was shown when they checked it;
    if an officer has linked or unlinked one since, nothing is signed and they check again
    (a witness signs only what they have read)."""
    with transaction.atomic():
        statement = _own_draft_for_update(actor, statement_id)
        if exhibits_seen is not None and list(exhibits_seen) != statement.exhibit_references:
            raise ValidationFailed({"exhibits": [EXHIBITS_CHANGED]})
        step = rules.StatementStep(
            statement=statement,
            declaration_accepted=declaration_accepted,
            typed_name=typed_name,
        )
        for rule in rules.SIGNING_RULES:
            rule().enforce(step)
        if not secret or not _second_check(actor, secret):
            what = "two-factor code" if actor.is_staff else "password"
            raise ValidationFailed({"secret": [f"The {what} is not right"]})
        signed_at = clock.now()
        signed_name = " ".join(typed_name.split())
        text = canonical_text(statement, signed_at=signed_at.isoformat(), signed_name=signed_name)
        statement.signed_text = text
        statement.sha256 = hashlib.sha256(text.encode()).hexdigest()
        statement.signed_at = signed_at
        statement.signed_name = signed_name
        statement.status = Statement.Status.SIGNED
        statement.save()
        audit_record(
            actor=actor,
            action=events.STATEMENT_SIGNED,
            object_type=events.STATEMENT,
            object_id=statement.pk,
            details={"sha256": statement.sha256, "exhibits": len(statement.exhibit_references)},
        )
    return statement


def statement_pdf(*, actor: Actor, statement: Statement) -> bytes:
    """The MG11 as a PDF (signed statements only); the production is a custody event."""
    from lantern.evidence.statement_pdf import render_mg11

    if not statement.is_signed:
        raise ValidationFailed({"statement": ["Only a signed statement has a PDF"]})
    pdf = render_mg11(statement, declaration=rules.S9_DECLARATION)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=events.STATEMENT_PDF,
            object_type=events.STATEMENT,
            object_id=statement.pk,
            details={"sha256": statement.sha256},
        )
    return pdf


def statement_drafts_delete_own(*, actor: Actor) -> int:
    """Delete the statements the actor started and never signed (they close their account:
    an unsigned draft is not evidence). Signed statements are untouched. How many."""
    from lantern.evidence.models import StatementExhibit

    if actor.user_id is None:
        raise NotFound("statement")
    with transaction.atomic():
        drafts = list(
            Statement.objects.select_for_update()
            .filter(witness_id=actor.user_id, status=Statement.Status.DRAFT)
            .order_by("created_at")
        )
        for draft in drafts:
            StatementExhibit.objects.filter(statement=draft).delete()
            draft_id = draft.pk
            draft.delete()
            audit_record(
                actor=actor,
                action=events.STATEMENT_DRAFT_DELETED,
                object_type=events.STATEMENT,
                object_id=draft_id,
            )
    return len(drafts)
