"""Residents' report pages, triage and category administration, through the pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.reports import services
from lantern.reports.models import Category, Report
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def officer_actor(client):
    return actor_for(client.user, verified=True)


def test_my_reports_show_status_and_public_updates_never_internal_notes(signed_in, make_user):
    client = signed_in(Role.RESIDENT)
    mine = make_report(actor_for(client.user)).report
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    services.report_add_public_update(actor=officer, report_id=mine.pk, text="Patrols increased.")
    services.report_add_internal_note(actor=officer, report_id=mine.pk, text="SECRET NOTE")
    services.report_set_status(actor=officer, report_id=mine.pk, status="in_progress")
    listing = client.get(reverse("reports:mine")).content.decode()
    assert mine.reference in listing and "Action being taken" in listing
    page = client.get(reverse("reports:mine-detail", args=[mine.reference])).content.decode()
    assert "Patrols increased." in page and "SECRET NOTE" not in page
    assert "Received" in page and "Action being taken" in page
    # Someone else's report is not found.
    other = make_report(actor_for(make_user(Role.RESIDENT))).report
    assert client.get(reverse("reports:mine-detail", args=[other.reference])).status_code == 404


def test_follow_shows_public_updates_not_notes(client, make_user):
    created = make_report()
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    report = created.report
    services.report_add_public_update(actor=officer, report_id=report.pk, text="Thank you.")
    services.report_add_internal_note(actor=officer, report_id=report.pk, text="SECRET NOTE")
    client.post(
        reverse("reports:follow"),
        {"reference": report.reference, "tracking_code": created.tracking_code},
    )
    page = client.get(reverse("reports:followed")).content.decode()
    assert "Thank you." in page and "SECRET NOTE" not in page


def test_staff_only_pages_refuse_residents(signed_in):
    client = signed_in(Role.RESIDENT)
    assert client.get(reverse("reports:triage")).status_code == 403
    assert client.get(reverse("reports:categories")).status_code == 403


def test_triage_list_filters(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    kerb = make_report(hours_ago=2).report
    noise = make_report(category="noise", hours_ago=30, at=(51.60, 0.80)).report
    concern = make_report(category="concern-for-safety").report
    page = client.get(reverse("reports:triage")).content.decode()
    assert kerb.reference in page and noise.reference in page
    assert concern.reference not in page  # the safeguarding queue is not theirs
    page = client.get(reverse("reports:triage"), {"category": "noise"}).content.decode()
    assert noise.reference in page and kerb.reference not in page
    page = client.get(reverse("reports:triage"), {"box": "51.54, 0.71, 51.55, 0.72"}).content
    assert kerb.reference in page.decode() and noise.reference not in page.decode()
    page = client.get(reverse("reports:triage"), {"queue": "environmental"}).content.decode()
    assert noise.reference in page and kerb.reference not in page
    for bad in ({"box": "1,2,3"}, {"occurred_after": "yesterday"}, {"status": "zzz"}):
        response = client.get(reverse("reports:triage"), bad)
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert client.get(reverse("reports:triage"), {"page": "zz"}).status_code == 200


def test_safeguarding_lead_sees_the_safeguarding_queue(signed_in):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    concern = make_report(category="concern-for-safety").report
    assert concern.reference in client.get(reverse("reports:triage")).content.decode()
    detail = client.get(reverse("reports:triage-detail", args=[concern.pk]))
    assert detail.status_code == 200


def test_officer_cannot_open_a_safeguarding_report(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    concern = make_report(category="concern-for-safety").report
    assert client.get(reverse("reports:triage-detail", args=[concern.pk])).status_code == 404
    response = client.post(
        reverse("reports:triage-status", args=[concern.pk]), {"status": "closed"}
    )
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == "new"


def test_triage_list_query_count_does_not_grow(signed_in, django_assert_max_num_queries):
    client = signed_in(Role.POLICE_OFFICER)
    make_report()
    client.get(reverse("reports:triage"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:triage"))
    for n in range(30):
        make_report(hours_ago=n + 1, category="noise" if n % 2 else "kerb-crawling")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:triage"))
    assert response.content.decode().count("/reports/triage/") >= 31


def test_officer_triages_and_marks_a_duplicate(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    first = make_report(hours_ago=3).report
    second = make_report(hours_ago=2, at=(51.5413, 0.7184)).report
    url = reverse("reports:triage-detail", args=[second.pk])
    page = client.get(url).content.decode()
    assert f"Mark this report as a duplicate of {first.reference}" in page
    # Assign to themselves, add a public update and an internal note.
    response = client.post(
        reverse("reports:triage-assign", args=[second.pk]), {"assignee": str(client.user.pk)}
    )
    assert response.status_code == 302
    client.post(
        reverse("reports:triage-update", args=[second.pk]), {"kind": "public", "text": "Seen."}
    )
    client.post(
        reverse("reports:triage-update", args=[second.pk]), {"kind": "note", "text": "Plate?"}
    )
    second.refresh_from_db()
    assert second.assigned_to == client.user and second.status == "assigned"
    assert (
        second.public_updates.get().text == "Seen." and second.internal_notes.get().text == "Plate?"
    )
    response = client.post(
        reverse("reports:triage-duplicate", args=[second.pk]), {"original": first.reference}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "duplicate" and second.duplicate_of == first
    assert AuditEvent.objects.filter(action="report.marked_duplicate").count() == 1
    page = client.get(url).content.decode()
    assert "Marked as a duplicate of" in page and "Seen." in page and "Plate?" in page


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("triage-status", {"status": "nope"}, "Choose a status"),
        ("triage-update", {"kind": "public", "text": ""}, "Enter the text"),
        ("triage-update", {"text": "x"}, "Choose who the text is for"),
        ("triage-duplicate", {"original": "R-AAAA-AAAA"}, "No report has that reference"),
        ("triage-assign", {"assignee": "not-a-person"}, "Select one of the options for assign to"),
    ],
)
def test_bad_triage_input_is_an_error_not_a_500(signed_in, action, data, message):
    client = signed_in(Role.POLICE_OFFICER)
    report = make_report().report
    response = client.post(reverse(f"reports:{action}", args=[report.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_duplicate_of_itself_is_refused_on_the_page(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    report = make_report().report
    response = client.post(
        reverse("reports:triage-duplicate", args=[report.pk]), {"original": report.reference}
    )
    assert response.status_code == 400
    assert "cannot duplicate itself" in response.content.decode()


def test_analyst_sees_reports_without_contact_details_or_actions(signed_in):
    client = signed_in(Role.ANALYST)
    created = make_report(contact="email", contact_email="reporter@example.test")
    page = client.get(reverse("reports:triage-detail", args=[created.report.pk])).content.decode()
    assert "reporter@example.test" not in page and "Mark as duplicate" not in page


def test_find_by_reference(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    report = make_report().report
    response = client.get(reverse("reports:triage-find"), {"reference": report.reference.lower()})
    assert response.url == reverse("reports:triage-detail", args=[report.pk])
    response = client.get(reverse("reports:triage-find"), {"reference": "nothing"})
    assert response.url == reverse("reports:triage")


def test_admin_edits_a_category(signed_in):
    client = signed_in(Role.ADMIN)
    assert "Kerb crawling" in client.get(reverse("reports:categories")).content.decode()
    url = reverse("reports:category-edit", args=["noise"])
    assert client.get(url).status_code == 200
    questions = [{"code": "loud", "question": "How loud?", "kind": "choice", "choices": ["Very"]}]
    response = client.post(
        url,
        {
            "name": "Noise at night",
            "description": "Loud music",
            "asb_type": "nuisance",
            "queue": "environmental",
            "allows_anonymous": "true",
            "asks_about_people": "true",
            "extra_questions": json.dumps(questions),
        },
    )
    assert response.status_code == 302
    noise = Category.objects.get(code="noise")
    assert (
        noise.name == "Noise at night" and not noise.active and noise.extra_questions == questions
    )
    assert AuditEvent.objects.filter(action="report_category.saved").exists()


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "must be a JSON list"),
        ('[{"code": "a"}]', "needs the question text"),
        ('[{"code": "a", "question": "Q", "kind": "choice"}]', "needs a list of choices"),
        ('[{"code": "a", "question": "Q", "kind": "essay"}]', "the kind must be"),
    ],
)
def test_bad_extra_questions_are_refused(signed_in, questions, message):
    client = signed_in(Role.ADMIN)
    response = client.post(
        reverse("reports:category-edit", args=["noise"]),
        {
            "name": "Noise",
            "asb_type": "nuisance",
            "queue": "environmental",
            "extra_questions": questions,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_admin_adds_a_category_and_codes_are_unique(signed_in):
    client = signed_in(Role.ADMIN)
    data = {
        "code": "fly-tipping",
        "name": "Fly-tipping",
        "asb_type": "environmental",
        "queue": "environmental",
        "active": "true",
    }
    assert client.post(reverse("reports:category-add"), data).status_code == 302
    assert Category.objects.get(code="fly-tipping").active
    response = client.post(reverse("reports:category-add"), data)
    assert "A category already has this code" in response.content.decode()
    assert Report.objects.count() == 0


def test_dashboard_panel_counts_reports_to_triage(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    make_report()
    make_report(category="noise")
    make_report(category="concern-for-safety")  # not theirs to see
    page = client.get(reverse("frontend:dashboard")).content.decode()
    assert "Reports to triage" in page
    assert '<span class="govuk-!-font-weight-bold" data-triage-count>2</span>' in page
    assert 'href="/reports/triage/"' in page


def test_dashboard_triage_count_stops_at_its_bound(signed_in, monkeypatch):
    """The count does not grow with the data: past the bound it says "More than"."""
    from lantern.reports import panels

    monkeypatch.setattr(panels, "COUNT_UP_TO", 2)
    client = signed_in(Role.POLICE_OFFICER)
    for _ in range(2):
        make_report()
    page = client.get(reverse("frontend:dashboard")).content.decode()
    assert "More than" not in page
    make_report()
    page = client.get(reverse("frontend:dashboard")).content.decode()
    assert "More than <span" in page and "data-triage-count>2</span> new reports waiting" in page


def test_resident_home_panel_and_navigation(signed_in):
    client = signed_in(Role.RESIDENT)
    report = make_report(actor_for(client.user)).report
    page = client.get(reverse("frontend:home")).content.decode()
    assert "Your reports" in page and report.reference in page
    assert 'href="/reports/new/"' in page and 'href="/reports/triage/"' not in page


def test_admin_navigation_has_categories(signed_in):
    page = signed_in(Role.ADMIN).get(reverse("frontend:dashboard")).content.decode()
    assert 'href="/reports/categories/"' in page and "Reports to triage" not in page
