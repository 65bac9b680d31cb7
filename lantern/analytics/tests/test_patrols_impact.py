"""Patrol plans (propose, adjust, publish, log, planned against done) and impact
evaluations, built through the real services over a small imported file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import actor_of
from lantern.analytics import selectors, services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.models import PatrolPlan
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed

UTC = dt.UTC


def _row(i: int, month: str, lon: float, lat: float) -> str:
    return (
        f"c{month}{i},{month},Essex Police,Essex Police,{lon:.6f},{lat:.6f},On or near Larkspur Row,"
        f"E01,Eastmere 001A,Anti-social behaviour,,"
    )


def _square(lon: float, lat: float, half: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon - half, lat - half],
                [lon + half, lat - half],
                [lon + half, lat + half],
                [lon - half, lat + half],
                [lon - half, lat - half],
            ]
        ],
    }


PROBLEM = (0.7183, 51.5412)
COMPARISON = (0.7600, 51.5600)
BUFFER_POINT = (0.7183 + 0.0030, 51.5412)  # ~210 m east: inside a 250 m buffer ring


@pytest.fixture
def imported(tmp_path: Path, db) -> Path:
    return import_small(tmp_path)


def import_small(tmp_path: Path) -> Path:
    rows = []
    # Before (2018-01): 20 in the problem area, 10 in the buffer, 20 in the comparison area.
    # After (2018-02): 8 in the problem area, 12 in the buffer, 18 in the comparison area.
    for month, (r, d, c) in (("2018-01", (20, 10, 20)), ("2018-02", (8, 12, 18))):
        for i in range(r):
            rows.append(_row(i, month, PROBLEM[0], PROBLEM[1]))
        for i in range(d):
            rows.append(_row(100 + i, month, *BUFFER_POINT))
        for i in range(c):
            rows.append(_row(200 + i, month, *COMPARISON))
    path = tmp_path / "eastmere.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)
    return path


def _propose(actor):
    plan = services.patrol_plan_propose(
        actor=actor,
        title="Larkspur Row evenings",
        period="2018-01..2018-02",
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 31),
        category="Anti-social behaviour",
        cells=2,
        slots=2,
    )
    # Built as the background task builds it (test_plan_task.py covers the queueing).
    return services.patrol_plan_prepare(actor=actor, plan_id=plan.pk)


@pytest.mark.django_db
def test_propose_adjust_publish_log_and_progress(imported, make_user):
    analyst = actor_of(make_user(Role.ANALYST))
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    officer = actor_of(make_user(Role.POLICE_OFFICER))

    plan = _propose(analyst)
    items = list(plan.items.all())
    # Two places (the problem point and the comparison point are the densest) x two windows.
    assert len(items) == 4
    assert {i.dosage_minutes for i in items} == {15}
    assert "no times of day" in plan.basis
    assert {(i.weekday, i.start_time) for i in items} == {(4, dt.time(18)), (5, dt.time(18))}
    assert (
        abs(items[0].latitude - PROBLEM[1]) < 0.002
        or abs(items[0].latitude - COMPARISON[1]) < 0.002
    )

    # Officers do not see drafts; the supervisor adjusts and publishes.
    with pytest.raises(NotFound):
        selectors.patrol_plan_get(actor=officer, plan_id=plan.pk)
    with pytest.raises(PermissionDenied):
        services.patrol_plan_publish(actor=analyst, plan_id=plan.pk)
    services.patrol_item_update(
        actor=supervisor, item_id=items[0].pk, weekday=3, start_time=dt.time(16),
        end_time=dt.time(18), visits=3,
    )  # fmt: skip
    services.patrol_item_remove(actor=supervisor, item_id=items[3].pk)
    plan = services.patrol_plan_publish(actor=supervisor, plan_id=plan.pk)
    assert plan.status == PatrolPlan.Status.PUBLISHED
    with pytest.raises(ValidationFailed, match="published plan cannot be changed"):
        services.patrol_item_update(
            actor=supervisor, item_id=items[1].pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10), visits=1,
        )  # fmt: skip

    start = dt.datetime(2026, 12, 3, 16, 5, tzinfo=UTC)
    services.patrol_log(
        actor=officer, item_id=items[0].pk, started_at=start,
        ended_at=start + dt.timedelta(minutes=17), notes="Quiet; spoke to two shopkeepers.",
    )  # fmt: skip
    with pytest.raises(ValidationFailed, match="end after it starts"):
        services.patrol_log(actor=officer, item_id=items[0].pk, started_at=start, ended_at=start)
    progress = selectors.patrol_plan_progress(actor=officer, plan=plan)
    first = next(p for p in progress if p.item.pk == items[0].pk)
    assert (first.planned_visits, first.logged, first.logged_minutes) == (3, 1, 17)
    assert sum(p.logged for p in progress) == 1
    assert len(progress) == 3


@pytest.mark.django_db
def test_other_organisations_cannot_see_a_plan(imported, make_user):
    plan = _propose(actor_of(make_user(Role.ANALYST)))
    outsider = actor_of(make_user(Role.SUPERVISOR, org="other_police"))
    with pytest.raises(NotFound):
        selectors.patrol_plan_get(actor=outsider, plan_id=plan.pk)
    assert not selectors.patrol_plan_list(actor=outsider).exists()


@pytest.mark.django_db
def test_impact_evaluation_counts_and_measures(imported, make_user):
    """Counts from the fixture: Rb 20, Ra 8, Db 10, Da 12, Cb 20, Ca 18.
    Success measure = 8/18 - 20/20 = -0.5556 (the response worked);
    buffer measure = 12/18 - 10/20 = 0.1667; WDQ = 0.1667 / -0.5556 = -0.3:
    displacement, but some benefit. Relative rate ratio = (8/20) / (18/20) = 0.4444."""
    analyst = actor_of(make_user(Role.ANALYST))
    evaluation = services.impact_evaluate(
        actor=analyst,
        title="Larkspur Row",
        problem_area=_square(*PROBLEM, 0.001),
        comparison_area=_square(*COMPARISON, 0.002),
        buffer_m=250,
        before="2018-01..2018-01",
        after="2018-02..2018-02",
        category="Anti-social behaviour",
    )
    assert evaluation.counts == {"rb": 20, "ra": 8, "db": 10, "da": 12, "cb": 20, "ca": 18}
    wdq = evaluation.results["wdq"]
    assert wdq["value"] == pytest.approx(-0.3)
    assert wdq["reading"].startswith("Displacement occurred")
    assert evaluation.results["relative_rate_ratio"]["value"] == pytest.approx(8 / 18)
    assert evaluation.results["rate_ratio"]["value"] == pytest.approx(0.4)


@pytest.mark.django_db
def test_impact_declines_the_wdq_when_the_comparison_area_is_empty(imported, make_user):
    analyst = actor_of(make_user(Role.ANALYST))
    evaluation = services.impact_evaluate(
        actor=analyst,
        title="Empty comparison",
        problem_area=_square(*PROBLEM, 0.001),
        comparison_area=_square(0.9, 51.7, 0.001),
        buffer_m=250,
        before="2018-01..2018-01",
        after="2018-02..2018-02",
    )
    assert evaluation.results["wdq"]["value"] is None
    assert "comparison area had no incidents" in evaluation.results["wdq"]["refused"]


@pytest.mark.django_db
def test_impact_refuses_bad_polygons_and_periods(imported, make_user):
    analyst = actor_of(make_user(Role.ANALYST))
    with pytest.raises(ValidationFailed, match="not usable"):
        services.impact_evaluate(
            actor=analyst, title="x", problem_area={"type": "Point", "coordinates": [0, 0]},
            comparison_area=_square(*COMPARISON, 0.002), buffer_m=100,
            before="2018-01..2018-01", after="2018-02..2018-02",
        )  # fmt: skip
    with pytest.raises(ValidationFailed, match="after period"):
        services.impact_evaluate(
            actor=analyst, title="x", problem_area=_square(*PROBLEM, 0.001),
            comparison_area=_square(*COMPARISON, 0.002), buffer_m=100,
            before="2018-01..2018-02", after="2018-02..2018-02",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.impact_evaluate(
            actor=actor_of(make_user(Role.POLICE_OFFICER)), title="x",
            problem_area=_square(*PROBLEM, 0.001), comparison_area=_square(*COMPARISON, 0.002),
            buffer_m=100, before="2018-01..2018-01", after="2018-02..2018-02",
        )  # fmt: skip
