"""The case page's task list (GOV.UK task list component): the steps towards lawful
enforcement on a case, each with its status, in the order the law and Lantern's policy put
them: who the case is about, the evidence, the safeguarding check, a written warning, then
a notice (ASBCPA 2014 s.43(5): a notice only after a warning and the time it gave)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from govuk_frontend_django.components.task_list import GovUKTaskList

from lantern.cases import selectors
from lantern.cases.models import ActionKind, ActionState, Case, EnforcementAction

K = ActionKind
S = ActionState
DONE = {"text": "Completed"}
CANNOT_START = {"text": "Cannot start yet", "classes": "govuk-task-list__status--cannot-start-yet"}


def _tag(text: str, colour: str = "blue") -> dict[str, Any]:
    return {"tag": {"text": text, "classes": f"govuk-tag--{colour}"}}


def _task(title: str, status: dict[str, Any], href: str = "", hint: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {"title": {"text": title}, "status": status}
    if href:
        item["href"] = href
    if hint:
        item["hint"] = {"text": hint}
    return item


def _day(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _action_status(action: EnforcementAction) -> dict[str, Any]:
    if action.state == S.DRAFT:
        return _tag("Waiting for approval", "yellow")
    if action.state == S.APPROVED:
        return _tag("Approved: to serve")
    if action.state in (S.SERVED, S.COMPLIED, S.BREACHED, S.APPEALED, S.EXPIRED):
        return {"text": f"{action.get_state_display()} (served {_day(action.served_on)})"}
    return _tag("Withdrawn", "grey")


def _action_task(
    case: Case, kind: str, actions: Sequence[EnforcementAction], manage: bool, ready: bool
) -> dict[str, Any]:
    """The latest action of ``kind`` not withdrawn (else the latest), or a link to draft one
    where it may be drafted now."""
    mine = [a for a in actions if a.kind == kind]
    live = [a for a in mine if a.state != S.WITHDRAWN] or mine
    title = str(K(kind).label)
    if live:
        latest = max(live, key=lambda a: a.created_at)
        return _task(
            title,
            _action_status(latest),
            reverse("cases:action", args=[latest.pk]),
            hint=f"To {latest.addressee_label}" if latest.addressee_label else "",
        )
    if not ready:
        return _task(title, CANNOT_START)
    href = f"{reverse('cases:action-new', args=[case.pk])}?kind={kind}" if manage else ""
    return _task(title, _tag("Not yet started"), href)


def case_tasks(
    *,
    case: Case,
    subjects: Sequence[Any],
    actions: Sequence[EnforcementAction],
    has_evidence: bool,
    manage: bool,
) -> GovUKTaskList:
    """The task list for ``case``, as the reader may act on it (links to write pages only
    for those who manage the case)."""
    people = [s for s in subjects if s.person_id or s.body_id]
    subjects_task = _task(
        "People, vehicles and organisations",
        DONE if subjects else _tag("Not yet started"),
        reverse("cases:person-new", args=[case.pk]) if manage and not subjects else "",
        hint=f"{len(subjects)} linked" if subjects else "Who the case is about",
    )
    evidence_task = _task(
        "Reports and evidence",
        DONE if has_evidence else _tag("Not yet started"),
        reverse("evidence:case-exhibits", args=[case.pk]) if manage and has_evidence else "",
        hint="What a warning or notice rests on",
    )
    holds = selectors.safeguarding_holds(case=case, kind=K.CPW) if people else []
    if not people:
        safeguarding = _task("Safeguarding check", CANNOT_START, hint="No one is linked yet")
    elif holds:
        first = holds[0]
        href = reverse("cases:person", args=[first.person_id]) if first.person_id else ""
        names = ", ".join(h.label for h in holds)
        safeguarding = _task(
            "Safeguarding check",
            _tag("Waiting for a review", "yellow"),
            href,
            hint=f"A safeguarding lead must review: {names}",
        )
    else:
        safeguarding = _task(
            "Safeguarding check",
            DONE,
            hint="Nothing holds a warning or notice to the people on the case",
        )
    warned = any(
        a.kind == K.CPW and a.state in (S.SERVED, S.COMPLIED, S.BREACHED, S.EXPIRED)
        for a in actions
    )
    ready = bool(people) and has_evidence
    items: Any = [
        subjects_task,
        evidence_task,
        safeguarding,
        _action_task(case, K.CPW, actions, manage, ready),
        _action_task(case, K.CPN, actions, manage, ready and warned),
    ]
    return GovUKTaskList(idPrefix="case-tasks", items=items)
