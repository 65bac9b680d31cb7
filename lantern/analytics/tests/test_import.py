"""The police.uk importer against the extract in the repository (real data) and small
hand-made files."""

from __future__ import annotations

import datetime as dt
import gzip
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

AREAS = ("Southend-on-Sea", "Castle Point", "Rochford")
# The table in lantern/analytics/data/policeuk/README.md: rows per area, then ASB rows per
# area (the Southend-on-Sea figures are those of the full Essex files).
README_TABLE = {
    "2018-01": ((1868, 524, 446), (496, 108, 110)),
    "2018-02": ((1703, 525, 386), (428, 143, 79)),
    "2018-03": ((2072, 628, 476), (566, 154, 109)),
    "2018-04": ((2117, 627, 477), (587, 192, 118)),
    "2018-05": ((2226, 627, 479), (675, 187, 139)),
    "2018-06": ((2308, 694, 486), (611, 212, 136)),
    "2018-07": ((2591, 684, 507), (783, 208, 110)),
}
TOTAL = 22451
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
def test_the_extract_matches_its_readme_and_reimport_adds_none(policeuk_paths):
    first = _run(*policeuk_paths)
    assert (first["read"], first["imported"], first["duplicates"]) == (TOTAL, TOTAL, 0)
    assert (first["no_location"], first["bad_rows"]) == (0, 0)
    for entry, (month, (rows, _)) in zip(first["files"], README_TABLE.items(), strict=True):
        assert entry["file"].startswith(month)
        assert entry["read"] == entry["imported"] == sum(rows)
    for month, (rows, asb) in README_TABLE.items():
        records = PoliceUkRecord.objects.filter(month=dt.date.fromisoformat(f"{month}-01"))
        assert records.count() == sum(rows)
        for area, area_rows, area_asb in zip(AREAS, rows, asb, strict=True):
            here = records.filter(lsoa_name__startswith=f"{area} ")
            assert (here.count(), here.filter(crime_type=ASB).count()) == (area_rows, area_asb)
    assert PoliceUkRecord.objects.values("crime_type").distinct().count() == 14

    second = _run(*policeuk_paths)
    assert (second["read"], second["imported"], second["duplicates"]) == (TOTAL, 0, TOTAL)
    assert PoliceUkRecord.objects.count() == TOTAL
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
def test_a_gzipped_file_reads_as_the_plain_one(tmp_path):
    plain = _write(tmp_path, "small.csv", OFFICIAL + "\n" + ROWS, "\r\n")
    packed = tmp_path / "small.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    result = _run(packed)
    assert (result["read"], result["imported"], result["bad_rows"]) == (7, 4, 3)
    assert result["files"][0]["bad_lines"] == [6, 7, 8]
    assert _run(plain)["duplicates"] == 4


@pytest.mark.django_db
def test_a_gzipped_file_that_does_not_decompress_is_refused(tmp_path):
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(gzip.compress((OFFICIAL + "\n" + ROWS).encode())[:40])
    with pytest.raises(CommandError, match="gzip'd but does not decompress"):
        _run(broken)
    assert PoliceUkRecord.objects.count() == 0


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
def test_a_nul_character_is_a_bad_row_and_the_import_goes_on(tmp_path):
    """PostgreSQL text cannot hold NUL: the row is reported by its line, the others kept."""
    good = ROWS.splitlines()[0]
    nul = good.replace("abc1", "abc9").replace("Larkspur", "Lark\x00spur")
    path = _write(tmp_path, "nul.csv", "\n".join([OFFICIAL, nul, good, ""]), "\n")
    err = io.StringIO()
    call_command("import", "policeuk", str(path), "--json", stdout=io.StringIO(), stderr=err)
    assert "nul.csv: line 2: location contains a NUL character" in err.getvalue()
    result = _run(path)  # again: the good row is a duplicate, the NUL row still bad
    assert (result["read"], result["bad_rows"], result["duplicates"]) == (2, 1, 1)
    assert result["files"][0]["bad_lines"] == [2]
    assert list(PoliceUkRecord.objects.values_list("crime_id", flat=True)) == ["abc1"]


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
