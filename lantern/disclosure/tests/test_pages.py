"""The disclosure pages and API: the case page's link, drafting, changing and confirming a
line (with the rule's message on the page), the check pages, the PDFs; who may see them."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import client_for
from lantern.core import clock
from lantern.core.actor import Role
from lantern.disclosure import wording
from lantern.disclosure.models import DisclosureEvent, Line

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def lead(officer):
    return client_for(get_user_model().objects.get(pk=officer.user_id))


def _date(day: dt.date) -> dict[str, str]:
    return {
        "happened_on_day": str(day.day),
        "happened_on_month": str(day.month),
        "happened_on_year": str(day.year),
    }


def test_the_disclosure_officer_drafts_confirms_reveals_and_discloses(lead, world):
    case_page = text(lead.get(reverse("cases:case", args=[world.case.pk])))
    url = reverse("disclosure:case", args=[world.case.pk])
    assert url in case_page and "Disclosure schedules (MG6C, MG6D, MG12)" in case_page

    page = text(lead.get(url))
    assert "6 items of material on this case are not on a schedule yet" in page
    assert wording.MG6C in page and wording.MG6D in page
    assert lead.post(url).status_code == 302
    page = text(lead.get(url))
    assert "Every item of material you can see is on a schedule" in page
    assert "RP/1" in page and "Safeguarding screening recorded" in page

    screening = Line.objects.get(source_id=world.screening.pk)
    line_url = reverse("disclosure:line", args=[world.case.pk, screening.pk])
    refused = text(
        lead.post(line_url, {"schedule": "mg6c", "description": "A note", "confirm": "yes"})
    )
    assert "govuk-error-summary" in refused
    assert "Safeguarding records and intelligence never go on the non-sensitive schedule" in (
        refused
    )
    screening.refresh_from_db()
    assert screening.schedule == "mg6d"

    reveal_url = reverse("disclosure:reveal", args=[world.case.pk])
    yesterday = clock.now().date() - dt.timedelta(days=1)
    early = text(lead.post(reveal_url, _date(yesterday)))
    assert "Confirm every line of the schedules" in early
    for line in Line.objects.filter(case_id=world.case.pk):
        answer = lead.post(
            reverse("disclosure:line", args=[world.case.pk, line.pk]),
            {
                "schedule": line.schedule,
                "description": line.description,
                "sensitivity": line.sensitivity,
                "confirm": "yes",
            },
        )
        assert answer.status_code == 302
    check = text(lead.get(reveal_url))
    assert "Check the schedules" in check and wording.SECTION_3 in check
    assert lead.post(reveal_url, _date(yesterday)).status_code == 302
    disclose_url = reverse("disclosure:disclose", args=[world.case.pk])
    check = text(lead.get(disclose_url))
    assert "The MG6D is never disclosed to the defence" in check and wording.SECTION_7A in check
    assert lead.post(disclose_url, _date(yesterday)).status_code == 302
    kinds = DisclosureEvent.objects.filter(case_id=world.case.pk).values_list("kind", flat=True)
    assert sorted(kinds) == ["disclosure", "revelation"]

    pdf_url = reverse("disclosure:pdf", args=[world.case.pk])
    draft = lead.get(pdf_url, {"schedule": "mg6d"})
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    revealed = lead.get(pdf_url, {"schedule": "mg12", "version": "1"})
    assert revealed.status_code == 200 and revealed.content.startswith(b"%PDF")
    assert lead.get(pdf_url, {"schedule": "mg99"}).status_code == 404
    assert lead.get(pdf_url, {"schedule": "mg6c", "version": "7"}).status_code == 404

    api = lead.get(f"/api/v1/disclosure/cases/{world.case.pk}/schedules").json()
    assert api["latest_version"] == 1 and api["revealed_as_they_stand"] is True
    assert {line["schedule"] for line in api["lines"]} == {"mg12", "mg6c", "mg6d"}
    assert [e["kind"] for e in api["events"]] == ["revelation", "disclosure"]


@pytest.mark.parametrize(
    ("role", "org", "expected"),
    [
        (Role.PCSO, "default", 403),
        (Role.COUNCIL_OFFICER, "default", 403),
        (Role.SAFEGUARDING_LEAD, "default", 403),
        (Role.ANALYST, "default", 403),
        (Role.RESIDENT, "default", 403),
        (Role.POLICE_OFFICER, "far_police", 404),
        (Role.SUPERVISOR, "far_police", 404),
    ],
)
def test_others_may_not_open_the_schedules(make_user, far, case, role, org, expected):
    client = client_for(make_user(role, org))
    url = reverse("disclosure:case", args=[case.pk])
    assert client.get(url).status_code == expected
    assert client.post(url).status_code == expected
    assert client.get(reverse("disclosure:reveal", args=[case.pk])).status_code == expected
    pdf = client.get(reverse("disclosure:pdf", args=[case.pk]), {"schedule": "mg6c"})
    assert pdf.status_code == expected
    api = client.get(f"/api/v1/disclosure/cases/{case.pk}/schedules")
    assert api.status_code in {expected, 401}
    assert not Line.objects.exists()


def test_a_supervisor_of_the_force_is_a_disclosure_officer_too(make_user, case):
    client = client_for(make_user(Role.SUPERVISOR))
    assert client.get(reverse("disclosure:case", args=[case.pk])).status_code == 200


def test_every_statement_of_the_law_cites_its_source():
    assert wording.SECTION_3.endswith("(Criminal Procedure and Investigations Act 1996, s.3(1)).")
    assert (
        '"disclose to the accused any prosecution material which has not previously been '
        "disclosed to the accused and which might reasonably be considered capable of "
        "undermining the case for the prosecution against the accused or of assisting the case "
        'for the accused"'
    ) in wording.SECTION_3
    assert wording.SECTION_7A.endswith(
        "(Criminal Procedure and Investigations Act 1996, s.7A(1) and (2))."
    )
    assert (
        '"The prosecutor must keep under review the question whether at any given time (and, '
        "in particular, following the giving of a defence statement) there is prosecution "
        'material"'
    ) in wording.SECTION_7A
    assert wording.MG6C == (
        '"Non-sensitive unused material should be described on the MG6C. This form will be '
        'disclosed to the defence." Items are "individually described and consecutively '
        'numbered" (CPS Disclosure Manual, chapter 7).'
    )
    assert (
        '"would give rise to a real risk of serious prejudice to an important public interest"'
        in wording.MG6D
    )
    assert wording.MG6D.endswith("(CPS Disclosure Manual, chapter 8).")
    assert wording.MG6D_NIL.endswith("(CPS Disclosure Manual, chapter 8).")
    assert wording.RELEVANT_MATERIAL.endswith("(CPS Disclosure Manual, chapter 5).")
    # DOMAIN.md 5.3: "MG6E: the disclosure officer's report flagging material "capable of
    # undermining the prosecution case … or of assisting the case for the accused"".
    assert wording.MG6E == (
        "The MG6E is the disclosure officer's report flagging material \"capable of undermining "
        'the prosecution case … or of assisting the case for the accused" (CPS Disclosure '
        "Manual, chapter 10)."
    )
    assert wording.CODE_PURPOSE.endswith(
        "(Criminal Procedure and Investigations Act 1996, Code of Practice)."
    )
    assert (
        '"sets out the manner in which police officers are to record, retain and reveal to the '
        'prosecutor material obtained in a criminal investigation and which may be relevant"'
    ) in wording.CODE_PURPOSE


def test_a_line_of_another_case_is_not_found_through_this_one(officer, lead, world, make_report):
    from lantern.cases import services as case_services
    from lantern.disclosure import services

    services.schedule_draft(actor=officer, case_id=world.case.pk)
    other = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="place", title="Another problem")
    )
    line = Line.objects.filter(case_id=world.case.pk).first()
    url = reverse("disclosure:line", args=[other.pk, line.pk])
    assert lead.get(url).status_code == 404
    assert (
        lead.post(url, {"schedule": "mg6c", "description": "x", "confirm": "yes"}).status_code
        == 404
    )


def test_the_line_page_flags_an_item_on_the_mg6e_with_its_reason(lead, world):
    case_url = reverse("disclosure:case", args=[world.case.pk])
    lead.post(case_url)
    action = Line.objects.get(source_id=world.action.pk)
    line_url = reverse("disclosure:line", args=[world.case.pk, action.pk])
    form = text(lead.get(line_url))
    assert "Flag it in the disclosure officer's report (MG6E)" in form
    answer = {"schedule": "mg6c", "description": action.description, "confirm": "yes"}
    refused = text(lead.post(line_url, {**answer, "undermines": "on"}))
    assert "govuk-error-summary" in refused and "Say why the item might undermine" in refused
    action.refresh_from_db()
    assert not action.undermines
    why = "It shows the car was elsewhere at the time"
    assert (
        lead.post(line_url, {**answer, "undermines": "on", "undermines_reason": why}).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.undermines and action.undermines_reason == why
    page = text(lead.get(case_url))
    assert "flagged on the MG6E" in page and "schedule=mg6e" in page
    assert wording.MG6E in page
    pdf = lead.get(reverse("disclosure:pdf", args=[world.case.pk]), {"schedule": "mg6e"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "MG6E" in pdf["Content-Disposition"]
