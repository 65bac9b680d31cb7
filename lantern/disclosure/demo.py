"""Demo disclosure: the demo resident's doorbell clip on the place-based case, as exhibit
PDM/1, with a redacted copy (a passer-by blurred as they cross the doorway: a box on two
keyframes) and the case's disclosure schedules drafted from the record, not yet confirmed.
Runs after the cases and evidence demos (INSTALLED_APPS order), through the real services;
the copy is made here, at once (a three-second clip), so the demo shows it without waiting for
the worker. Idempotent: a second run changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from lantern.accounts.selectors import actor_for
from lantern.cases import selectors as case_selectors
from lantern.cases import services as case_services
from lantern.cases.demo import PLACE_TITLE
from lantern.core import directory
from lantern.core.actor import SYSTEM
from lantern.core.demo import DEMO_DOMAIN
from lantern.disclosure import services
from lantern.evidence import selectors as evidence_selectors
from lantern.evidence import services as evidence_services
from lantern.evidence.redaction import selectors as redaction_selectors
from lantern.evidence.redaction import services as redaction_services
from lantern.evidence.redaction.geometry import Box
from lantern.evidence.redaction.models import Redaction

CLIP = "front-door-2026-11-01.mp4"  # lantern/evidence/demo.py
REASON = "A passer-by crosses the doorway: not part of the report. For the defence's bundle."


def _box(redaction: Redaction, at: float) -> Box:
    """Where the passer-by of the synthetic clip (lantern/evidence/synthetic.py) is at ``at``
    seconds: they cross from left to right at 60% of the picture's height."""
    w, h = max(8, redaction.width // 6), max(8, redaction.height // 3)
    share = at / redaction.seconds if redaction.seconds else 0.0
    x = round(share * redaction.width - w / 2)
    y = round(redaction.height * 0.6 - h / 2)
    return Box(min(max(0, x), redaction.width - w), min(max(0, y), redaction.height - h), w, h)


def seed(*, out: Any) -> None:
    from lantern.evidence.redaction.render import redaction_render  # PyAV, only when seeding

    users = get_user_model().objects
    user = users.filter(email=f"police_officer@{DEMO_DOMAIN}").first()
    resident = users.filter(email=f"resident@{DEMO_DOMAIN}").first()
    if user is None or resident is None:
        out.write("Disclosure demo skipped: the demo users are missing.\n")
        return
    officer = actor_for(user, verified=True)
    case = case_selectors.case_list(actor=officer).filter(title=PLACE_TITLE).first()
    reports = directory.own_reports(actor_for(resident, verified=True))
    if case is None or not reports:
        out.write("Disclosure demo skipped: the demo case or the resident's report is missing.\n")
        return
    report_id = reports[-1].id  # their first report, with their files (evidence/demo.py)
    clip = (
        evidence_selectors.items_for_case(actor=officer, case_id=case.pk, report_ids=[report_id])
        .filter(filename=CLIP)
        .first()
    )
    if clip is None:
        out.write("Disclosure demo skipped: the resident's doorbell clip is missing.\n")
        return
    if redaction_selectors.redactions_of(actor=officer, item=clip).exists():
        return
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report_id)
    evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=clip.pk, initials="PDM"
    )
    redaction = redaction_services.redaction_create(
        actor=officer, item_id=clip.pk, reason=REASON, style=Redaction.Style.BLUR
    )
    end = max(0.0, redaction.seconds - 1 / (redaction.frame_rate or 10))
    redaction_services.region_add(
        actor=officer,
        redaction_id=redaction.pk,
        data=redaction_services.RegionInput(
            label="other",
            box=_box(redaction, 0.0),
            start=0.0,
            end=round(end, 2),
            end_box=_box(redaction, end),
        ),
    )
    redaction_services.render_ask(actor=officer, redaction_id=redaction.pk)
    # The worker's part, at once; the task queued on commit finds the copy made.
    copy = redaction_render(actor=SYSTEM, redaction_id=redaction.pk)
    added = services.schedule_draft(actor=officer, case_id=case.pk)
    out.write(
        f"Disclosure: the resident's doorbell clip is exhibit PDM/1 with "
        f"{'a redacted copy' if copy else 'no redacted copy (it could not be made)'}; "
        f"{added} lines of the place-based case's schedules drafted.\n"
    )
