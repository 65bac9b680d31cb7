"""Every model is declared (personal data with regime, basis and rule, or none, with why), and
``lantern dp records`` prints the record of processing activities from the declarations."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test.utils import isolate_apps

from lantern.core import processing
from lantern.core.processing import Regime, Rule
from lantern.dataprotection.records import lantern_models, records_of_processing
from lantern.dataprotection.schedule import RULES


def test_every_lantern_model_is_declared() -> None:
    missing = processing.undeclared(lantern_models())
    assert missing == [], (
        "Declare these models in their app's processing.py (lantern/core/processing.py): "
        + ", ".join(missing)
    )


@isolate_apps("lantern.reports")
def test_a_new_model_without_a_declaration_is_found() -> None:
    class Witness(models.Model):
        name = models.CharField(max_length=100)

        class Meta:
            app_label = "reports"

        def __str__(self) -> str:
            return self.name

    assert processing.undeclared([Witness]) == ["reports.Witness"]


def test_every_rule_a_declaration_names_is_in_the_schedule() -> None:
    assert set(RULES) == set(Rule)
    for record in processing.declarations():
        if record.personal_data:
            assert Rule(record.retention) in RULES, record.model
            assert record.processing, record.model
            assert record.data, record.model
        else:
            assert record.reason, record.model


def test_a_record_class_needs_a_basis_and_a_rule() -> None:
    class Fake:
        class _meta:
            label = "reports.Fake"

    with pytest.raises(ValueError, match="basis"):
        processing.declare(Fake, name="x", data="x", processing=(), retention=Rule.EVIDENCE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="why"):
        processing.no_personal_data(Fake, name="x", reason="")  # type: ignore[arg-type]


def test_dual_regimes_are_declared_by_purpose() -> None:
    """A council processes casework under UK GDPR and prosecution under Part 3 (DOMAIN.md
    7.2); safeguarding is UK GDPR only; intelligence Part 3 only."""
    report = processing.declaration("reports.Report")
    case = processing.declaration("cases.Case")
    screening = processing.declaration("safeguarding.Screening")
    intelligence = processing.declaration("intelligence.IntelligenceReport")
    assert report and case and screening and intelligence
    assert set(report.regimes) == {Regime.UK_GDPR, Regime.DPA_PART_3}
    assert set(case.regimes) == {Regime.UK_GDPR, Regime.DPA_PART_3}
    assert screening.regimes == (Regime.UK_GDPR,)
    assert any("Art. 9(2)(g)" in c for p in screening.processing for c in p.conditions)
    assert intelligence.regimes == (Regime.DPA_PART_3,)
    assert any("s.35" in c for p in intelligence.processing for c in p.conditions)


def test_mopi_groups_are_marked_confirm_locally() -> None:
    for rule_id in (Rule.MOPI_GROUP_1, Rule.MOPI_GROUP_2, Rule.MOPI_GROUP_3):
        assert RULES[rule_id].confirm_locally
        assert "confirm locally" in RULES[rule_id].source


def test_dp_records_json_lists_every_personal_data_model() -> None:
    out = StringIO()
    call_command("dp", "records", "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result == records_of_processing()
    assert result["undeclared"] == []
    by_model = {entry["model"]: entry for entry in result["record_classes"]}
    assert set(by_model) == {m._meta.label for m in lantern_models()}
    report = by_model["reports.Report"]
    assert report["personal_data"] is True
    assert report["regimes"] == ["uk_gdpr", "dpa_2018_part_3"]
    assert report["retention"]["rule"] == "resident_report"
    assert by_model["places.Area"] == {
        "model": "places.Area",
        "name": "Area",
        "personal_data": False,
        "reason": "A named polygon drawn by staff (a ward, a street, a park).",
    }


def test_dp_records_table_and_failure_on_an_undeclared_model(monkeypatch) -> None:
    out = StringIO()
    call_command("dp", "records", stdout=out)
    assert "Resident incident report  [reports.Report]" in out.getvalue()
    assert "Models holding no personal data" in out.getvalue()

    monkeypatch.setattr(processing, "_DECLARED", {})
    with pytest.raises(CommandError, match="no declaration"):
        call_command("dp", "records", "--json", stdout=StringIO())
