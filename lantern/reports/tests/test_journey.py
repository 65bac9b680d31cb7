"""The report journey through its pages: signed out and signed in, bad input, session state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db


def step(name: str) -> str:
    return reverse("reports:step", args=[name])


def yesterday() -> dict[str, str]:
    day = localtime(clock.now() - timedelta(days=1))
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def walk(client, category="kerb-crawling", *, contact=None, where=None, extra=None):
    """Answer every page; return the last response (the check page)."""
    assert client.get(reverse("reports:start")).status_code == 200
    response = client.post(step("what"), {"category": category})
    assert response.status_code == 302 and response.url == step("where")
    response = client.post(step("where"), where or {"latitude": "51.5412", "longitude": "0.7183"})
    assert response.url == step("when"), response.content.decode()[:3000]
    response = client.post(
        step("when"), {**yesterday(), "start_time": "9:30pm", "end_time": "11pm"}
    )
    assert response.url == step("description")
    response = client.post(step("description"), {"description": "A car kept circling."})
    for _ in range(4):
        if response.url == step("people-and-vehicles"):
            response = client.post(
                response.url,
                {"people_description": "", "vehicles": "lr19 kxt\nLR19KXT\nab12 cde"},
            )
        elif response.url == step("more-questions"):
            response = client.post(response.url, extra or {})
        elif response.url == step("evidence"):
            response = client.post(response.url, {})
        elif response.url == step("contact"):
            response = client.post(response.url, contact or {"contact": "anonymous"})
        else:
            break
    assert response.url == reverse("reports:check")
    return client.get(response.url)


def test_start_page_opens_with_999(client):
    content = client.get(reverse("reports:start")).content.decode()
    assert "If someone is in danger now, call 999" in content
    assert 'href="/reports/new/what/"' in content


def test_anonymous_report_end_to_end(client):
    check = walk(client)
    content = check.content.decode()
    assert "Check your answers" in content
    assert "LR19 KXT, AB12 CDE" in content
    assert "Do not contact me (anonymous)" in content
    assert content.count(">Change") + content.count("Change<") >= 5
    response = client.post(reverse("reports:check"))
    assert response.url == reverse("reports:sent")
    report = Report.objects.get()
    assert report.anonymous and report.reporter_id is None
    assert sorted(report.vehicles.values_list("registration", flat=True)) == ["AB12CDE", "LR19KXT"]
    assert report.occurred_to - report.occurred_from == timedelta(minutes=90)
    assert localtime(report.occurred_from).hour == 21
    sent = client.get(reverse("reports:sent")).content.decode()
    assert report.reference in sent and "tracking code" in sent
    code = sent.split('govuk-inset-text lantern-tracking-code">')[1].split("<")[0].strip()
    assert len(code) == 14
    # Shown once: the page does not show it again, and the journey has been forgotten.
    assert client.get(reverse("reports:sent")).status_code == 302
    assert client.get(reverse("reports:check")).url == step("what")
    # The tracking code lets them follow it (and nothing in a URL carries it).
    response = client.post(
        reverse("reports:follow"), {"reference": report.reference.lower(), "tracking_code": code}
    )
    assert response.url == reverse("reports:followed")
    page = client.get(response.url).content.decode()
    assert report.reference in page and "Received" in page


def test_signed_in_resident_gives_email_and_sees_it_in_their_reports(signed_in):
    client = signed_in(Role.RESIDENT)
    walk(client, contact={"contact": "email", "contact_email": "me@example.test"})
    client.post(reverse("reports:check"))
    report = Report.objects.get()
    assert report.reporter == client.user and not report.anonymous
    assert report.contact_email == "me@example.test"
    sent = client.get(reverse("reports:sent")).content.decode()
    assert "your reports" in sent and "Your tracking code" not in sent
    assert report.reference in client.get(reverse("reports:mine")).content.decode()


def test_concern_for_safety_explains_the_safeguarding_team_and_never_asks_about_people(client):
    content = client.get(step("what")).content.decode()
    assert "goes to the safeguarding team" in content
    assert "never ask you to name" in content
    check = walk(client, "concern-for-safety").content.decode()
    assert "People" not in check and "Vehicles" not in check
    client.post(reverse("reports:check"))
    assert Report.objects.get().queue == "safeguarding"


def test_categories_that_may_not_be_anonymous_ask_for_contact(client):
    from lantern.core.actor import SYSTEM
    from lantern.reports.services import category_save

    category_save(actor=SYSTEM, code="noise", allows_anonymous=False)
    walk(client, "noise", contact={"contact": "email", "contact_email": "a@example.test"})
    page = client.get(step("contact")).content.decode()
    assert "cannot be anonymous" in page and 'value="anonymous"' not in page
    response = client.post(step("contact"), {"contact": "anonymous"})
    assert "Choose how we should contact you" in response.content.decode()
    response = client.post(step("contact"), {"contact": "email", "contact_email": ""})
    assert "Enter the email address to contact you on" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "data", "message"),
    [
        ("what", {}, "Choose what happened"),
        ("what", {"category": "no-such"}, "Choose what happened"),
        ("where", {}, "Put a pin on the map"),
        ("where", {"latitude": "51.5"}, "Enter the longitude too"),
        ("where", {"latitude": "abc", "longitude": "0.7"}, "Latitude must be a number"),
        ("where", {"latitude": "1e999", "longitude": "0.7"}, "Latitude must be between"),
        ("when", {"day": "31", "month": "2", "year": "2026", "start_time": "9pm"}, "real date"),
        ("when", {"start_time": "9pm"}, "Enter the date it happened"),
        ("when", {**yesterday(), "start_time": "25:99"}, "Enter a real time"),
        ("when", {**yesterday(), "start_time": "teatime"}, "Enter a time"),
        ("description", {"description": "  "}, "Describe what happened"),
        ("description", {"description": "x" * 10_001}, "10,000 characters"),
    ],
)
def test_bad_input_gives_the_error_summary(client, page, data, message):
    client.post(step("what"), {"category": "kerb-crawling"})
    client.post(step("where"), {"latitude": "51.5412", "longitude": "0.7183"})
    client.post(step("when"), {**yesterday(), "start_time": "21:00"})
    response = client.post(step(page), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content and message in content
    assert "<title>Error:" in content


def test_bad_registration_is_refused_on_the_page(client):
    walk(client)
    response = client.post(step("people-and-vehicles"), {"vehicles": "not a reg!"})
    assert "is not a registration number or part of one" in response.content.decode()


def test_future_time_is_refused_at_check_with_a_link_to_the_page(client):
    walk(client)
    tomorrow = localtime(clock.now() + timedelta(days=2))
    client.post(
        step("when"),
        {
            "day": str(tomorrow.day),
            "month": str(tomorrow.month),
            "year": str(tomorrow.year),
            "start_time": "10am",
        },
    )
    response = client.post(reverse("reports:check"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The date and time must be in the past" in content
    assert 'href="/reports/new/when/?change=1"' in content
    assert not Report.objects.exists()


def test_address_only_is_placed_approximately(client):
    walk(client, where={"address": "Behind the shops on Larkspur Row"})
    client.post(reverse("reports:check"))
    report = Report.objects.get()
    assert report.location_approximate and report.address.startswith("Behind")


def test_change_link_returns_to_check(client):
    walk(client)
    response = client.get(step("description") + "?change=1")
    assert response.status_code == 200
    response = client.post(step("description") + "?change=1", {"description": "Changed."})
    assert response.url == reverse("reports:check")
    assert "Changed." in client.get(response.url).content.decode()


def test_changing_the_category_asks_the_new_categorys_questions(client):
    walk(client)
    client.get(step("what") + "?change=1")
    response = client.post(step("what") + "?change=1", {"category": "drug-litter"})
    assert response.url == step("people-and-vehicles")  # asked again: it depends on the kind
    response = client.post(response.url, {"people_description": ""})
    assert response.url == step("more-questions")
    response = client.post(response.url, {})
    assert "Are there needles or syringes?" in response.content.decode()
    response = client.post(step("more-questions"), {"needles": "yes"})
    assert response.url == step("contact")


def test_pages_out_of_order_redirect(client):
    assert client.get(step("description")).url == step("what")
    assert client.get(step("no-such-step")).status_code == 404
    assert client.get(reverse("reports:check")).url == step("what")
    assert client.get(reverse("reports:sent")).url == reverse("reports:start")


def test_no_personal_data_in_urls(client):
    walk(client, contact={"contact": "phone", "contact_phone": "07700 900982"})
    response = client.post(reverse("reports:check"))
    assert "07700" not in response.url and "circling" not in response.url


def test_follow_with_wrong_code_is_an_error_not_a_500(client):
    response = client.post(
        reverse("reports:follow"), {"reference": "R-AAAA-AAAA", "tracking_code": "x"}
    )
    assert response.status_code == 200
    assert "We cannot find a report" in response.content.decode()
    assert client.get(reverse("reports:followed")).url == reverse("reports:follow")
