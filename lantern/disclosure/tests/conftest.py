"""A case with one piece of material of each record class, built through the real services:
a resident's report with two doorbell clips (one given exhibit reference RP/1), a drafted
Community Protection Warning, a safeguarding screening of the case's person, and an
intelligence report that mentions them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from lantern.cases import services as case_services
from lantern.cases.tests.conftest import (  # noqa: F401 - fixtures used by these tests
    case,
    cpw_input,
    linked_report,
    make_report,
    officer,
    person,
    resident,
    supervisor,
)
from lantern.core.actor import ANONYMOUS, SYSTEM
from lantern.evidence import services as evidence_services
from lantern.evidence.tests.factories import clip, upload_bytes
from lantern.intelligence import services as intelligence_services
from lantern.intelligence.services import Grading
from lantern.safeguarding.tests.factories import screen


@dataclass
class World:
    case: Any
    person: Any
    report: Any
    exhibit: Any  # the clip given reference RP/1
    other_clip: Any
    action: Any
    screening: Any
    intelligence: Any


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def world(media, officer, case, person, linked_report) -> World:  # noqa: F811
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=linked_report.pk
    )
    first, second = (
        upload_bytes(actor=ANONYMOUS, data=clip(), token=token, metadata={"filename": name}).item
        for name in ("doorbell-1.mp4", "doorbell-2.mp4")
    )
    evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=first.pk, initials="RP"
    )
    action = case_services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    screening = screen(officer, person.pk)
    entity = intelligence_services.entity_for_person(actor=officer, person_id=person.pk)
    intelligence = intelligence_services.report_record(
        actor=officer,
        text="Subject seen at the corner most nights",
        grading=Grading("2", "B", "P"),
        mentions=[entity.pk],
    )
    return World(case, person, linked_report, first, second, action, screening, intelligence)
