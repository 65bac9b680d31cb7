"""Analytics in the partnership scope (docs/adr/0015-partnership-is-the-scope.md): patrol
plans and impact evaluations belong to a partnership (their creator's, or the one they
chose); staff of another partnership see none of them, in lists, on pages or in the API,
and cannot act on them; a share shows one, its withdrawal hides it again. Within the
partnership a published plan is for every front-line officer of every member organisation
(issue 20: council officers were locked out). police.uk records are open data, the same for
every partnership; the dashboard is about one partnership at a time."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import FAR_POINT, actor_of
from lantern.accounts import services as account_services
from lantern.accounts.models import Partnership
from lantern.analytics import selectors, services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.models import PatrolPlan
from lantern.analytics.tests.test_patrols_impact import COMPARISON, PROBLEM, _square, import_small
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db
UTC = dt.UTC
FIGURES = {
    "comparison_area": _square(*COMPARISON, 0.002),
    "buffer_m": 250,
    "before": "2018-01..2018-01",
    "after": "2018-02..2018-02",
}


@pytest.fixture
def imported(tmp_path):
    return import_small(tmp_path)


def _test_partnership() -> Partnership:
    return Partnership.objects.get(name="Test Partnership")


def _far_partnership() -> Partnership:
    return Partnership.objects.get(name="Far Partnership")


def _propose(actor, **kwargs) -> PatrolPlan:
    plan = services.patrol_plan_propose(
        actor=actor,
        title="Larkspur Row evenings",
        period="2018-01..2018-02",
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 31),
        cells=1,
        slots=1,
        **kwargs,
    )
    # Built as the background task builds it (test_plan_task.py covers the queueing).
    return services.patrol_plan_prepare(actor=actor, plan_id=plan.pk)


def _published_plan(make_user) -> PatrolPlan:
    plan = _propose(actor_of(make_user(Role.ANALYST)))
    return services.patrol_plan_publish(actor=actor_of(make_user(Role.SUPERVISOR)), plan_id=plan.pk)


@pytest.fixture
def api(client, make_user):
    """A bearer-token client of the analytics API for a new user of ``role``."""

    def as_role(role: Role, org: str = "default"):
        user = make_user(role, org)
        _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
        headers = {"Authorization": f"Bearer {token}"}

        class Api:
            def get(self, path: str):
                return client.get(f"/api/v1/analytics{path}", headers=headers)

            def post(self, path: str, body: dict):
                return client.post(
                    f"/api/v1/analytics{path}",
                    data=body,
                    content_type="application/json",
                    headers=headers,
                )

        return Api()

    return as_role


def _client(client, user):
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def _in_both(make_user, orgs, role: Role):
    """A user with ``role`` in the test partnership's police and the far partnership's."""
    user = make_user(role, "police")
    account_services.membership_grant(
        actor=SYSTEM, user=user, organisation=orgs["far_police"], role=role
    )
    return user


def _share(object_type: str, record, to: Partnership):
    return account_services.record_share(
        actor=SYSTEM,
        object_type=object_type,
        object_id=record.pk,
        from_partnership_id=record.partnership_id,
        to_partnership_id=to.pk,
        reason="A joint operation on the boundary road",
    )


# --- patrol plans -------------------------------------------------------------------------


def test_a_published_plan_is_for_every_officer_of_the_partnership(imported, make_user, client):
    """Issue 20: the plan is the police's, and council officers and PCSOs of the same
    partnership see it, open it and log patrols against it."""
    plan = _published_plan(make_user)
    assert plan.partnership == _test_partnership()
    for role, org in ((Role.COUNCIL_OFFICER, "council"), (Role.PCSO, "police")):
        user = make_user(role, org)
        officer = actor_of(user)
        assert list(selectors.patrol_plan_list(actor=officer)) == [plan]
        assert selectors.patrol_plan_get(actor=officer, plan_id=plan.pk) == plan
        page = _client(client, user).get(reverse("analytics:patrol-plans"))
        assert plan.title in page.content.decode()
        detail = client.get(reverse("analytics:patrol-plan", args=[plan.pk])).content.decode()
        assert "Log a patrol" in detail and "Test Partnership" in detail
        start = dt.datetime(2026, 12, 4, 18, 5, tzinfo=UTC)
        services.patrol_log(
            actor=officer,
            item_id=plan.items.first().pk,
            started_at=start,
            ended_at=start + dt.timedelta(minutes=15),
        )
    assert sum(p.logged for p in selectors.patrol_plan_progress(actor=officer, plan=plan)) == 2


def test_drafts_stay_with_the_organisation_that_proposed_them(imported, make_user):
    draft = _propose(actor_of(make_user(Role.ANALYST)))
    council_supervisor = actor_of(make_user(Role.SUPERVISOR, "council"))
    with pytest.raises(NotFound):
        selectors.patrol_plan_get(actor=council_supervisor, plan_id=draft.pk)
    with pytest.raises(NotFound):
        services.patrol_item_remove(actor=council_supervisor, item_id=draft.items.first().pk)
    assert selectors.patrol_plan_get(actor=actor_of(make_user(Role.SUPERVISOR)), plan_id=draft.pk)


def test_another_partnership_sees_no_plan_until_it_is_shared(imported, make_user, far, client, api):
    plan = _published_plan(make_user)
    item = plan.items.first()
    user = make_user(Role.POLICE_OFFICER, "far_police")
    stranger = actor_of(user)
    start = dt.datetime(2026, 12, 4, 18, 5, tzinfo=UTC)

    def hidden() -> None:
        assert not selectors.patrol_plan_list(actor=stranger).exists()
        with pytest.raises(NotFound):
            selectors.patrol_plan_get(actor=stranger, plan_id=plan.pk)
        with pytest.raises(NotFound):
            services.patrol_log(
                actor=stranger, item_id=item.pk, started_at=start,
                ended_at=start + dt.timedelta(minutes=10),
            )  # fmt: skip
        pages = _client(client, user)
        assert plan.title not in pages.get(reverse("analytics:patrol-plans")).content.decode()
        for url in (
            reverse("analytics:patrol-plan", args=[plan.pk]),
            reverse("analytics:patrol-log", args=[item.pk]),
        ):
            assert pages.get(url).status_code == 404
        assert token.get(f"/patrol-plans/{plan.pk}").status_code == 404
        assert token.get("/patrol-plans").json()["count"] == 0
        assert token.post(
            f"/patrol-items/{item.pk}/logs",
            {"started_at": start.isoformat(), "ended_at": (start + dt.timedelta(minutes=9)).isoformat()},
        ).status_code == 404  # fmt: skip

    token = api(Role.POLICE_OFFICER, "far_police")
    hidden()
    share = _share(selectors.PATROL_PLAN, plan, _far_partnership())
    assert selectors.patrol_plan_get(actor=stranger, plan_id=plan.pk) == plan
    assert token.get(f"/patrol-plans/{plan.pk}").json()["partnership_id"] == str(
        _test_partnership().pk
    )
    account_services.share_withdraw(actor=SYSTEM, share_id=share.pk)
    hidden()


def test_a_far_supervisor_cannot_touch_a_draft(imported, make_user, far):
    draft = _propose(actor_of(make_user(Role.ANALYST)))
    stranger = actor_of(make_user(Role.SUPERVISOR, "far_police"))
    item = draft.items.first()
    with pytest.raises(NotFound):
        services.patrol_plan_publish(actor=stranger, plan_id=draft.pk)
    with pytest.raises(NotFound):
        services.patrol_item_update(
            actor=stranger, item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10), visits=1,
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == PatrolPlan.Status.DRAFT


def test_a_plan_belongs_to_its_proposers_partnership(imported, make_user, far):
    far_plan = _propose(actor_of(make_user(Role.ANALYST, "far_police")))
    assert far_plan.partnership == _far_partnership()
    assert not selectors.patrol_plan_list(actor=actor_of(make_user(Role.SUPERVISOR))).exists()


def test_someone_in_two_partnerships_chooses_the_plans(imported, make_user, orgs, far, client):
    user = _in_both(make_user, orgs, Role.ANALYST)
    analyst = actor_of(user)
    with pytest.raises(ValidationFailed, match="Choose which partnership"):
        _propose(analyst)
    other = Partnership.objects.create(name="Nobody's Partnership")
    with pytest.raises(ValidationFailed, match="Choose one of your partnerships"):
        _propose(analyst, partnership_id=other.pk)
    plan = _propose(analyst, partnership_id=_far_partnership().pk)
    assert plan.partnership == _far_partnership()
    # The draft is the far police's (the analyst's organisation there): its supervisor
    # publishes it, and the test partnership's supervisors never see it.
    assert plan.organisation_id == orgs["far_police"].pk
    with pytest.raises(NotFound):
        selectors.patrol_plan_get(actor=actor_of(make_user(Role.SUPERVISOR)), plan_id=plan.pk)
    far_supervisor = actor_of(make_user(Role.SUPERVISOR, "far_police"))
    published = services.patrol_plan_publish(actor=far_supervisor, plan_id=plan.pk)
    assert published.status == PatrolPlan.Status.PUBLISHED

    pages = _client(client, user)
    form = pages.get(reverse("analytics:patrol-plan-new")).content.decode()
    assert 'name="partnership"' in form and "Far Partnership" in form
    post = {
        "title": "Chosen", "start": "2018-01", "end": "2018-02", "category": "", "area": "",
        "starts_on": "2026-12-01", "ends_on": "2026-12-31", "cells": "1",
    }  # fmt: skip
    refused = pages.post(reverse("analytics:patrol-plan-new"), post)
    assert refused.status_code == 200 and "Choose which partnership this is for" in (
        refused.content.decode()
    )
    made = pages.post(
        reverse("analytics:patrol-plan-new"), post | {"partnership": str(_test_partnership().pk)}
    )
    assert made.status_code == 302
    assert PatrolPlan.objects.get(title="Chosen").partnership == _test_partnership()
    listed = pages.get(reverse("analytics:patrol-plans")).content.decode()
    assert "Far Partnership" in listed and "Test Partnership" in listed


def test_one_partnership_is_never_asked_to_choose(imported, signed_in):
    form = signed_in(Role.ANALYST).get(reverse("analytics:patrol-plan-new")).content.decode()
    assert 'name="partnership"' not in form


# --- impact evaluations --------------------------------------------------------------------


def test_another_partnership_sees_no_evaluation_until_it_is_shared(
    imported, make_user, far, client, api
):
    evaluation = services.impact_evaluate(
        actor=actor_of(make_user(Role.ANALYST)),
        title="Larkspur Row",
        problem_area=_square(*PROBLEM, 0.001),
        **FIGURES,
    )
    assert evaluation.partnership == _test_partnership()
    user = make_user(Role.ANALYST, "far_police")
    stranger = actor_of(user)
    token = api(Role.ANALYST, "far_police")

    def hidden() -> None:
        assert not selectors.impact_list(actor=stranger).exists()
        with pytest.raises(NotFound):
            selectors.impact_get(actor=stranger, evaluation_id=evaluation.pk)
        pages = _client(client, user)
        assert "Larkspur Row" not in pages.get(reverse("analytics:impacts")).content.decode()
        assert "Larkspur Row" not in pages.get(reverse("analytics:dashboard")).content.decode()
        for url in (
            reverse("analytics:impact", args=[evaluation.pk]),
            reverse("analytics:impact-chart", args=[evaluation.pk]),
        ):
            assert pages.get(url).status_code == 404
        assert token.get(f"/impact-evaluations/{evaluation.pk}").status_code == 404
        assert token.get("/impact-evaluations").json()["count"] == 0

    hidden()
    share = _share(selectors.IMPACT_EVALUATION, evaluation, _far_partnership())
    assert selectors.impact_get(actor=stranger, evaluation_id=evaluation.pk) == evaluation
    assert token.get(f"/impact-evaluations/{evaluation.pk}").status_code == 200
    account_services.share_withdraw(actor=SYSTEM, share_id=share.pk)
    hidden()


def test_a_case_evaluation_is_its_cases_partnerships(imported, make_user):
    from lantern.cases import services as case_services

    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = case_services.case_open(
        actor=officer,
        data=case_services.CaseInput(
            kind="place", title="Larkspur Row", area=_square(*PROBLEM, 0.001)
        ),
    )
    case_services.case_set_stage(actor=officer, case_id=case.pk, stage="assessment")
    evaluation = services.impact_evaluate(
        actor=officer, title="x", problem_area=None, case_id=case.pk, **FIGURES
    )
    assert evaluation.partnership == _test_partnership()


def test_someone_in_two_partnerships_chooses_the_evaluations(
    imported, make_user, orgs, far, client
):
    user = _in_both(make_user, orgs, Role.ANALYST)
    analyst = actor_of(user)
    with pytest.raises(ValidationFailed, match="Choose which partnership"):
        services.impact_evaluate(
            actor=analyst, title="x", problem_area=_square(*PROBLEM, 0.001), **FIGURES
        )
    evaluation = services.impact_evaluate(
        actor=analyst,
        title="For the far partnership",
        problem_area=_square(*PROBLEM, 0.001),
        partnership_id=_far_partnership().pk,
        **FIGURES,
    )
    assert evaluation.partnership == _far_partnership()
    assert evaluation.organisation_id == orgs["far_police"].pk
    far_analyst = actor_of(make_user(Role.ANALYST, "far_police"))
    assert selectors.impact_get(actor=far_analyst, evaluation_id=evaluation.pk) == evaluation

    pages = _client(client, user)
    assert 'name="partnership"' in pages.get(reverse("analytics:impact-new")).content.decode()
    post = {
        "title": "Chosen on the page",
        "category": "",
        "problem_area": json.dumps(_square(*PROBLEM, 0.001)),
        "comparison_area": json.dumps(FIGURES["comparison_area"]),
        "buffer_m": "250",
        "before": "2018-01..2018-01",
        "after": "2018-02..2018-02",
        "partnership": str(_test_partnership().pk),
    }
    assert pages.post(reverse("analytics:impact-new"), post).status_code == 302
    chosen = selectors.impact_list(actor=analyst).get(title="Chosen on the page")
    assert chosen.partnership == _test_partnership()
    # The dashboard is about one partnership at a time, chosen from the actor's (the first
    # by name until they choose).
    far_board = pages.get(reverse("analytics:dashboard")).content.decode()
    assert 'name="partnership"' in far_board
    assert '<span class="govuk-caption-l">Far Partnership</span>' in far_board
    assert "For the far partnership" in far_board and "Chosen on the page" not in far_board
    board = pages.get(
        reverse("analytics:dashboard"), {"partnership": str(_test_partnership().pk)}
    ).content.decode()
    assert '<span class="govuk-caption-l">Test Partnership</span>' in board
    assert "Chosen on the page" in board and "For the far partnership" not in board


# --- police.uk records: open data; the dashboard's partnership ----------------------------


def test_policeuk_records_are_the_same_for_every_partnership(imported, make_user, far):
    mine = selectors.analysis_points(actor=actor_of(make_user(Role.ANALYST)))
    theirs = selectors.analysis_points(actor=actor_of(make_user(Role.ANALYST, "far_police")))
    assert len(mine) == len(theirs) == 88
    assert selectors.import_list(actor=actor_of(make_user(Role.ANALYST, "far_police"))).exists()


def test_the_dashboard_shows_its_partnerships_area(imported, make_user, far, tmp_path, client):
    lat, lon = FAR_POINT
    row = f"f1,2018-03,Far Police,Far Police,{lon},{lat},On or near Far Street,E02,Far 001A,Burglary,,"
    path = tmp_path / "far.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + row + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)

    far_board = _client(client, make_user(Role.POLICE_OFFICER, "far_police")).get(
        reverse("analytics:dashboard")
    )
    text = far_board.content.decode()
    assert '<span class="govuk-caption-l">Far Partnership</span>' in text
    assert "Records by month and category, Far Partnership" in text
    assert "Mar 2018" in text and "Jan 2018" not in text  # Larkspur Row is not in its area
    assert 'name="partnership"' not in text  # one partnership: nothing to choose

    test_board = _client(client, make_user(Role.POLICE_OFFICER)).get(reverse("analytics:dashboard"))
    assert "Jan 2018" in test_board.content.decode()  # the test partnership covers both


def test_staff_of_no_partnership_see_open_data_and_make_nothing(imported, make_user, orgs, client):
    orgs["lone"] = account_services.organisation_create(
        actor=SYSTEM, name="Lone Borough Council", kind="council"
    )
    user = make_user(Role.SUPERVISOR, "lone")
    supervisor = actor_of(user)
    with pytest.raises(ValidationFailed, match="not a member of any partnership"):
        _propose(supervisor)
    assert not selectors.patrol_plan_list(actor=supervisor).exists()
    board = _client(client, user).get(reverse("analytics:dashboard")).content.decode()
    assert "Your organisation is not a member of any partnership yet" in board
    assert "Records by month and category, all areas" in board
