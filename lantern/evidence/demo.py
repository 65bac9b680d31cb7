"""Demo evidence: short synthetic doorbell and CCTV clips (PyAV) and street photos (Pillow)
handed over by the demo resident through the real upload services, one derived playable copy,
and one signed witness statement, all about the demo resident's first report (so in that
report's partnership). Idempotent: a second run changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model

from lantern.accounts.demo import demo_email
from lantern.accounts.selectors import actor_for
from lantern.core import directory
from lantern.core.actor import Role
from lantern.core.demo import DEMO_PASSWORD
from lantern.core.errors import ValidationFailed
from lantern.evidence import scope, statements
from lantern.evidence.models import EvidenceItem, LinkKind, Statement
from lantern.evidence.synthetic import clip_mp4, photo_jpeg
from lantern.evidence.uploads import upload_append, upload_create

ITEMS = [
    ("front-door-2026-11-01.mp4", "doorbell", "yes", lambda: clip_mp4(seconds=3, seed=1)),
    ("yard-camera-2026-11-03.mp4", "cctv", "no", lambda: clip_mp4(seconds=4, seed=2)),
    ("litter-by-the-lamp-post.jpg", "phone", "no", lambda: photo_jpeg(seed=3)),
    ("kerb-at-night.jpg", "phone", "no", lambda: photo_jpeg(seed=4)),
]

STATEMENT_BODY = (
    "I live on Larkspur Row, Eastmere. On the evening of 1 November 2026, at about 21:30, I "
    "was at home when my doorbell camera recorded a silver hatchback stopping outside number "
    "4 for about two minutes with its engine running. The driver called out to someone on "
    "the pavement and then drove off towards the junction. I have handed over the recording "
    "from my doorbell camera through Lantern. The clock on my doorbell "
    "camera was correct at the time."
)


def _hand_over(
    actor: Any, report_id: uuid.UUID, name: str, device: str, audio: str, data: bytes
) -> None:
    upload = upload_create(
        actor=actor,
        length=len(data),
        metadata={"filename": name, "device_kind": device, "audio": audio,
                  "captured_at": "2026-11-01T21:30:00",
                  "link_kind": LinkKind.REPORT, "link_id": str(report_id)},
    )  # fmt: skip
    view = memoryview(data)
    at = {"n": 0}

    def read(n: int) -> bytes:
        chunk = bytes(view[at["n"] : at["n"] + n])
        at["n"] += len(chunk)
        return chunk

    upload_append(actor=actor, upload=upload, offset=0, read=read, content_length=len(data))


def seed(*, out: Any) -> None:
    user = get_user_model().objects.filter(email=demo_email(Role.RESIDENT)).first()
    if user is None:
        return
    actor = actor_for(user, verified=True)
    reports = directory.own_reports(actor)
    if not reports:
        out.write("evidence: the demo resident has made no report to hand evidence over for\n")
        return
    report_id = reports[-1].id  # their first report
    try:
        scope.link_partnership(LinkKind.REPORT, report_id)
    except ValidationFailed:  # the reports app does not say which partnership it is in
        out.write("evidence: the demo resident's report belongs to no partnership yet\n")
        return
    if not EvidenceItem.objects.filter(submitted_by=user.pk).exists():
        for name, device, audio, make in ITEMS:
            _hand_over(actor, report_id, name, device, audio, make())
        out.write(f"evidence: {len(ITEMS)} items handed over by the demo resident\n")
    if not Statement.objects.filter(witness_id=user.pk).exists():
        statement = statements.statement_start(
            actor=actor,
            witness_name=user.display_name,
            link_kind=LinkKind.REPORT,
            link_id=report_id,
        )
        statements.statement_update(
            actor=actor,
            statement_id=statement.pk,
            body=STATEMENT_BODY,
            willing_to_attend_court=True,
            no_dates_to_avoid=True,
            special_measures="",
            consent_share_contact=True,
        )
        statements.statement_sign(
            actor=actor,
            statement_id=statement.pk,
            typed_name=user.display_name,
            secret=DEMO_PASSWORD,
            declaration_accepted=True,
        )
        out.write("evidence: one signed witness statement (MG11)\n")
