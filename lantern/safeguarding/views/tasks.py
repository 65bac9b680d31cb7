"""The task list on a person's safeguarding page (the GOV.UK Design System's task list):
screening, consent, referral, the Duty to Notify and the review, each with its status, as
far as the records the actor may see tell it, and a link to the next step where the actor
may take it (else to the latest record)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from govuk_frontend_django.components.task_list import GovUKTaskList

from lantern.safeguarding.models import Outcome
from lantern.safeguarding.selectors import PersonRecords
from lantern.safeguarding.views.common import when

COMPLETED = {"text": "Completed"}
NOT_NEEDED = {"text": "Not needed", "classes": "govuk-task-list__status--cannot-start-yet"}


def _tag(text: str, colour: str = "blue") -> dict[str, Any]:
    return {"tag": {"text": text, "classes": f"govuk-tag--{colour}"}}


@dataclass(frozen=True)
class Task:
    title: str
    status: dict[str, Any]
    hint: str = ""
    href: str = ""

    def item(self) -> dict[str, Any]:
        item: dict[str, Any] = {"title": {"text": self.title}, "status": self.status}
        if self.hint:
            item["hint"] = {"text": self.hint}
        if self.href:
            item["href"] = self.href
        return item


@dataclass(frozen=True)
class Steps:
    """Which steps the actor may take for this person (their own partnership's staff)."""

    screen: bool
    lead: bool


def _screening(records: PersonRecords, person_id, steps: Steps) -> Task:
    new = reverse("safeguarding:screening-new", args=[person_id]) if steps.screen else ""
    if not records.screenings:
        return Task("Screening", _tag("Not yet started"), href=new)
    latest = records.screenings[0]
    return Task(
        "Screening",
        COMPLETED,
        hint=f"Latest: {latest.get_outcome_display()}, {when(latest.observed_at)}",
        href=reverse("safeguarding:screening", args=[latest.pk]),
    )


def _consent(records: PersonRecords, person_id, steps: Steps) -> Task:
    new = reverse("safeguarding:consent-new", args=[person_id]) if steps.lead else ""
    if not records.consents:
        return Task("Consent", _tag("Not yet started"), href=new)
    latest: dict[str, Any] = {}
    for consent in records.consents:  # newest first: the first of each purpose
        latest.setdefault(consent.purpose, consent)
    hint = "; ".join(
        f"{c.get_purpose_display()}: {'in force' if c.in_force else 'not given or withdrawn'}"
        for c in latest.values()
    )
    return Task("Consent", COMPLETED, hint=hint, href=new)


def _referral(records: PersonRecords, person_id, steps: Steps) -> Task:
    new = reverse("safeguarding:referral-new", args=[person_id]) if steps.lead else ""
    if not records.referrals:
        return Task("Referral", _tag("Not yet started"), href=new)
    latest = records.referrals[0]
    to = latest.agency.name if latest.agency else latest.get_kind_display()
    return Task(
        "Referral",
        COMPLETED,
        hint=f"Latest: to {to}, {latest.get_status_display().lower()}, {when(latest.sent_at)}",
        href=reverse("safeguarding:referral", args=[latest.pk]),
    )


def _duty(records: PersonRecords, steps: Steps) -> Task:
    title = "NRM or Duty to Notify"
    victims = [s for s in records.screenings if s.outcome == Outcome.POTENTIAL_VICTIM]
    if not victims:
        return Task(title, NOT_NEEDED, hint="Only for a potential victim of modern slavery")
    outstanding = [s for s in victims if not s.duty_met_by]
    if outstanding:
        href = reverse("safeguarding:duty-new", args=[outstanding[0].pk]) if steps.lead else ""
        return Task(title, _tag("To do", "red"), hint="Modern Slavery Act 2015 s.52", href=href)
    met = victims[0]
    how = "NRM referral" if met.duty_met_by == "nrm" else "MS1 (anonymous)"
    return Task(
        title,
        COMPLETED,
        hint=f"{how}, {when(met.duty_met_on)}",
        href=reverse("safeguarding:screening", args=[met.pk]),
    )


def _review(records: PersonRecords, person_id, steps: Steps, child: bool) -> Task:
    new = reverse("safeguarding:review-new", args=[person_id]) if steps.lead else ""
    concern = next((s for s in records.screenings if s.is_concern), None)
    covering = (
        next((r for r in records.reviews if r.screening_id == concern.pk), None)
        if concern is not None
        else (records.reviews[0] if records.reviews else None)
    )
    if covering is not None:
        return Task(
            "Review",
            COMPLETED,
            hint=f"{covering.get_decision_display()}, {when(covering.decided_on)}",
            href=reverse("safeguarding:review", args=[covering.pk]),
        )
    if concern is not None or child:
        hint = "Before any warning, notice or penalty"
        return Task("Review", _tag("Needed", "red"), hint=hint, href=new)
    return Task("Review", NOT_NEEDED, hint="No concern is on record")


def task_list(
    records: PersonRecords, *, person_id, can_screen: bool, is_lead: bool, child: bool
) -> GovUKTaskList:
    steps = Steps(screen=can_screen, lead=is_lead)
    tasks = [
        _screening(records, person_id, steps),
        _consent(records, person_id, steps),
        _referral(records, person_id, steps),
        _duty(records, steps),
        _review(records, person_id, steps, child),
    ]
    # The GOV.UK macro reads the items as plain dicts (lantern/frontend/components.py).
    items: Any = [t.item() for t in tasks]
    return GovUKTaskList(items=items, idPrefix="safeguarding-task")
