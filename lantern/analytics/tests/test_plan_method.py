"""The patrol planner chooses its method by rolling-origin validation over the plan's
basis period and records which method and why on the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.analytics import services
from lantern.analytics.importer import OFFICIAL_HEADER
from lantern.analytics.methods.grid import to_wgs84
from lantern.core.actor import SYSTEM, Role

X0, Y0 = 585_000.0, 186_000.0  # BNG metres, near Southend
OLD = (150.0, 150.0)  # busy in January only
NEW = (350.0, 350.0)  # steady from February


def _row(i: int, month: str, x: float, y: float) -> str:
    lon, lat = to_wgs84(np.array([X0 + x]), np.array([Y0 + y]))
    return (
        f"p{month}{i},{month},Essex Police,Essex Police,{lon[0]:.6f},{lat[0]:.6f},"
        "On or near Larkspur Row,E01,Eastmere 001A,Anti-social behaviour,,"
    )


@pytest.fixture
def shifting(tmp_path: Path, db) -> None:
    """A 500 m square (about 30 cells, so the top 3% is one cell): a place busy in January
    that then goes quiet (20), and a new one with 11 in February and 2 a month after. The
    counts of the months before March, April and May favour the old place; counts weighted
    to recent months (a one-month half-life) favour the new one in each."""
    rows = [_row(i, "2018-01", cx, cy) for i, (cx, cy) in enumerate(
        [(0, 0), (500, 0), (0, 500), (500, 500)]
    )]  # fmt: skip
    rows += [_row(10 + i, "2018-01", *OLD) for i in range(20)]
    for month, count in ((2, 11), (3, 2), (4, 2), (5, 2)):
        rows += [_row(100 + i, f"2018-{month:02d}", *NEW) for i in range(count)]
    path = tmp_path / "shifting.csv"
    path.write_text(OFFICIAL_HEADER + "\n" + "\n".join(rows) + "\n")
    services.policeuk_import(actor=SYSTEM, path=path)


def _propose(actor, period: str):
    plan = services.patrol_plan_propose(
        actor=actor,
        title="Larkspur Row evenings",
        period=period,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 31),
        category="Anti-social behaviour",
        cells=1,
        slots=1,
    )
    # Built as the background task builds it (test_plan_task.py covers the queueing).
    return services.patrol_plan_prepare(actor=actor, plan_id=plan.pk)


def test_the_planner_records_the_method_chosen_on_the_basis_period(shifting, make_user):
    plan = _propose(actor_of(make_user(Role.ANALYST)), "2018-01..2018-05")
    assert plan.method == "prospective"
    assert plan.method_label == "Time-weighted counts per cell (half life 1)"
    assert "rolling-origin validation inside 2018-01-01..2018-05-31" in plan.method_reason
    assert "naive baseline" in plan.method_reason
    assert plan.basis.startswith(plan.method_label)
    # Its one place is the new one, not January's.
    item = plan.items.get()
    lon, lat = to_wgs84(np.array([X0 + NEW[0]]), np.array([Y0 + NEW[1]]))
    assert abs(item.latitude - lat[0]) < 0.001 and abs(item.longitude - lon[0]) < 0.0015


def test_too_few_months_to_choose_falls_back_to_the_default(shifting, make_user):
    plan = _propose(actor_of(make_user(Role.ANALYST)), "2018-01..2018-02")
    assert plan.method == "naive_recent_kde_ties"
    assert "fewer than three months" in plan.method_reason
    item = plan.items.get()
    _, lat = to_wgs84(np.array([X0 + OLD[0]]), np.array([Y0 + OLD[1]]))
    assert abs(item.latitude - lat[0]) < 0.001  # 20 in January beat 11 in February


def test_the_plan_page_shows_the_method_and_why(
    shifting, signed_in, django_capture_on_commit_callbacks
):
    analyst = signed_in(Role.ANALYST)
    with django_capture_on_commit_callbacks(execute=True):  # the task, run at once
        response = analyst.post(
            reverse("analytics:patrol-plan-new"),
            {
                "title": "Evening patrols",
                "start": "2018-01",
                "end": "2018-05",
                "category": "Anti-social behaviour",
                "area": "",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-31",
                "cells": "1",
            },
        )
    assert response.status_code == 302
    page = analyst.get(response["Location"]).content.decode()
    assert "Why this method" in page
    assert "Time-weighted counts per cell (half life 1)" in page
    assert "rolling-origin validation" in page
