"""Data-version stamps (lantern/core/data_versions.py): one counter per source and
partnership, 0 until the first write, moved on by each bump and by nothing else."""

import uuid

import pytest

from lantern.core.data_versions import POLICEUK, REPORTS, data_version_bump, data_versions

pytestmark = pytest.mark.django_db


def test_stamps_start_at_nought_and_move_on_with_each_bump():
    ours, theirs = uuid.uuid4(), uuid.uuid4()
    assert data_versions(source=REPORTS, partnership_ids=[ours, theirs]) == {
        str(ours): 0,
        str(theirs): 0,
    }
    data_version_bump(source=REPORTS, partnership_id=ours)
    data_version_bump(source=REPORTS, partnership_id=ours)
    data_version_bump(source=POLICEUK)
    assert data_versions(source=REPORTS, partnership_ids=[ours, theirs]) == {
        str(ours): 2,
        str(theirs): 0,
    }
    assert data_versions(source=POLICEUK, partnership_ids=[None]) == {"": 1}
    assert data_versions(source=POLICEUK, partnership_ids=[ours]) == {str(ours): 0}
