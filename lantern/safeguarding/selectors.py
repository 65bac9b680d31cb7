"""Every read of safeguarding records, filtered for the actor.

Safeguarding records are special category data (DOMAIN.md 7.1). Who sees them:
- safeguarding leads: everything;
- the lead officer of a case the person is on (``directory.person(...).lead_officer_ids``):
  that person's screenings, reviews, consents, referrals and NRM referrals;
- a support worker: referrals made to their own agency, and only what the person agreed the
  agency may know (never the screening, the review, or other agencies' referrals);
- MS1 records (anonymous by law) are seen by safeguarding leads only.
Everyone else gets a 404. Every read of a record is an access event in the audit log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Model, QuerySet
from django.db.models.functions import TruncMonth

from lantern.accounts.models import Organisation
from lantern.audit.services import audit_access
from lantern.core import directory
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.safeguarding.models import (
    CONCERN_OUTCOMES,
    AgeBand,
    Consent,
    DutyRecord,
    OutreachContact,
    Purpose,
    Referral,
    Review,
    Screening,
)

P = Permission
SPECIAL = DataClass.SPECIAL_CATEGORY


def is_safeguarding_lead(actor: Actor) -> bool:
    return actor.has_role(Role.SAFEGUARDING_LEAD) and can(actor, P.SAFEGUARDING_QUEUE_VIEW)


def is_case_lead(actor: Actor, person_id: uuid.UUID) -> bool:
    """The actor leads a case this person is on (the cases app answers, via the directory)."""
    if actor.user_id is None:
        return False
    summary = directory.person(actor, person_id)
    return summary is not None and actor.user_id in summary.lead_officer_ids


def may_see_person(actor: Actor, person_id: uuid.UUID) -> bool:
    if not can(actor, P.SAFEGUARDING_RECORD_VIEW):
        return False
    return is_safeguarding_lead(actor) or is_case_lead(actor, person_id)


def _agency_worker(actor: Actor, agency_id: uuid.UUID | None) -> bool:
    return agency_id is not None and Role.SUPPORT_WORKER in actor.roles_in(agency_id)


# --- object policies ------------------------------------------------------------------------


def _person_record_policy(actor: Actor, permission: Permission, record: Any) -> bool:
    return permission is P.SAFEGUARDING_RECORD_VIEW and may_see_person(actor, record.person_id)


def _referral_policy(actor: Actor, permission: Permission, record: Referral) -> bool:
    if permission in (P.AGENCY_REFERRAL_VIEW, P.AGENCY_REFERRAL_UPDATE):
        return _agency_worker(actor, record.agency_id)
    return _person_record_policy(actor, permission, record)


def _duty_policy(actor: Actor, permission: Permission, record: DutyRecord) -> bool:
    if record.person_id is None:  # an MS1: safeguarding leads only
        return permission is P.SAFEGUARDING_RECORD_VIEW and is_safeguarding_lead(actor)
    return _person_record_policy(actor, permission, record)


def _contact_policy(actor: Actor, permission: Permission, record: OutreachContact) -> bool:
    return permission is P.OUTREACH_LOG and _agency_worker(actor, record.agency_id)


for _model in (Screening, Review, Consent):
    register_object_policy(_model, _person_record_policy)
register_object_policy(Referral, _referral_policy)
register_object_policy(DutyRecord, _duty_policy)
register_object_policy(OutreachContact, _contact_policy)


def _logged(actor: Actor, object_type: str, record: Model, purpose: str = "view") -> None:
    audit_access(
        actor=actor,
        object_type=object_type,
        object_id=record.pk,
        data_class=SPECIAL,
        purpose=purpose,
    )


def _one(actor: Actor, queryset: QuerySet, object_type: str, pk: uuid.UUID) -> Any:
    record = queryset.filter(pk=pk).first()
    if record is None or not can(actor, P.SAFEGUARDING_RECORD_VIEW, record):
        raise NotFound(object_type)
    _logged(actor, object_type, record)
    return record


def _listed(actor: Actor, object_type: str, records: Iterable[Model]) -> list:
    records = list(records)
    for record in records:
        _logged(actor, object_type, record, purpose="list")
    return records


# --- one record -----------------------------------------------------------------------------


def screening_get(*, actor: Actor, screening_id: uuid.UUID) -> Screening:
    return _one(actor, Screening.objects.select_related("observed_by"), "screening", screening_id)


def review_get(*, actor: Actor, review_id: uuid.UUID) -> Review:
    return _one(actor, Review.objects.select_related("reviewer"), "safeguarding_review", review_id)


def consent_get(*, actor: Actor, consent_id: uuid.UUID) -> Consent:
    return _one(actor, Consent.objects.select_related("explained_by"), "consent", consent_id)


def referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """A referral as the person's safeguarding team or case lead sees it."""
    return _one(
        actor, Referral.objects.select_related("agency", "consent"), "referral", referral_id
    )


def duty_record_get(*, actor: Actor, record_id: uuid.UUID) -> DutyRecord:
    return _one(actor, DutyRecord.objects.all(), "duty_record", record_id)


# --- a person's records ----------------------------------------------------------------------


@dataclass
class PersonRecords:
    person_id: uuid.UUID
    screenings: list[Screening]
    reviews: list[Review]
    consents: list[Consent]
    referrals: list[Referral]
    nrm_referrals: list[DutyRecord]


def person_records(*, actor: Actor, person_id: uuid.UUID) -> PersonRecords:
    """Everything safeguarding holds about a person, for those who may see it (else 404)."""
    if not may_see_person(actor, person_id):
        raise NotFound("person")
    return PersonRecords(
        person_id=person_id,
        screenings=_listed(
            actor,
            "screening",
            Screening.objects.filter(person_id=person_id).select_related("observed_by"),
        ),
        reviews=_listed(
            actor,
            "safeguarding_review",
            Review.objects.filter(person_id=person_id).select_related("reviewer"),
        ),
        consents=_listed(
            actor,
            "consent",
            Consent.objects.filter(person_id=person_id).select_related("explained_by"),
        ),
        referrals=_listed(
            actor, "referral", Referral.objects.filter(person_id=person_id).select_related("agency")
        ),
        nrm_referrals=_listed(actor, "duty_record", DutyRecord.objects.filter(person_id=person_id)),
    )


def consent_in_force(*, person_id: uuid.UUID, purpose: str) -> Consent | None:
    """For services: the person's latest consent for ``purpose``, if given and not withdrawn."""
    consent = Consent.objects.filter(person_id=person_id, purpose=purpose).first()
    return consent if consent is not None and consent.in_force else None


def person_treated_as_child(*, actor: Actor, person_id: uuid.UUID) -> bool:
    """Under 18 by the cases app's record of their age, or else by the latest screening. An
    age not known is treated as a child's (Modern Slavery Act 2015 s.51, presumption of age)."""
    from lantern.core import clock

    summary = directory.person(actor, person_id)
    age = summary.age_on(clock.now().date()) if summary else None
    if age is not None:
        return age < 18
    band = (
        Screening.objects.filter(person_id=person_id)
        .order_by("-created_at")
        .values_list("age_band", flat=True)
        .first()
    )
    return band in (AgeBand.CHILD, AgeBand.UNKNOWN)


# --- the gate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GateStatus:
    """What SAFEGUARDING_BEFORE_ENFORCEMENT knows about a person. Holds no content."""

    child: bool
    open_concern: bool  # a concern with no review since
    concern_on_record: bool
    review_decision: str  # the latest covering review's decision, or ""
    reviewed_on: date | None

    @property
    def allows_enforcement(self) -> bool:
        if self.open_concern:
            return False
        if self.child and not self.review_decision:
            return False
        return self.review_decision != Review.Decision.DO_NOT_PROCEED


def gate_status(*, person_id: uuid.UUID, person_age: int | None) -> GateStatus:
    """For the rule and the status panel (no access event: it returns no content)."""
    screenings = Screening.objects.filter(person_id=person_id).order_by("-created_at")
    latest = screenings.first()
    concern = screenings.filter(outcome__in=CONCERN_OUTCOMES).first()
    if person_age is not None:
        child = person_age < 18
    else:
        child = latest is not None and latest.age_band == AgeBand.CHILD
    reviews = Review.objects.filter(person_id=person_id).order_by("-created_at")
    covering = reviews.filter(screening=concern).first() if concern is not None else reviews.first()
    return GateStatus(
        child=child,
        open_concern=concern is not None and covering is None,
        concern_on_record=concern is not None,
        review_decision=covering.decision if covering else "",
        reviewed_on=covering.decided_on if covering else None,
    )


# --- lists for the safeguarding team -------------------------------------------------------


def open_concerns(*, actor: Actor) -> list[Screening]:
    """The latest concerning screening of each person with no review since: the queue."""
    if not is_safeguarding_lead(actor):
        return []
    latest: dict[uuid.UUID, Screening] = {}
    for screening in Screening.objects.filter(outcome__in=CONCERN_OUTCOMES).order_by("-created_at")[
        :500
    ]:
        latest.setdefault(screening.person_id, screening)
    reviewed = set(
        Review.objects.filter(screening__in=list(latest.values())).values_list(
            "screening_id", flat=True
        )
    )
    queue = [s for s in latest.values() if s.pk not in reviewed]
    return _listed(actor, "screening", queue)


def ms1_records(*, actor: Actor) -> list[DutyRecord]:
    if not is_safeguarding_lead(actor):
        return []
    return _listed(actor, "duty_record", DutyRecord.objects.filter(kind=DutyRecord.Kind.MS1))


@dataclass(frozen=True)
class DutyLine:
    screening: Screening
    met_by: str
    met_at: Any


def duties_report(*, actor: Actor) -> tuple[list[DutyLine], list[DutyLine]]:
    """The Duty to Notify for each potential victim: (met, outstanding)."""
    if not is_safeguarding_lead(actor):
        raise NotFound("duties")
    screenings = _listed(
        actor,
        "screening",
        Screening.objects.filter(outcome="potential_victim").order_by("-created_at")[:1000],
    )
    lines = [DutyLine(s, s.duty_met_by, s.duty_met_at) for s in screenings]
    return [x for x in lines if x.met_by], [x for x in lines if not x.met_by]


def support_agencies() -> QuerySet[Organisation]:
    """Partner organisations a referral may go to (names only: not personal data)."""
    return Organisation.objects.filter(
        kind__in=(Organisation.Kind.SUPPORT_AGENCY, Organisation.Kind.HOUSING_PROVIDER)
    ).order_by("name")


# --- the support agency workspace ------------------------------------------------------------


def agency_ids(actor: Actor) -> list[uuid.UUID]:
    return [org for org, role in actor.memberships if role is Role.SUPPORT_WORKER and org]


def agency_referrals(*, actor: Actor) -> list[Referral]:
    if not can(actor, P.AGENCY_REFERRAL_VIEW):
        return []
    referrals = Referral.objects.filter(agency_id__in=agency_ids(actor)).select_related("agency")
    return _listed(actor, "referral", referrals[:200])


def agency_referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    referral = Referral.objects.select_related("agency").filter(pk=referral_id).first()
    if referral is None or not can(actor, P.AGENCY_REFERRAL_VIEW, referral):
        raise NotFound("referral")
    _logged(actor, "referral", referral)
    return referral


def agency_contacts(*, actor: Actor) -> QuerySet[OutreachContact]:
    if not can(actor, P.OUTREACH_LOG):
        return OutreachContact.objects.none()
    return OutreachContact.objects.filter(agency_id__in=agency_ids(actor))


def agency_shares_information(*, referral: Referral) -> bool:
    """The agency sees the shared information only while information sharing is consented
    to (or the referral rests on a lawful override)."""
    if referral.override:
        return True
    return consent_in_force(
        person_id=referral.person_id, purpose=Purpose.INFORMATION_SHARING
    ) is not None or bool(referral.consent and referral.consent.in_force)


# --- the partnership's numbers ---------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: date
    screenings: int
    concerns: int
    reviews: int
    referrals: int
    nrm: int
    ms1: int
    outreach_contacts: int


def _by_month(queryset: QuerySet, field: str) -> dict[date, int]:
    rows = (
        queryset.annotate(m=TruncMonth(field))
        .values("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    out: dict[date, int] = {}
    for month, n in rows:
        key = month.date() if hasattr(month, "date") else month
        key = key.replace(day=1)
        out[key] = out.get(key, 0) + n
    return out


def partnership_numbers(*, actor: Actor) -> list[MonthRow]:
    """Counts by month, no names and no ids: for every staff member of the partnership."""
    if not can(actor, P.SAFEGUARDING_STATS_VIEW):
        raise NotFound("numbers")
    screenings = _by_month(Screening.objects.all(), "observed_at")
    concerns = _by_month(Screening.objects.filter(outcome__in=CONCERN_OUTCOMES), "observed_at")
    reviews = _by_month(Review.objects.all(), "decided_on")
    referrals = _by_month(Referral.objects.all(), "sent_at")
    nrm = _by_month(DutyRecord.objects.filter(kind=DutyRecord.Kind.NRM), "month")
    ms1 = _by_month(DutyRecord.objects.filter(kind=DutyRecord.Kind.MS1), "month")
    contacts = _by_month(OutreachContact.objects.all(), "contacted_on")
    months = sorted(
        set(screenings) | set(reviews) | set(referrals) | set(nrm) | set(ms1) | set(contacts),
        reverse=True,
    )
    return [
        MonthRow(
            month=m,
            screenings=screenings.get(m, 0),
            concerns=concerns.get(m, 0),
            reviews=reviews.get(m, 0),
            referrals=referrals.get(m, 0),
            nrm=nrm.get(m, 0),
            ms1=ms1.get(m, 0),
            outreach_contacts=contacts.get(m, 0),
        )
        for m in months[:36]
    ]


def people_screened_in_case(*, case_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids only (for the case page's status panel): people screened in this case."""
    ids = Screening.objects.filter(case_id=case_id).values_list("person_id", flat=True)
    return list(dict.fromkeys(ids))[:20]
