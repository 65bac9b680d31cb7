"""``lantern seed-scale`` beyond casework: safeguarding's reviews, referrals and consent,
enforcement ladders, intelligence and patrols, each as its services would store it; and
``--only``, which adds them to a data set seeded already. Run on SQLite and on PostgreSQL
(LANTERN_TEST_DATABASE_URL)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import actor_of
from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import User
from lantern.analytics.models import PatrolItem, PatrolLog, PatrolPlan, PoliceUkRecord
from lantern.audit import verify
from lantern.audit.models import AuditEvent
from lantern.cases import workflow
from lantern.cases.models import (
    ActionKind,
    ActionState,
    ActionTransition,
    Breach,
    Case,
    EnforcementAction,
    Person,
)
from lantern.core import rules as core_rules
from lantern.intelligence.models import Entity, IntelligenceReport, Link
from lantern.intelligence.schema import LINKS
from lantern.reports.models import Report
from lantern.safeguarding.models import Consent, Referral, Review, Screening
from lantern.safeguarding.selectors.gate import gate_status

pytestmark = pytest.mark.django_db

REPORTS = 1000
K, S = ActionKind, ActionState


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed-scale", "--no-demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    accounts_demo.seed(out=StringIO())
    _seed("--reports", str(REPORTS), "--seed", "7")


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Report,
            Case,
            Person,
            User,
            Screening,
            EnforcementAction,
            Breach,
            IntelligenceReport,
            Entity,
            Link,
            PatrolPlan,
            PatrolItem,
            PatrolLog,
            PoliceUkRecord,
        )
    }


def _check_enforcement() -> None:
    """Each action as the services would have let it be: the safeguarding gate open for
    its addressee, an adult; a notice after a served warning about the same conduct, after
    its time to comply and before it expired; one penalty per breach of a notice; the
    approval's and service's rules pass for the supervisor and the officer who served it."""
    actions = list(EnforcementAction.objects.select_related("case", "person", "prior_warning"))
    assert actions
    for action in actions:
        person = action.person
        assert person is not None and person.age_on(action.created_at.date()) >= 18
        status = gate_status(person_id=person.pk, person_age=person.age_on(action.created_at.date()),
                             case_id=action.case_id)  # fmt: skip
        assert status.allows_enforcement, action.pk
        assert not workflow.hook_refusals(action, "approve", action.created_at.date())
        transitions = list(action.transitions.values_list("name", flat=True))
        assert transitions[:1] in (["approve"], ["withdraw"], [])
        if action.kind == K.CPN:
            warning = action.prior_warning
            assert warning.kind == K.CPW and warning.person_id == action.person_id
            assert warning.conduct_category == action.conduct_category
            assert warning.state == S.BREACHED and warning.comply_by < action.created_at.date()
            if action.served_on:
                assert action.served_on <= warning.expires_on
                assert action.appeal_ends_on is not None
        if action.kind in (K.FPN_CPN, K.PROSECUTION):
            assert action.breach.action.kind == K.CPN
            assert action.breach.action.person_id == action.person_id
            assert action.breach.penalties.count() == 1
        if action.approved_by_id:
            supervisor = actor_of(User.objects.get(pk=action.approved_by_id))
            workflow.guard(action, supervisor, "approve", action.approved_at.date(),
                           workflow.APPROVAL_RULES, core_rules.ENFORCEMENT_APPROVE)  # fmt: skip
        if action.served_on:
            officer = actor_of(User.objects.get(pk=action.served_by_id))
            workflow.guard(action, officer, "serve", action.served_on, workflow.SERVICE_RULES,
                           core_rules.ENFORCEMENT_SERVE)  # fmt: skip
    kinds = {a.kind for a in actions}
    assert {K.CPW, K.CPN} <= kinds
    assert (
        ActionTransition.objects.count()
        == AuditEvent.objects.filter(action__in=[t.event for t in workflow.TRANSITIONS]).count()
    )


def test_the_rest_of_the_borough_as_the_services_store_it(seeded):
    counts = _counts()
    # Safeguarding: a review covers a concern (the latest); a child referred before one.
    reviews = list(Review.objects.select_related("screening"))
    assert reviews and all(r.screening.is_concern for r in reviews)
    ages = {p.pk: p for p in Person.objects.filter(pk__in=[r.person_id for r in reviews])}
    for review in reviews:
        # A child as child_status sees them: the cases app's age, else the screening's view.
        age = ages[review.person_id].age_on(review.decided_on)
        child = age < 18 if age is not None else review.screening.treated_as_child
        if child and review.decision != "do_not_proceed":
            assert Referral.objects.filter(person_id=review.person_id,
                                           kind="childrens_social_care").exists()  # fmt: skip
    for referral in Referral.objects.filter(kind="support_agency"):
        assert referral.consent is not None and referral.consent.given
    for consent in Consent.objects.all():  # NRM_CONSENT_INFORMED: not asked for the NRM here
        assert consent.purpose == "support_referral" and consent.explanation
    _check_enforcement()
    # Intelligence: graded reports mentioning entities, links of types the schema allows.
    assert counts["IntelligenceReport"] == REPORTS * 3 // 100
    for link in Link.objects.select_related("source", "target"):
        assert LINKS[link.link_type].allows(link.source.schema, link.target.schema)
        assert link.report_id is not None
    assert IntelligenceReport.objects.filter(mentions__isnull=False).exists()
    assert not IntelligenceReport.objects.filter(handling="C", handling_conditions="").exists()
    # Patrols: published plans, logs against their items in their windows.
    assert counts["PatrolPlan"] == max(1, round(REPORTS * 0.0002))
    for log in PatrolLog.objects.select_related("item__plan"):
        assert log.item.plan.status == PatrolPlan.Status.PUBLISHED
        assert log.started_at.weekday() == log.item.weekday
        assert log.item.plan.starts_on <= log.started_at.date() <= log.item.plan.ends_on
    connection.check_constraints()
    assert verify.verify_chain().ok


def test_only_adds_the_hooks_asked_for_to_a_seeded_data_set(seeded):
    before = _counts()
    out = _seed("--reports", str(REPORTS), "--seed", "9", "--only",
                "enforcement,intelligence,analytics")  # fmt: skip
    after = _counts()
    # The apps not asked for wrote nothing (accounts only set up the context).
    for name in ("Report", "Case", "Person", "User", "Screening"):
        assert after[name] == before[name], name
    assert "reports:" not in out and "enforcement:" in out
    assert after["IntelligenceReport"] == 2 * before["IntelligenceReport"]
    assert after["PoliceUkRecord"] == 2 * before["PoliceUkRecord"]
    assert after["PatrolPlan"] == 2 * before["PatrolPlan"]
    assert after["EnforcementAction"] > before["EnforcementAction"]
    # One entity per person and registration in the partnership, though two runs made them.
    assert Entity.objects.filter(person__isnull=False).values("person").distinct().count() == (
        Entity.objects.filter(person__isnull=False).count()
    )
    _check_enforcement()
    connection.check_constraints()
    verdict = verify.verify_chain()
    assert verdict.ok, verdict.reason
    assert verdict.events == AuditEvent.objects.count()
    with pytest.raises(CommandError, match="No seed-scale hook named patrolz"):
        _seed("--reports", "10", "--only", "patrolz")
