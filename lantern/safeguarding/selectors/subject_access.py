"""The safeguarding app's part of a subject access request (lantern/core/directory.py): the
screenings, reviews, consents, referrals and NRM referrals about the person records the
cases app identified. Special category data: each record read is logged. Safeguarding
records often name others (who was with her, who referred her): the reviewer marks those
items for redaction, and may withhold a record for safeguarding reasons. Only the query's
partnerships are searched, and only for those who hold SUBJECT_ACCESS_MANAGE."""

from __future__ import annotations

from lantern.audit.services import audit_access_lists
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    subject_access_allowed,
)
from lantern.frontend.dates import format_date, format_datetime, format_month
from lantern.safeguarding.models import Consent, DutyRecord, Indicator, Referral, Review, Screening

WHY = "The record is about their person record."


def _indicators(values: list[str]) -> str:
    labels = dict(Indicator.choices)
    return "; ".join(str(labels.get(v, v)) for v in values)


def _screening(s: Screening) -> HeldRecord:
    return HeldRecord(
        source="safeguarding.screening",
        record_id=s.pk,
        reference="",
        title="Safeguarding screening",
        why=WHY,
        items=held_items(
            held("Seen on", format_datetime(s.observed_at)),
            held("Where and how", s.context),
            held("Signs seen", _indicators(s.indicators)),
            held("Age band", s.get_age_band_display()),
            held("Outcome", s.get_outcome_display()),
            held("Notes", s.notes),
        ),
        recorded_on=s.created_at.date(),
    )


def _review(r: Review) -> HeldRecord:
    return HeldRecord(
        source="safeguarding.review",
        record_id=r.pk,
        reference="",
        title="Safeguarding review",
        why=WHY,
        items=held_items(
            held("Decision", r.get_decision_display()),
            held("Reasons", r.rationale),
            held("Decided on", format_date(r.decided_on)),
        ),
        recorded_on=r.created_at.date(),
    )


def _consent(c: Consent) -> HeldRecord:
    return HeldRecord(
        source="safeguarding.consent",
        record_id=c.pk,
        reference="",
        title="Consent",
        why=WHY,
        items=held_items(
            held("What for", c.get_purpose_display()),
            held("Consent given", "Yes" if c.given else "No"),
            held("Explained on", format_datetime(c.explained_at)),
            held("What was explained", c.explanation),
            held("Withdrawn on", format_datetime(c.withdrawn_at)),
        ),
        recorded_on=c.created_at.date(),
    )


def _referral(r: Referral) -> HeldRecord:
    return HeldRecord(
        source="safeguarding.referral",
        record_id=r.pk,
        reference="",
        title=f"Referral: {r.get_kind_display()}",
        why=WHY,
        items=held_items(
            held("To", r.agency.name if r.agency else r.get_service_display()),
            held("Why", r.reason),
            held("What was shared", r.shared_information),
            held("Name shared", r.shared_name),
            held("Contact shared", r.shared_contact),
            held("Place shared", r.shared_place),
            held("Referrer's contact details", r.referrer_contact),
            held("Sent on", format_datetime(r.sent_at)),
            held("Status", r.get_status_display()),
            held("Outcome", r.outcome),
        ),
        recorded_on=r.created_at.date(),
    )


def _duty(d: DutyRecord) -> HeldRecord:
    return HeldRecord(
        source="safeguarding.dutyrecord",
        record_id=d.pk,
        reference=d.reference,
        title=d.get_kind_display(),
        why=WHY,
        items=held_items(
            held("Made in", format_month(d.month)),
            held("Kind of exploitation", d.exploitation_type),
            held("Signs recorded", _indicators(d.indicators)),
        ),
        recorded_on=d.created_at.date(),
    )


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not query.person_ids:
        return []
    scope = {"person_id__in": query.person_ids, "partnership_id__in": query.partnership_ids}
    records = [_screening(s) for s in Screening.objects.filter(**scope).order_by("observed_at")]
    records += [_review(r) for r in Review.objects.filter(**scope).order_by("created_at")]
    records += [_consent(c) for c in Consent.objects.filter(**scope).order_by("created_at")]
    referrals = Referral.objects.filter(**scope).select_related("agency").order_by("created_at")
    records += [_referral(r) for r in referrals]
    records += [_duty(d) for d in DutyRecord.objects.filter(**scope).order_by("created_at")]
    audit_access_lists(  # one event per record type, naming each record (ADR 0020)
        actor=actor,
        records=[(record.source.split(".")[1], record.record_id) for record in records],
        data_class=DataClass.SPECIAL_CATEGORY,
        purpose="subject_access",
    )
    return records
