"""Administrators keep each organisation's public contact details on a page: the documents it
issues print them, so without them a fixed penalty or a keeper letter cannot be served."""

from __future__ import annotations

from html import unescape

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db


def test_the_list_says_what_each_organisation_still_needs(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    page = unescape(admin.get("/account/organisations/").content.decode())
    assert "Test Borough Council" in page and "Other Constabulary" in page
    # The other force has recorded nothing its keeper letters need.
    assert "Contact details, data protection officer's contact" in page
    assert 'href="/account/organisations/"' in page  # in the service navigation


def test_an_administrator_changes_the_details_and_the_change_is_audited(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    council = orgs["council"]
    url = f"/account/organisations/{council.pk}/details/"
    form = admin.get(url)
    assert form.status_code == 200
    assert "Town Hall" in form.content.decode()  # the recorded details, to change
    response = admin.post(
        url,
        {
            "address": "Civic Centre\nTestham TE9 9ST",
            "telephone": "01632 960 123",
            "email": "asb@council.example.test",
            "payment_methods": "Online at council.example.test/pay.",
            "data_protection_contact": "dpo@council.example.test",
            "keeper_data_kept_for": "6 months from the date of the letter",
        },
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.address == "Civic Centre\nTestham TE9 9ST"
    assert council.keeper_data_kept_for == "6 months from the date of the letter"
    assert AuditEvent.objects.filter(
        action="organisation.details_set", object_id=str(council.pk)
    ).exists()
    page = unescape(admin.get(f"/account/organisations/{council.pk}/").content.decode())
    assert "Civic Centre" in page and "TE9 9ST" in page
    # The council's enforcement policy, which the cases app adds to the page.
    assert "Enforcement policy" in page and f"/cases/policy/{council.pk}/" in page


def test_the_form_refuses_a_bad_email_and_telephone_with_clear_errors(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    response = admin.post(
        f"/account/organisations/{orgs['police'].pk}/details/",
        {"email": "not an address", "telephone": "call us"},
    )
    assert response.status_code == 422
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Enter a telephone number using digits" in page
    assert 'href="#id_email"' in page


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COUNCIL_OFFICER, Role.ANALYST])
def test_only_administrators_see_the_organisation_pages(signed_in, orgs, role):
    client = signed_in(role)
    assert client.get("/account/organisations/").status_code == 403
    assert client.get(f"/account/organisations/{orgs['council'].pk}/").status_code == 403
    assert client.post(f"/account/organisations/{orgs['council'].pk}/details/").status_code == 403
