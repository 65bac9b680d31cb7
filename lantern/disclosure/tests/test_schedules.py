"""Drafting the schedules from the record classes, the rules on each line, the disclosure
officer's confirmation, and revelation and disclosure recorded against a frozen version."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.disclosure import selectors, services
from lantern.disclosure.models import DisclosureEvent, Line, ScheduleVersion

pytestmark = pytest.mark.django_db

TODAY = clock.now().date() - dt.timedelta(days=1)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def by_kind(case) -> dict[str, Line]:
    return {line.source_kind: line for line in Line.objects.filter(case_id=case.pk)}


def confirm_all(officer, case) -> None:
    for line in Line.objects.filter(case_id=case.pk):
        services.line_update(
            actor=officer,
            case_id=case.pk,
            line_id=line.pk,
            schedule=line.schedule,
            description=line.description,
            sensitivity=line.sensitivity,
            confirm=True,
        )


def test_the_draft_places_each_record_class_on_its_schedule(officer, world):
    added = services.schedule_draft(actor=officer, case_id=world.case.pk)
    lines = Line.objects.filter(case_id=world.case.pk)
    assert added == lines.count() == 6
    where = {(line.source_id, line.schedule, line.sensitivity) for line in lines}
    assert where == {
        (world.report.pk, "mg6d", "resident_identity"),
        (world.exhibit.pk, "mg12", ""),
        (world.other_clip.pk, "mg6d", "resident_identity"),
        (world.action.pk, "mg6c", ""),
        (world.screening.pk, "mg6d", "safeguarding"),
        (world.intelligence.pk, "mg6d", "intelligence"),
    }
    assert Line.objects.get(source_id=world.exhibit.pk).exhibit_reference == "RP/1"
    assert not any(line.is_confirmed for line in lines)
    # Descriptions name the kind of record and its date, never its content.
    text = " ".join(lines.values_list("description", flat=True))
    assert "Community Protection Warning" in text and "Safeguarding screening" in text
    assert "corner" not in text and "Larkspur" not in text and "Corin" not in text
    # Drafting again adds nothing and keeps the officer's lines as they are.
    assert services.schedule_draft(actor=officer, case_id=world.case.pk) == 0
    drafted = AuditEvent.objects.filter(action="disclosure.drafted", object_id=str(world.case.pk))
    assert drafted.count() == 2
    assert json.loads(drafted.order_by("seq").first().details)["added"] == {
        "mg12": 1,
        "mg6c": 1,
        "mg6d": 4,
    }


@pytest.mark.parametrize("kind", ["safeguarding_screening", "intelligence_report"])
def test_safeguarding_and_intelligence_never_go_on_the_mg6c(officer, world, kind):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    line = by_kind(world.case)[kind]
    with pytest.raises(RuleRefused) as refused:
        services.line_update(
            actor=officer,
            case_id=world.case.pk,
            line_id=line.pk,
            schedule="mg6c",
            description="A record",
            confirm=True,
        )
    assert refused.value.rule_id == "DISCLOSURE_SENSITIVE_CLASS_NEVER_MG6C"
    assert refused.value.message == (
        "Safeguarding records and intelligence never go on the non-sensitive schedule (MG6C), "
        "which is disclosed to the defence: schedule them on the sensitive schedule (MG6D)."
    )
    assert refused.value.source == "CPS Disclosure Manual, chapters 7 (MG6C) and 8 (MG6D)"
    line.refresh_from_db()
    assert line.schedule == "mg6d" and not line.is_confirmed


def test_a_resident_identity_may_be_moved_to_the_mg6c_by_the_officer(officer, world):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    line = by_kind(world.case)["report"]
    services.line_update(
        actor=officer,
        case_id=world.case.pk,
        line_id=line.pk,
        schedule="mg6c",
        description="Incident report of kerb crawling, reporter's details removed",
        sensitivity="resident_identity",  # ignored off the MG6D
    )
    line.refresh_from_db()
    assert (line.schedule, line.sensitivity) == ("mg6c", "")


def test_the_mg6d_needs_a_reason_and_the_mg12_an_exhibit_reference(officer, world):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    action = by_kind(world.case)["enforcement_action"]
    change = {"actor": officer, "case_id": world.case.pk, "line_id": action.pk}
    with pytest.raises(RuleRefused) as no_reason:
        services.line_update(**change, schedule="mg6d", description="A warning", sensitivity="")
    assert no_reason.value.rule_id == "DISCLOSURE_MG6D_NEEDS_REASON"
    with pytest.raises(RuleRefused) as no_reference:
        services.line_update(**change, schedule="mg12", description="A warning")
    assert no_reference.value.rule_id == "DISCLOSURE_USED_NEEDS_EXHIBIT_REFERENCE"
    with pytest.raises(RuleRefused) as no_words:
        services.line_update(**change, schedule="mg6c", description="  ")
    assert no_words.value.rule_id == "DISCLOSURE_LINE_NEEDS_DESCRIPTION"
    with pytest.raises(ValidationFailed):
        services.line_update(**change, schedule="mg7", description="A warning")


def test_confirming_a_line_and_changing_it_again(officer, world):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    line = by_kind(world.case)["enforcement_action"]
    args = {"actor": officer, "case_id": world.case.pk, "line_id": line.pk, "schedule": "mg6c"}
    services.line_update(**args, description="Community Protection Warning, drafted", confirm=True)
    line.refresh_from_db()
    assert line.is_confirmed and line.confirmed_by_id == officer.user_id
    # Saving it unchanged keeps the confirmation; a change without confirming clears it.
    services.line_update(**args, description="Community Protection Warning, drafted")
    line.refresh_from_db()
    assert line.is_confirmed
    services.line_update(**args, description="Community Protection Warning (draft notice)")
    line.refresh_from_db()
    assert not line.is_confirmed
    actions = AuditEvent.objects.filter(object_id=str(line.pk)).values_list("action", flat=True)
    assert list(actions.order_by("seq")) == [
        "disclosure.line_changed",
        "disclosure.line_confirmed",
        "disclosure.line_changed",
    ]
    payloads = AuditEvent.objects.filter(object_id=str(line.pk)).values_list("details", flat=True)
    assert all("Community" not in str(details) for details in payloads)


def test_revelation_then_disclosure_against_a_frozen_version(officer, world):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    with pytest.raises(RuleRefused) as unconfirmed:
        services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert unconfirmed.value.rule_id == "DISCLOSURE_CONFIRMED_BEFORE_REVELATION"
    with pytest.raises(RuleRefused) as not_revealed:
        services.disclosure_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert not_revealed.value.rule_id == "DISCLOSURE_REVEALED_BEFORE_DISCLOSURE"
    with pytest.raises(ValidationFailed):
        services.revelation_record(
            actor=officer, case_id=world.case.pk, happened_on=TODAY + dt.timedelta(days=5)
        )
    confirm_all(officer, world.case)

    revealed = services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert revealed.kind == "revelation" and revealed.version.number == 1
    assert revealed.happened_on == TODAY and revealed.recorded_by_id == officer.user_id
    assert len(revealed.version.lines) == 6 and len(revealed.version.sha256) == 64
    disclosed = services.disclosure_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert disclosed.version == revealed.version
    revealed_event = AuditEvent.objects.filter(action="disclosure.revealed").get()
    assert json.loads(revealed_event.details)["version"] == 1
    assert AuditEvent.objects.filter(action="disclosure.disclosed").count() == 1

    # Revealing again with nothing changed reuses the version; a change needs a new one,
    # and disclosure waits until it is revealed (the continuing duty, s.7A).
    again = services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert again.version == revealed.version
    line = by_kind(world.case)["enforcement_action"]
    services.line_update(
        actor=officer,
        case_id=world.case.pk,
        line_id=line.pk,
        schedule="mg6c",
        description="Community Protection Warning, not served",
        confirm=True,
    )
    with pytest.raises(RuleRefused):
        services.disclosure_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    second = services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    assert second.version.number == 2
    assert ScheduleVersion.objects.get(number=1).lines == revealed.version.lines  # frozen
    assert DisclosureEvent.objects.filter(case_id=world.case.pk).count() == 4


def test_the_schedules_print_with_their_lines_and_the_mg6d_stays_with_the_prosecutor(
    officer, world
):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    with pytest.raises(ValidationFailed):
        selectors.schedule_documents(actor=officer, case=world.case, recipient="prosecution")
    confirm_all(officer, world.case)
    services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)

    prosecution = dict(
        selectors.schedule_documents(actor=officer, case=world.case, recipient="prosecution")
    )
    defence = dict(
        selectors.schedule_documents(actor=officer, case=world.case, recipient="defence")
    )
    assert sorted(prosecution) == ["MG12.pdf", "MG6C.pdf", "MG6D.pdf", "MG6E.pdf"]
    assert sorted(defence) == ["MG12.pdf", "MG6C.pdf"]
    assert defence["MG6C.pdf"] == prosecution["MG6C.pdf"]  # the same version, byte for byte
    with pytest.raises(ValidationFailed):
        selectors.schedule_documents(actor=officer, case=world.case, recipient="press")

    mg6c = pdf_text(prosecution["MG6C.pdf"])
    mg6d = pdf_text(prosecution["MG6D.pdf"])
    mg12 = pdf_text(prosecution["MG12.pdf"])
    assert "MG6C: Schedule of non-sensitive unused material" in mg6c
    assert world.case.reference in mg6c and "Version 1" in mg6c
    assert "Community Protection Warning" in mg6c
    assert "Safeguarding" not in mg6c and "Intelligence report" not in mg6c
    assert "Safeguarding screening recorded" in mg6d and "A safeguarding record" in mg6d
    assert "An intelligence source" in mg6d and "A resident's identity" in mg6d
    assert "RP/1" in mg12 and "Video received" in mg12
    assert "CPS Disclosure Manual, chapter 7" in mg6c

    assert [e.reference for e in selectors.exhibits(actor=officer, case=world.case)] == ["RP/1"]


def test_a_case_with_no_sensitive_material_prints_an_endorsed_nil_mg6d(officer, case):
    from lantern.disclosure import documents
    from lantern.disclosure.pdf import render_pdf

    heading = documents.Heading(case.reference, "Version 1", "Test Officer", "1 May 2026")
    text = pdf_text(render_pdf("mg6d", [], heading))
    assert "NIL: there is no sensitive unused material in this case." in text
    assert "Endorsed by the disclosure officer, Test Officer." in text
    assert "an endorsed nil MG6D is required" in text.replace("\n", " ")


def test_disclosure_mg6e_needs_reason_and_the_report_prints_what_it_flags(officer, world):
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    action = by_kind(world.case)["enforcement_action"]
    change = {
        "actor": officer,
        "case_id": world.case.pk,
        "line_id": action.pk,
        "schedule": "mg6c",
        "description": "Community Protection Warning, drafted",
    }
    with pytest.raises(RuleRefused) as no_reason:
        services.line_update(**change, undermines=True, undermines_reason="  ", confirm=True)
    assert no_reason.value.rule_id == "DISCLOSURE_MG6E_NEEDS_REASON"
    assert no_reason.value.fields == {"undermines_reason": [no_reason.value.message]}
    why = "The warning names another man as the driver on the night"
    services.line_update(**change, undermines=True, undermines_reason=why, confirm=True)
    action.refresh_from_db()
    assert action.undermines and action.undermines_reason == why and action.is_confirmed
    changed = AuditEvent.objects.filter(action="disclosure.line_changed", object_id=str(action.pk))
    assert json.loads(changed.get().details)["mg6e"] is True
    assert why not in str(changed.get().details)  # never the officer's words in the log
    [flagged] = [row for row in selectors.snapshot(selectors.case_lines(case=world.case))
                 if "mg6e" in row]  # fmt: skip
    assert flagged["mg6e"] == why and flagged["schedule"] == "mg6c"
    confirm_all(officer, world.case)
    services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    prosecution = dict(
        selectors.schedule_documents(actor=officer, case=world.case, recipient="prosecution")
    )
    defence = dict(
        selectors.schedule_documents(actor=officer, case=world.case, recipient="defence")
    )
    assert "MG6E.pdf" in prosecution and "MG6E.pdf" not in defence
    report = pdf_text(prosecution["MG6E.pdf"])
    assert "MG6E: Disclosure officer's report" in report and world.case.reference in report
    assert "MG6C 1" in report and "Community Protection Warning, drafted" in report
    assert why in report.replace("\n", " ")
    assert "Video received" not in report  # only what it flags
    assert "CPS Disclosure Manual, chapter 10" in report.replace("\n", " ")
    # Unflagging it is a change too: the version revealed no longer stands.
    services.line_update(**change, undermines=False, confirm=True)
    action.refresh_from_db()
    assert not action.undermines and action.undermines_reason == ""
    assert not selectors.readiness(case=world.case).revealed


def test_a_case_with_nothing_flagged_prints_an_endorsed_nil_mg6e(officer, case):
    from lantern.disclosure import documents
    from lantern.disclosure.pdf import render_pdf

    heading = documents.Heading(case.reference, "Version 1", "Test Officer", "1 May 2026")
    text = pdf_text(render_pdf("mg6e", [], heading)).replace("\n", " ")
    assert "MG6E: Disclosure officer's report" in text
    assert documents.NIL_MG6E in text
    assert "Endorsed by the disclosure officer, Test Officer." in text


def test_a_version_revealed_before_the_mg6e_still_stands(officer, world):
    """A version frozen before lines could be flagged has no "mg6e" keys: it must still
    match the lines as they stand when none is flagged (no case re-revealed for nothing)."""
    services.schedule_draft(actor=officer, case_id=world.case.pk)
    confirm_all(officer, world.case)
    services.revelation_record(actor=officer, case_id=world.case.pk, happened_on=TODAY)
    version = selectors.latest_version(case=world.case)
    assert version is not None and all("mg6e" not in row for row in version.lines)
    assert selectors.readiness(case=world.case).revealed
