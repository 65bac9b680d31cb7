"""A disclosure bundle (lantern/evidence/bundles) carries the schedules revealed to the
prosecutor: all three for the prosecution, never the MG6D for the defence, none before
revelation."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from lantern.core import clock
from lantern.disclosure import services
from lantern.disclosure.tests.test_schedules import confirm_all
from lantern.evidence.bundles import services as bundles

pytestmark = pytest.mark.django_db


def documents(officer, case, recipient, tmp_path) -> list[str]:
    out = tmp_path / f"{recipient}.zip"
    with out.open("wb") as handle:
        bundles.bundle_write(actor=officer, case_id=case.pk, recipient=recipient, out=handle)
    with zipfile.ZipFile(out) as bundle:
        return sorted(n for n in bundle.namelist() if n.startswith("documents/"))


def test_bundles_carry_the_revealed_schedules(officer, world, tmp_path):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    assert documents(officer, world.case, "prosecution", tmp_path) == []

    confirm_all(officer, world.case)
    services.revelation_record(
        actor=officer, case_id=world.case.pk, happened_on=clock.now().date() - dt.timedelta(1)
    )
    assert documents(officer, world.case, "prosecution", tmp_path) == [
        "documents/MG12.pdf",
        "documents/MG6C.pdf",
        "documents/MG6D.pdf",
        "documents/MG6E.pdf",
    ]
    assert documents(officer, world.case, "defence", tmp_path) == [
        "documents/MG12.pdf",
        "documents/MG6C.pdf",
    ]
