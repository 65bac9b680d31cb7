"""Impact evaluation in the assessment stage of a place-based problem case: made from the
case (its area prefilled as the problem area) by an analyst or the case's officers, and
shown on the case page through the panel registry."""

from __future__ import annotations

import json

import pytest

from conftest import actor_of
from lantern.analytics import selectors, services
from lantern.analytics.models import ImpactEvaluation
from lantern.analytics.tests.test_patrols_impact import (
    COMPARISON,
    PROBLEM,
    _square,
    import_small,
)
from lantern.audit.models import AuditEvent
from lantern.cases import services as case_services
from lantern.core.actor import Role
from lantern.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    return import_small(tmp_path)


AREA = _square(*PROBLEM, 0.001)
FIGURES = {
    "comparison_area": _square(*COMPARISON, 0.002),
    "buffer_m": 250,
    "before": "2018-01..2018-01",
    "after": "2018-02..2018-02",
    "category": "Anti-social behaviour",
}


def _place_case(officer, *, stage: str | None = "assessment", area=AREA):
    case = case_services.case_open(
        actor=officer,
        data=case_services.CaseInput(kind="place", title="Larkspur Row at night", area=area),
    )
    if stage:
        case_services.case_set_stage(actor=officer, case_id=case.pk, stage=stage)
    return case


def test_an_officer_evaluates_the_case_with_its_area_as_the_problem_area(imported, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = _place_case(officer)
    evaluation = services.impact_evaluate(
        actor=officer, title="After the closure order", problem_area=None, case_id=case.pk,
        **FIGURES,
    )  # fmt: skip
    # The same counts as the hand-worked evaluation in test_patrols_impact.py.
    assert evaluation.counts == {"rb": 20, "ra": 8, "db": 10, "da": 12, "cb": 20, "ca": 18}
    assert evaluation.results["wdq"]["value"] == pytest.approx(-0.3)
    assert evaluation.problem_area == AREA
    assert evaluation.case_id == case.pk
    assert evaluation.organisation_id == case.organisation_id
    event = AuditEvent.objects.get(action="impact.evaluated")
    assert json.loads(event.details)["case"] == str(case.pk)
    assert list(selectors.impact_for_case(actor=officer, case_id=case.pk)) == [evaluation]


def test_an_analyst_may_evaluate_the_case_and_may_draw_another_problem_area(imported, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    analyst = actor_of(make_user(Role.ANALYST))
    case = _place_case(officer)
    evaluation = services.impact_evaluate(
        actor=analyst, title="Wider", problem_area=_square(*PROBLEM, 0.0005), case_id=case.pk,
        **FIGURES,
    )  # fmt: skip
    assert evaluation.problem_area != AREA and evaluation.counts["rb"] == 20


def test_only_a_place_based_problem_in_its_assessment_stage_is_evaluated(imported, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    analysis = _place_case(officer, stage="analysis")
    person = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="One person")
    )
    no_area = _place_case(officer, area=None)
    for case, message in (
        (analysis, "assessment stage"),
        (person, "place-based problem"),
        (no_area, "Draw the problem"),
    ):
        with pytest.raises(services.CaseNotReady, match=message):
            services.impact_evaluate(
                actor=officer, title="x", problem_area=None, case_id=case.pk, **FIGURES
            )
    assert not ImpactEvaluation.objects.exists()


def test_strangers_to_the_case_cannot_evaluate_or_see_it(imported, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = _place_case(officer)
    evaluation = services.impact_evaluate(
        actor=officer, title="x", problem_area=None, case_id=case.pk, **FIGURES
    )
    outsider = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    with pytest.raises(NotFound):
        services.impact_evaluate(
            actor=outsider, title="x", problem_area=None, case_id=case.pk, **FIGURES
        )
    assert not selectors.impact_for_case(actor=outsider, case_id=case.pk).exists()
    with pytest.raises(NotFound):
        selectors.impact_get(actor=outsider, evaluation_id=evaluation.pk)
    # A support worker may see the case but neither evaluate it nor see evaluations.
    support = actor_of(make_user(Role.SUPPORT_WORKER))
    with pytest.raises((PermissionDenied, NotFound)):
        services.impact_evaluate(
            actor=support, title="x", problem_area=None, case_id=case.pk, **FIGURES
        )
    # Outside a case, only IMPACT_MANAGE (analysts, supervisors) may evaluate.
    with pytest.raises(PermissionDenied):
        services.impact_evaluate(actor=officer, title="x", problem_area=AREA, **FIGURES)


def test_the_case_page_shows_the_evaluations_and_the_way_to_make_one(imported, signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = _place_case(officer, stage="analysis")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Impact of the response" in page
    assert "when the problem reaches its assessment stage" in page
    assert f"/analytics/cases/{case.pk}/impact/new/" not in page
    # Too early: the form page sends the officer back to the case with the reason.
    early = client.get(f"/analytics/cases/{case.pk}/impact/new/", follow=True)
    assert "must be in its assessment stage" in early.content.decode()

    case_services.case_set_stage(actor=officer, case_id=case.pk, stage="assessment")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/analytics/cases/{case.pk}/impact/new/" in page
    form = client.get(f"/analytics/cases/{case.pk}/impact/new/")
    assert form.status_code == 200
    text = form.content.decode()
    assert case.reference in text and "0.7173" in text  # the case's area, prefilled
    # Both areas are drawn on a map (the frontend's polygon widget) or typed.
    assert text.count("data-polygon-editor") == 2
    assert "lantern/polygon-map.js" in text

    bad = client.post(
        f"/analytics/cases/{case.pk}/impact/new/",
        {"title": "x", "problem_area": "{}", "comparison_area": "[1", "buffer_m": "250",
         "before": "2018-01", "after": "2018-02"},
    )  # fmt: skip
    assert bad.status_code == 200 and "Error: Evaluate a response" in bad.content.decode()

    done = client.post(
        f"/analytics/cases/{case.pk}/impact/new/",
        {
            "title": "After the closure order",
            "category": "Anti-social behaviour",
            "problem_area": form.context["form"]["problem_area"].value(),
            "comparison_area": '{"type": "Polygon", "coordinates": [[[0.758, 51.558], '
            "[0.762, 51.558], [0.762, 51.562], [0.758, 51.562], [0.758, 51.558]]]}",
            "buffer_m": "250",
            "before": "2018-01..2018-01",
            "after": "2018-02..2018-02",
            "source": "imported",
        },
    )
    assert done.status_code == 302 and done.url == f"/cases/{case.pk}/"
    evaluation = ImpactEvaluation.objects.get(case_id=case.pk)
    assert evaluation.counts["rb"] == 20 and evaluation.counts["ca"] == 18
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "After the closure order" in page
    assert "-0.30: Displacement occurred" in page  # the WDQ and its reading
    assert f"/analytics/impact/{evaluation.pk}/chart.png" in page
    detail = client.get(f"/analytics/impact/{evaluation.pk}/").content.decode()
    assert f"Back to {case.reference}" in detail
    assert detail.count("data-polygon-view") == 2  # both areas on read-only maps
    assert client.get(f"/analytics/impact/{evaluation.pk}/chart.png").status_code == 200


def test_a_person_case_has_no_impact_panel(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    case = case_services.case_open(
        actor=actor_of(client.user), data=case_services.CaseInput(kind="person", title="One")
    )
    assert "Impact of the response" not in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.get(f"/analytics/cases/{case.pk}/impact/new/", follow=True)
    assert "Only a place-based problem" in response.content.decode()


def test_strangers_get_404_from_the_case_evaluation_page(signed_in, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = _place_case(officer)
    client = signed_in(Role.POLICE_OFFICER, "other_police")
    assert client.get(f"/analytics/cases/{case.pk}/impact/new/").status_code == 404
