"""The police.uk importer against the real shared files and small hand-made ones."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.analytics import importer, services
from lantern.analytics.models import PoliceUkRecord
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM
from lantern.core.errors import PermissionDenied, ValidationFailed

# The table in shared/data/policeuk/README.md: rows, Southend rows, ASB all / Southend,
# no-location rows.
README_TABLE = {
    "2018-01-essex-street.csv": (14786, 1868, 3420, 496, 2),
    "2018-02-essex-street.csv": (13752, 1703, 3238, 428, 0),
    "2018-03-essex-street.csv": (16014, 2072, 3878, 566, 17),
    "2018-04-essex-street.csv": (16709, 2117, 4194, 587, 48),
    "2018-05-essex-street.csv": (17618, 2226, 4525, 675, 16),
    "2018-06-essex-street.csv": (17473, 2308, 4627, 611, 62),
    "2018-07-essex-street.csv": (18713, 2591, 4868, 783, 73),
}
ASB = "Anti-social behaviour"
OFFICIAL = importer.OFFICIAL_HEADER
SNAKE = (
    "crime_id,month,reported_by,falls_within,longitude,latitude,location,lsoa_code,lsoa_name,"
    "crime_type,last_outcome_category,context"
)


def _run(*paths: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "policeuk", *map(str, paths), "--json", stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.mark.django_db(transaction=False)
def test_seven_real_files_match_the_readme_and_reimport_adds_none(policeuk_paths):
    first = _run(*policeuk_paths)
    assert first["read"] == 115065
    assert first["imported"] == 115065
    assert first["duplicates"] == 0
    assert first["no_location"] == sum(v[4] for v in README_TABLE.values())
    assert first["bad_rows"] == 0
    for entry in first["files"]:
        rows, _, _, _, no_location = README_TABLE[entry["file"]]
        assert (entry["read"], entry["imported"], entry["no_location"]) == (
            rows,
            rows,
            no_location,
        )
    for name, (rows, southend, asb, asb_southend, no_location) in README_TABLE.items():
        month = dt.date(2018, int(name[5:7]), 1)
        records = PoliceUkRecord.objects.filter(month=month)
        assert records.count() == rows
        assert records.filter(lsoa_name__startswith="Southend-on-Sea").count() == southend
        assert records.filter(crime_type=ASB).count() == asb
        asb_here = records.filter(crime_type=ASB, lsoa_name__startswith="Southend-on-Sea")
        assert asb_here.count() == asb_southend
        assert records.filter(longitude__isnull=True).count() == no_location
    # ASB rows have no Crime ID and are all kept.
    assert PoliceUkRecord.objects.filter(crime_type=ASB, crime_id="").count() == sum(
        v[2] for v in README_TABLE.values()
    )
    assert PoliceUkRecord.objects.values("crime_type").distinct().count() == 14

    second = _run(*policeuk_paths)
    assert second["read"] == 115065
    assert second["imported"] == 0
    assert second["duplicates"] == 115065
    assert PoliceUkRecord.objects.count() == 115065
    assert AuditEvent.objects.filter(action=services.POLICEUK_IMPORTED).count() == 14


def _write(tmp_path: Path, name: str, text: str, newline: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode())
    return path


ROWS = """\
abc1,2018-01,Essex Police,Essex Police,0.711,51.541,On or near Larkspur Row,E01,Eastmere 001A,Burglary,Under investigation,
,2018-01,Essex Police,Essex Police,0.712,51.542,On or near Park,E01,Eastmere 001A,Anti-social behaviour,,
,2018-01,Essex Police,Essex Police,0.712,51.542,On or near Park,E01,Eastmere 001A,Anti-social behaviour,,
,2018-01,Essex Police,Essex Police,,,No Location,,,Anti-social behaviour,,
abc2,2018-13,Essex Police,Essex Police,0.7,51.5,On or near X,E01,Eastmere 001A,Burglary,,
abc3,2018-01,Essex Police,Essex Police,north,51.5,On or near X,E01,Eastmere 001A,Burglary,,
abc4,2018-01,Essex Police
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("header", [OFFICIAL, SNAKE])
@pytest.mark.django_db
def test_both_headers_both_line_endings_bad_rows_by_line(tmp_path, header, newline):
    path = _write(tmp_path, "small.csv", header + "\n" + ROWS, newline)
    result = _run(path)
    assert result["read"] == 7
    # Two identical ASB rows are two incidents; the No Location row is kept and counted.
    assert result["imported"] == 4
    assert result["no_location"] == 1
    assert result["bad_rows"] == 3
    assert result["files"][0]["bad_lines"] == [6, 7, 8]
    assert PoliceUkRecord.objects.filter(crime_type=ASB).count() == 3
    kept = PoliceUkRecord.objects.get(crime_id="abc1")
    assert (kept.longitude, kept.latitude, kept.month) == (0.711, 51.541, dt.date(2018, 1, 1))
    assert kept.location == "On or near Larkspur Row"
    again = _run(path)
    assert (again["imported"], again["duplicates"]) == (0, 4)


@pytest.mark.django_db
def test_the_same_rows_under_the_other_header_are_duplicates(tmp_path):
    a = _write(tmp_path, "a.csv", OFFICIAL + "\n" + ROWS, "\r\n")
    b = _write(tmp_path, "b.csv", SNAKE + "\n" + ROWS, "\n")
    assert _run(a)["imported"] == 4
    assert _run(b)["imported"] == 0


@pytest.mark.django_db
def test_bad_rows_are_reported_on_stderr_with_line_numbers(tmp_path):
    path = _write(tmp_path, "small.csv", OFFICIAL + "\n" + ROWS, "\n")
    err = io.StringIO()
    call_command("import", "policeuk", str(path), stdout=io.StringIO(), stderr=err)
    text = err.getvalue()
    assert "small.csv: line 6: month '2018-13' is not YYYY-MM" in text
    assert "small.csv: line 7: longitude/latitude" in text
    assert "small.csv: line 8: expected 12 columns, found 3" in text


@pytest.mark.django_db
def test_a_file_without_a_police_uk_header_is_refused(tmp_path):
    path = _write(tmp_path, "other.csv", "a,b,c\n1,2,3\n", "\n")
    with pytest.raises(CommandError, match=r"line 1 is not a police\.uk street-level header"):
        _run(path)
    assert PoliceUkRecord.objects.count() == 0


@pytest.mark.django_db
def test_only_analysts_and_admins_may_import(tmp_path, make_user):
    from conftest import actor_of
    from lantern.core.actor import Role

    path = _write(tmp_path, "small.csv", OFFICIAL + "\n" + ROWS, "\n")
    with pytest.raises(PermissionDenied):
        services.policeuk_import(actor=actor_of(make_user(Role.POLICE_OFFICER)), path=path)
    batch, bad = services.policeuk_import(actor=actor_of(make_user(Role.ANALYST)), path=path)
    assert (batch.imported, len(bad)) == (4, 3)


@pytest.mark.django_db
def test_a_missing_file_is_a_validation_error(tmp_path):
    with pytest.raises(ValidationFailed):
        services.policeuk_import(actor=SYSTEM, path=tmp_path / "absent.csv")


def test_quoted_fields_with_commas_parse():
    text = (
        OFFICIAL
        + '\r\nx1,2018-02,E,E,0.1,51.1,"On or near A, B",E01,L 001A,Robbery,,"ctx, more"\r\n'
    )
    result = importer.parse_text(text)
    assert result.read == 1
    assert result.rows[0].values["location"] == "On or near A, B"
    assert result.rows[0].values["context"] == "ctx, more"
