"""The report journey's state: what the resident has answered so far, kept in the session
(never in URLs), and which page comes next. Pages live in views/journey.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from lantern.core.actor import Actor
from lantern.reports.models import Category, Report
from lantern.reports.selectors import category_list
from lantern.reports.services import ReportInput

SESSION_KEY = "reports_journey"
SENT_KEY = "reports_journey_sent"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # the summary key on "check your answers"


WHAT = Step("what", "What happened")
WHERE = Step("where", "Where")
WHEN = Step("when", "When")
DESCRIPTION = Step("description", "Description")
PEOPLE = Step("people-and-vehicles", "People and vehicles")
QUESTIONS = Step("more-questions", "More about it")
EVIDENCE = Step("evidence", "Evidence")
CONTACT = Step("contact", "How to contact you")
STEPS = (WHAT, WHERE, WHEN, DESCRIPTION, PEOPLE, QUESTIONS, EVIDENCE, CONTACT)
BY_SLUG = {step.slug: step for step in STEPS}


class Journey:
    """A thin wrapper over the session's dict of answers."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session
        self.data: dict[str, Any] = session.get(SESSION_KEY) or {}

    def save(self, **answers: Any) -> None:
        self.data.update(answers)
        self.session[SESSION_KEY] = self.data
        self.session.modified = True

    def reset(self) -> None:
        self.data = {}
        self.session.pop(SESSION_KEY, None)

    @property
    def category(self) -> Category | None:
        code = self.data.get("category")
        return category_list().filter(code=code).first() if code else None

    def applies(self, step: Step, category: Category | None) -> bool:
        if category is None:
            return step is WHAT
        if step is PEOPLE:
            return category.asks_about_people or category.asks_about_vehicles
        if step is QUESTIONS:
            return bool(category.extra_questions)
        return True

    def done(self, step: Step) -> bool:
        keys = {
            WHAT: "category",
            WHERE: "where_done",
            WHEN: "occurred_from",
            DESCRIPTION: "description",
            PEOPLE: "people_done",
            QUESTIONS: "answers",
            EVIDENCE: "evidence_seen",
            CONTACT: "contact",
        }
        return keys[step] in self.data

    def steps(self, category: Category | None) -> list[Step]:
        return [step for step in STEPS if self.applies(step, category)]

    def first_missing(self, category: Category | None) -> Step | None:
        for step in self.steps(category):
            if not self.done(step):
                return step
        return None

    def after(self, step: Step, category: Category | None) -> Step | None:
        steps = self.steps(category)
        index = steps.index(step) if step in steps else -1
        for later in steps[index + 1 :]:
            if not self.done(later):
                return later
        return None

    def before(self, step: Step, category: Category | None) -> Step | None:
        steps = self.steps(category)
        if step not in steps or steps.index(step) == 0:
            return None
        return steps[steps.index(step) - 1]

    def to_input(self, actor: Actor, category: Category) -> ReportInput:
        d = self.data
        anonymous = d.get("contact") == "anonymous"
        return ReportInput(
            category_code=category.code,
            latitude=d.get("latitude"),
            longitude=d.get("longitude"),
            address=d.get("address", ""),
            occurred_from=datetime.fromisoformat(d["occurred_from"]),
            occurred_to=datetime.fromisoformat(d["occurred_to"]) if d.get("occurred_to") else None,
            description=d.get("description", ""),
            people_description=d.get("people_description", "")
            if category.asks_about_people
            else "",
            vehicles=list(d.get("vehicles", [])) if category.asks_about_vehicles else [],
            answers={
                q["code"]: d.get("answers", {}).get(q["code"], "") for q in category.extra_questions
            },
            anonymous=anonymous,
            contact=Report.Contact.NONE if anonymous else d.get("contact", Report.Contact.NONE),
            contact_email="" if anonymous else d.get("contact_email", ""),
            contact_phone="" if anonymous else d.get("contact_phone", ""),
            source=Report.Source.WEB,
        )
