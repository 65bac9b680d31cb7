"""The link chart and ranking pages: a GET form that works without JavaScript, the chart's
data for the script in a json_script block, the same data as tables, potential victims
labelled in words and listed apart, never ranked; 404 for a support worker."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from lantern.core.actor import Role
from lantern.intelligence.tests import chart_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(officer):
    return chart_world.build(officer)


def _chart_data(html: str) -> dict:
    found = re.search(r'<script id="link-chart-data" type="application/json">(.*?)</script>', html)
    assert found, "no json_script block"
    return json.loads(found.group(1))


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_the_chart_page_has_the_chart_data_and_the_tables(signed_in, world):
    client = signed_in(Role.ANALYST)
    url = reverse("intelligence:chart", args=[world.controller.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Link chart: Controller" in html
    # No inline script: the data is JSON, the code a module.
    assert "intelligence-chart.js" in html and "cytoscape.min.js" in html
    for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
        assert 'type="application/json"' in script
    data = _chart_data(html)
    assert data["centre"] == str(world.controller.pk)
    nodes = {e["data"]["id"]: e for e in data["elements"] if e["group"] == "nodes"}
    woman = nodes[str(world.woman1.pk)]
    assert "victim" in woman["classes"] and "(potential victim)" in woman["data"]["label"]
    assert "centre" in nodes[str(world.controller.pk)]["classes"]
    # The tables: entities with their measures, links, the timeline, the ranking and the
    # potential victims apart.
    for caption in (
        "Entities on the chart",
        "Links on the chart",
        "Timeline of the same links",
        "Disruption ranking of the entities on this chart",
        "Potential victims: never targets",
    ):
        assert caption in html
    assert "Betweenness" in html and "Eigenvector" in html and "Potential victim" in html
    ranking = _section(html, "Disruption ranking of the entities", "</table>")
    assert "Controller" in ranking or "07700" in ranking
    assert "Testwright" not in ranking  # the women (casework's Ana and Bea Testwright)
    victims = _section(html, "Potential victims: never targets", "</table>")
    assert victims.count("Testwright") == 2


def test_the_filters_reload_the_page(signed_in, world):
    client = signed_in(Role.ANALYST)
    url = reverse("intelligence:chart", args=[world.controller.pk])
    html = client.get(url, {"hops": "1", "link_types": ["uses_phone"]}).content.decode()
    data = _chart_data(html)
    edges = [e for e in data["elements"] if e["group"] == "edges"]
    assert edges and {e["classes"] for e in edges} == {"uses_phone"}
    assert 'value="uses_phone" checked' in html or "checked" in html


def test_bad_filters_show_an_error_summary(signed_in, world):
    client = signed_in(Role.ANALYST)
    url = reverse("intelligence:chart", args=[world.controller.pk])
    response = client.get(url, {"since": "2026-05-01", "until": "2026-04-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "must not be before its start" in html
    assert "<title>Error:" in html
    response = client.get(url, {"hops": "9", "since": "soon"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Enter a real date" in html


def test_support_worker_gets_404(signed_in, world):
    client = signed_in(Role.SUPPORT_WORKER)
    assert client.get(reverse("intelligence:chart", args=[world.controller.pk])).status_code == 404
    assert client.get(reverse("intelligence:ranking")).status_code == 404


def test_council_chart_shows_only_p_links(signed_in, world):
    client = signed_in(Role.COUNCIL_OFFICER)
    html = client.get(
        reverse("intelligence:chart", args=[world.controller.pk]), {"hops": "4"}
    ).content.decode()
    assert "Known only to the police" not in html
    assert "1A-C" not in html and "2B-P" in html
    assert client.get(reverse("intelligence:chart", args=[world.secret.pk])).status_code == 404


def test_the_ranking_page(signed_in, world):
    client = signed_in(Role.ANALYST)
    response = client.get(reverse("intelligence:ranking"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Potential victims are never targets" in html
    ranking = _section(html, "whose removal most breaks up the network", "</table>")
    assert "Largest group left" in ranking and "%" in ranking
    assert reverse("intelligence:chart", args=[world.controller.pk]) in html
    assert "Testwright" not in ranking
    assert _section(html, "Potential victims: never targets", "</table>").count("Testwright") == 2
    bad = client.get(reverse("intelligence:ranking"), {"top": "0"}).content.decode()
    assert "govuk-error-summary" in bad
    assert signed_in(Role.POLICE_OFFICER).get(reverse("intelligence:ranking")).status_code == 403


def test_signed_out_goes_to_sign_in(client, world):
    response = client.get(reverse("intelligence:chart", args=[world.controller.pk]))
    assert response.status_code == 302
