"""Reports belong to the partnership whose area holds their place, and staff see their own
partnership's reports and those shared with it (docs/adr/0015-partnership-is-the-scope.md).
The far partnership (conftest's ``far``) is the other tenant: its staff must see nothing of
the test partnership's reports until one is shared with them."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import FAR_POINT, actor_of
from lantern.accounts import services as accounts
from lantern.accounts.models import Partnership, Share
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.reports import selectors, services
from lantern.reports.models import Report
from lantern.reports.tests.factories import LARKSPUR_ROW, make_report

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    """A browser signed in as ``user``, past two-factor."""
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return browser


def bearer(user) -> dict[str, str]:
    _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="client")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def partnerships(far) -> dict[str, Partnership]:
    return {p.name.split()[0].lower(): p for p in Partnership.objects.all()}


@pytest.fixture
def far_officer(make_user, far):
    return make_user(Role.POLICE_OFFICER, "far_police")


def test_a_report_belongs_to_the_partnership_where_it_happened_whoever_files_it(
    make_user, partnerships
):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    resident = actor_of(make_user(Role.RESIDENT))
    assert make_report().report.partnership == partnerships["test"]
    assert make_report(at=FAR_POINT).report.partnership == partnerships["far"]
    theirs = make_report(resident, at=FAR_POINT).report
    assert theirs.partnership == partnerships["far"]
    # Residents see their own reports wherever they are, never by partnership.
    assert list(selectors.own_reports(actor=resident)) == [theirs]
    # A test partnership officer recording a report in the far area: it is the far one's.
    filed = make_report(officer, at=FAR_POINT).report
    assert filed.partnership == partnerships["far"]
    with pytest.raises(NotFound):
        selectors.report_get(actor=officer, report_id=filed.pk)
    event = AuditEvent.objects.get(action="report.created", object_id=str(filed.pk))
    assert json.loads(event.details)["partnership"] == str(partnerships["far"].pk)


def test_a_far_officer_sees_none_of_the_test_partnerships_reports(
    make_user, far_officer, partnerships
):
    ours = make_report().report
    theirs = make_report(at=FAR_POINT).report
    far = staff_client(far_officer)
    listing = far.get(reverse("reports:triage")).content.decode()
    assert theirs.reference in listing and ours.reference not in listing
    assert far.get(reverse("reports:triage-detail", args=[ours.pk])).status_code == 404
    found = far.get(reverse("reports:triage-find"), {"reference": ours.reference})
    assert found.url == reverse("reports:triage")  # "No report has that reference"
    dashboard = far.get(reverse("frontend:dashboard")).content.decode()
    assert '<span class="govuk-!-font-weight-bold" data-triage-count>1</span>' in dashboard
    # The API: the list and the detail.
    headers = bearer(far_officer)
    items = far.get("/api/v1/reports/", **headers).json()["results"]
    assert [i["reference"] for i in items] == [theirs.reference]
    assert items[0]["partnership_id"] == str(partnerships["far"].pk)
    assert far.get(f"/api/v1/reports/{ours.pk}", **headers).status_code == 404
    # The map's points (hotspots) and the vehicle lookup.
    actor = actor_of(far_officer)
    points = selectors.report_points(actor=actor)
    assert [(p.latitude, p.longitude) for p in points] == [FAR_POINT]
    assert not selectors.reports_naming_vehicle(actor=actor, registration="LR19KXT").exists()
    # The test partnership's own officer sees its report and not the far one.
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    assert list(selectors.report_list(actor=officer)) == [ours]


def test_a_far_officer_cannot_write_to_a_test_partnership_report(far_officer):
    report = make_report().report
    far = staff_client(far_officer)
    for name, data in [
        ("reports:triage-status", {"status": "closed"}),
        ("reports:triage-update", {"kind": "note", "text": "Not yours"}),
        ("reports:triage-assign", {"assignee": ""}),
        ("reports:triage-share", {"partnership": "", "reason": "Mine now"}),
    ]:
        assert far.post(reverse(name, args=[report.pk]), data).status_code == 404, name
    actor = actor_of(far_officer)
    with pytest.raises(NotFound):
        services.report_set_status(actor=actor, report_id=report.pk, status="closed")
    with pytest.raises(NotFound):
        services.report_add_internal_note(actor=actor, report_id=report.pk, text="Not yours")
    report.refresh_from_db()
    assert report.status == "new" and not report.internal_notes.exists()


def test_a_share_makes_one_report_visible_and_withdrawal_hides_it_again(
    signed_in, far_officer, partnerships
):
    shared = make_report().report
    kept = make_report(category="noise").report
    officer = signed_in(Role.POLICE_OFFICER)
    page = officer.get(reverse("reports:triage-detail", args=[shared.pk])).content.decode()
    assert "This report belongs to Test Partnership." in page
    assert "Not shared with any other partnership." in page
    assert f'<option value="{partnerships["far"].pk}">Far Partnership</option>' in page
    answer = officer.post(
        reverse("reports:triage-share", args=[shared.pk]),
        {"partnership": str(partnerships["far"].pk), "reason": "It happened on their border."},
    )
    assert answer.status_code == 302
    share = Share.objects.get()
    assert (share.object_type, share.object_id) == ("report", shared.pk)
    assert share.partnership == partnerships["far"] and share.shared_by == officer.user
    assert AuditEvent.objects.filter(action="record.shared", object_id=str(shared.pk)).exists()
    page = officer.get(reverse("reports:triage-detail", args=[shared.pk])).content.decode()
    assert "It happened on their border." in page
    assert "Withdraw the share with Far Partnership" in page
    assert "Share this report" not in page  # no other partnership left to share with

    far = staff_client(far_officer)
    listing = far.get(reverse("reports:triage")).content.decode()
    assert shared.reference in listing and kept.reference not in listing
    page = far.get(reverse("reports:triage-detail", args=[shared.pk]))
    assert page.status_code == 200
    # They see it as their own, but may not pass it on or withdraw the share.
    assert "Withdraw the share" not in page.content.decode()
    assert "Share this report" not in page.content.decode()
    assert far.get(f"/api/v1/reports/{shared.pk}", **bearer(far_officer)).status_code == 200
    with pytest.raises(NotFound):
        services.report_share_withdraw(
            actor=actor_of(far_officer), report_id=shared.pk, share_id=share.pk
        )

    answer = officer.post(
        reverse("reports:triage-share-withdraw", args=[shared.pk]), {"share": str(share.pk)}
    )
    assert answer.status_code == 302
    share.refresh_from_db()
    assert share.withdrawn_at is not None and share.withdrawn_by == officer.user
    assert far.get(reverse("reports:triage-detail", args=[shared.pk])).status_code == 404
    assert shared.reference not in far.get(reverse("reports:triage")).content.decode()
    page = officer.get(reverse("reports:triage-detail", args=[shared.pk])).content.decode()
    assert "Not shared with any other partnership." in page


def test_sharing_needs_a_reason_and_another_partnership(signed_in, partnerships):
    report = make_report().report
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("reports:triage-share", args=[report.pk])
    page = officer.post(url, {"partnership": str(partnerships["far"].pk), "reason": " "})
    assert page.status_code == 400
    assert "Say why the other partnership needs this report" in page.content.decode()
    page = officer.post(url, {"partnership": str(partnerships["test"].pk), "reason": "Why not"})
    assert page.status_code == 400
    assert "Choose the partnership to share it with" in page.content.decode()
    with pytest.raises(ValidationFailed):  # the service refuses it too
        services.report_share(
            actor=actor_of(officer.user),
            report_id=report.pk,
            to_partnership_id=partnerships["test"].pk,
            reason="Why not",
        )
    assert not Share.objects.exists()


def test_a_shared_safeguarding_report_still_reaches_only_safeguarding_roles(
    make_user, far_officer, partnerships
):
    concern = make_report(category="concern-for-safety").report
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    services.report_share(
        actor=lead,
        report_id=concern.pk,
        to_partnership_id=partnerships["far"].pk,
        reason="She was seen in their area.",
    )
    with pytest.raises(NotFound):
        selectors.report_get(actor=actor_of(far_officer), report_id=concern.pk)
    far_lead = actor_of(make_user(Role.SAFEGUARDING_LEAD, "far_council"))
    assert selectors.report_get(actor=far_lead, report_id=concern.pk) == concern
    assert list(selectors.report_list(actor=far_lead)) == [concern]


def _only_a_small_area_is_served() -> None:
    """The test partnership serves a small box around Larkspur Row, not all of Britain."""
    test = Partnership.objects.get(name="Test Partnership")
    lat, lng = LARKSPUR_ROW
    ring = [[lng - 0.1, lat - 0.1], [lng + 0.1, lat - 0.1], [lng + 0.1, lat + 0.1]]
    accounts.partnership_set_area(
        actor=SYSTEM,
        partnership_id=test.pk,
        boundary={"type": "Polygon", "coordinates": [[*ring, [lng - 0.1, lat + 0.1], ring[0]]]},
    )


EDINBURGH = ("55.9533", "-3.1883")  # in Britain, and in no partnership once the area is small


def test_a_resident_is_told_where_to_go_for_a_place_no_partnership_serves(client):
    _only_a_small_area_is_served()
    client.post(reverse("reports:step", args=["what"]), {"category": "noise"})
    where = reverse("reports:step", args=["where"])
    page = client.post(where, {"latitude": EDINBURGH[0], "longitude": EDINBURGH[1]})
    assert page.status_code == 200  # the location step again, not the next one
    content = page.content.decode()
    assert "govuk-error-summary" in content
    assert "Lantern does not serve this place yet" in content and "101" in content
    assert "council" in content
    answer = client.post(where, {"latitude": "51.5412", "longitude": "0.7183"})
    assert answer.status_code == 302 and answer.url == reverse("reports:step", args=["when"])


def test_the_api_refuses_a_place_no_partnership_serves(client, make_user):
    _only_a_small_area_is_served()
    user = make_user(Role.RESIDENT)
    body = {
        "category_code": "noise",
        "latitude": float(EDINBURGH[0]),
        "longitude": float(EDINBURGH[1]),
        "occurred_from": "2026-01-10T21:30:00Z",
        "description": "Loud music all night.",
    }
    answer = client.post("/api/v1/reports/", body, content_type="application/json", **bearer(user))
    assert answer.status_code == 422, answer.content
    assert answer.json()["errors"]["location"] == [selectors.NOT_SERVED]
    assert "101" in selectors.NOT_SERVED
    assert not Report.objects.exists()
    # Nothing at all is filed by place where no partnership exists.
    with pytest.raises(ValidationFailed) as refused:
        make_report(at=(float(EDINBURGH[0]), float(EDINBURGH[1])))
    assert refused.value.errors == {"location": [selectors.NOT_SERVED]}
