"""The partnership pages and the ``lantern partnership`` command."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import FAR_AREA
from lantern.accounts.models import Partnership, PartnershipMember
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0.70, 51.53], [0.73, 51.53], [0.73, 51.55], [0.70, 51.55], [0.70, 51.53]]],
}


def test_an_administrator_creates_a_partnership_with_its_area_and_members(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    answer = admin.post(
        reverse("accounts:partnership-new"),
        {
            "name": "Seaside Partnership",
            "boundary": json.dumps(SQUARE),
            "members": [str(orgs["police"].pk), str(orgs["council"].pk)],
        },
    )
    created = Partnership.objects.get(name="Seaside Partnership")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("accounts:partnership", args=[created.pk])
    assert created.min_lat == 51.53 and created.max_lng == 0.73
    assert set(created.members.values_list("name", flat=True)) == {
        "Test Constabulary",
        "Test Borough Council",
    }
    page = admin.get(answer["Location"]).content.decode()
    members = page.split("Member organisations", 1)[1].split("</ul>", 1)[0]
    assert "Test Constabulary" in members and "Test Outreach" not in members
    assert '<option value="' + str(orgs["charity"].pk) + '">Test Outreach' in page


def test_a_partnership_form_with_errors_says_what_to_fix(signed_in):
    admin = signed_in(Role.ADMIN)
    answer = admin.post(reverse("accounts:partnership-new"), {"name": "", "boundary": "{"})
    assert answer.status_code == 422
    assert b"Enter the partnership" in answer.content
    assert b"not valid GeoJSON" in answer.content


def test_members_are_added_and_removed_on_the_page(signed_in, orgs, far):
    admin = signed_in(Role.ADMIN)
    partnership = Partnership.objects.get(name="Far Partnership")
    url = reverse("accounts:partnership-member-add", args=[partnership.pk])
    admin.post(url, {"organisation": str(orgs["police"].pk)})
    assert PartnershipMember.objects.filter(
        partnership=partnership, organisation=orgs["police"]
    ).exists()
    admin.post(
        reverse("accounts:partnership-member-remove", args=[partnership.pk, orgs["police"].pk])
    )
    assert not PartnershipMember.objects.filter(
        partnership=partnership, organisation=orgs["police"]
    ).exists()


def test_staff_see_only_their_own_partnerships_and_may_not_change_them(signed_in, far):
    officer = signed_in(Role.POLICE_OFFICER)
    listing = officer.get(reverse("accounts:partnerships"))
    assert b"Test Partnership" in listing.content and b"Far Partnership" not in listing.content
    far_partnership = Partnership.objects.get(name="Far Partnership")
    assert (
        officer.get(reverse("accounts:partnership", args=[far_partnership.pk])).status_code == 404
    )
    mine = Partnership.objects.get(name="Test Partnership")
    assert officer.get(reverse("accounts:partnership-area", args=[mine.pk])).status_code == 403


def test_the_command_creates_lists_and_changes_partnerships(tmp_path, orgs, capsys):
    area = tmp_path / "far.geojson"
    area.write_text(json.dumps({"type": "Feature", "geometry": FAR_AREA}))
    call_command(
        "partnership",
        "create",
        "North Partnership",
        "--area",
        str(area),
        "--member",
        "test constabulary",
    )
    created = Partnership.objects.get(name="North Partnership")
    assert created.boundary["type"] == "Polygon"
    assert list(created.members.values_list("name", flat=True)) == ["Test Constabulary"]
    call_command("partnership", "member", "North Partnership", "Test Borough Council")
    call_command("partnership", "member", "North Partnership", "Test Constabulary", "--remove")
    call_command("partnership", "list")
    out = capsys.readouterr().out
    assert "North Partnership (area drawn): Test Borough Council" in out
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "Point", "coordinates": [0, 51]}')
    with pytest.raises(CommandError, match="Polygon"):
        call_command("partnership", "area", "North Partnership", str(bad))
    with pytest.raises(CommandError, match="No organisation named"):
        call_command("partnership", "member", "North Partnership", "Nobody")
