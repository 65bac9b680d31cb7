"""Statements started from a report, found from its case, referring to the exhibits an
officer links (never typed by the witness; a signed statement never changes), and chosen
with evidence items as the evidence a warning rests on."""

from __future__ import annotations

import hashlib
from html import unescape

import pytest
from django.urls import reverse

from conftest import FAR_POINT, PASSWORD, actor_of, client_for
from lantern.accounts.models import Partnership
from lantern.cases import selectors, services
from lantern.cases.tests.conftest import cpw_input
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.evidence import services as evidence_services
from lantern.evidence import statement_exhibits, statements
from lantern.evidence.models import Statement, StatementExhibit
from lantern.evidence.tests.factories import clip, upload_bytes
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def reporter(make_user):
    return make_user(Role.RESIDENT)


@pytest.fixture
def report(reporter, make_report):
    return make_report(actor=actor_of(reporter))


@pytest.fixture
def on_case(officer, case, report):
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return report


@pytest.fixture
def stored(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _item_on(report, name="doorbell.mp4"):
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report.pk
    )
    return upload_bytes(actor=ANONYMOUS, data=clip(), token=token, metadata={"filename": name}).item


def _draft(reporter, report, body="I saw a car stop outside number 4.") -> Statement:
    actor = actor_of(reporter)
    statement = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", link_kind="report", link_id=report.pk
    )
    return statements.statement_update(
        actor=actor, statement_id=statement.pk, body=body, no_dates_to_avoid=True
    )


def _sign(reporter, statement, **extra) -> Statement:
    return statements.statement_sign(
        actor=actor_of(reporter), statement_id=statement.pk, typed_name="Ada Thornbury",
        secret=PASSWORD, declaration_accepted=True, **extra,
    )  # fmt: skip


# --- 1. "Give a statement about this" ---------------------------------------------------------


def test_a_resident_gives_a_statement_from_their_own_report(reporter, report, make_user):
    client = client_for(reporter)
    page = text(client.get(reverse("reports:mine-detail", args=[report.reference])))
    start = reverse("evidence:statement-start-report", args=[report.pk])
    assert "Give a statement about this" in page and start in page
    assert "about report " + report.reference in text(client.get(start))
    done = client.post(start, {"witness_name": "Ada Thornbury"})
    statement = Statement.objects.get()
    assert done.url == reverse("evidence:statement-edit", args=[statement.pk])
    assert (statement.link_kind, statement.link_id) == ("report", report.pk)
    assert statement.witness_id == reporter.pk
    assert statement.partnership_id == report.partnership_id
    # The URL carries the report's id only: nothing personal.
    assert "Ada" not in start and report.reference not in start

    # Another resident may not start one about it, nor learn that it exists.
    other = client_for(make_user(Role.RESIDENT))
    assert other.get(start).status_code == 404
    assert other.post(start, {"witness_name": "Someone"}).status_code == 404
    assert Statement.objects.count() == 1


def test_an_officer_gives_a_statement_from_a_report_they_may_read(report, make_user, far):
    officer = make_user(Role.POLICE_OFFICER)
    client = client_for(officer)
    page = text(client.get(reverse("reports:triage-detail", args=[report.pk])))
    start = reverse("evidence:statement-start-report", args=[report.pk])
    assert start in page
    client.post(start, {"witness_name": "PC Lowen Marsh"})
    statement = Statement.objects.get()
    assert (statement.link_kind, statement.link_id) == ("report", report.pk)
    assert statement.witness_id == officer.pk
    # An officer of another partnership cannot read the report: 404, nothing written.
    stranger = client_for(make_user(Role.POLICE_OFFICER, "far_police"))
    assert stranger.get(start).status_code == 404
    assert stranger.post(start, {"witness_name": "PC Far"}).status_code == 404
    assert Statement.objects.count() == 1


def test_the_statement_is_found_from_the_reports_case(reporter, on_case, case, officer):
    statement = _sign(reporter, _draft(reporter, on_case))
    found = selectors.evidence_options(actor=officer, case=case).statements
    assert [s.pk for s in found] == [statement.pk]
    page = text(client_for_officer(officer).get(reverse("evidence:case-exhibits", args=[case.pk])))
    assert "Statement of Ada Thornbury" in page
    assert reverse("evidence:case-statement-exhibits", args=[case.pk, statement.pk]) in page


def client_for_officer(actor):
    from lantern.accounts.models import User

    return client_for(User.objects.get(pk=actor.user_id))


# --- 2. Exhibit references: given by the officer, never typed by the witness -------------------


def test_the_witness_is_not_asked_for_exhibit_references(reporter, report):
    statement = _draft(reporter, report)
    page = text(client_for(reporter).get(reverse("evidence:statement-edit", args=[statement.pk])))
    assert "Exhibits you refer to" not in page and 'name="exhibit_references"' not in page
    with pytest.raises(ValidationFailed) as failed:
        statements.statement_update(
            actor=actor_of(reporter), statement_id=statement.pk, exhibit_references=["RP/1"]
        )
    assert "exhibit_references" in failed.value.errors


def test_an_officer_links_exhibits_to_a_draft_and_the_witness_signs_them(
    stored, reporter, on_case, case, officer
):
    item = _item_on(on_case)
    exhibit = evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=item.pk, initials="AT"
    )
    statement = _draft(reporter, on_case)
    url = reverse("evidence:case-statement-exhibits", args=[case.pk, statement.pk])
    staff = client_for_officer(officer)
    assert "AT/1" in text(staff.get(url))
    done = staff.post(url, {"exhibit": str(exhibit.pk)})
    assert done.status_code == 302
    statement.refresh_from_db()
    assert statement.exhibit_references == ["AT/1"]

    # The witness sees it before signing; a sign based on what they saw before is refused.
    witness = client_for(reporter)
    sign_url = reverse("evidence:statement-sign", args=[statement.pk])
    page = text(witness.get(sign_url))
    assert "AT/1" in page and 'name="exhibits_seen" value="AT/1"' in page
    stale = witness.post(
        sign_url,
        {"typed_name": "Ada Thornbury", "secret": PASSWORD, "declaration": "on"},
    )
    assert "An officer has changed the exhibits" in text(stale)
    statement.refresh_from_db()
    assert not statement.is_signed
    signed = witness.post(
        sign_url,
        {
            "typed_name": "Ada Thornbury",
            "secret": PASSWORD,
            "declaration": "on",
            "exhibits_seen": "AT/1",
        },
    )
    assert signed.status_code == 302
    statement.refresh_from_db()
    assert statement.is_signed and '"exhibit_references":["AT/1"]' in statement.signed_text


def test_a_signed_statement_is_unchanged_by_an_exhibit_linked_later(
    stored, reporter, on_case, case, officer
):
    statement = _sign(reporter, _draft(reporter, on_case))
    before = (statement.signed_text, statement.sha256, statement.exhibit_references)
    item = _item_on(on_case)
    exhibit = evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=item.pk, initials="AT"
    )
    link = statement_exhibits.statement_exhibit_link(
        actor=officer, case_id=case.pk, statement_id=statement.pk, exhibit_id=exhibit.pk
    )
    assert link.after_signing
    statement.refresh_from_db()
    assert (statement.signed_text, statement.sha256, statement.exhibit_references) == before
    assert hashlib.sha256(statement.signed_text.encode()).hexdigest() == statement.sha256
    # Shown apart from what was signed; and it cannot be taken off.
    page = text(client_for(reporter).get(reverse("evidence:statement", args=[statement.pk])))
    assert "Exhibits linked by an officer after signing (not part of the signed statement)" in page
    with pytest.raises(RuleRefused) as refused:
        statement_exhibits.statement_exhibit_unlink(
            actor=officer, case_id=case.pk, statement_id=statement.pk, exhibit_id=exhibit.pk
        )
    assert refused.value.rule_id == "STATEMENT_SIGNED_IS_FINAL"
    assert StatementExhibit.objects.filter(statement=statement).count() == 1


def test_linking_exhibits_needs_an_officer_of_the_case(
    stored, reporter, on_case, case, officer, make_user
):
    statement = _draft(reporter, on_case)
    item = _item_on(on_case)
    exhibit = evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=item.pk, initials="AT"
    )
    url = reverse("evidence:case-statement-exhibits", args=[case.pk, statement.pk])
    assert client_for(reporter).get(url).status_code == 403
    analyst = client_for(make_user(Role.ANALYST))
    assert analyst.post(url, {"exhibit": str(exhibit.pk)}).status_code == 403
    stranger = make_user(Role.POLICE_OFFICER, "other_police")  # same partnership, not on case
    assert client_for(stranger).post(url, {"exhibit": str(exhibit.pk)}).status_code == 404
    assert not StatementExhibit.objects.exists()
    # On a draft, an officer may take a reference off again.
    statement_exhibits.statement_exhibit_link(
        actor=officer, case_id=case.pk, statement_id=statement.pk, exhibit_id=exhibit.pk
    )
    statement_exhibits.statement_exhibit_unlink(
        actor=officer, case_id=case.pk, statement_id=statement.pk, exhibit_id=exhibit.pk
    )
    statement.refresh_from_db()
    assert statement.exhibit_references == []


# --- 3. Statements and evidence chosen for a warning -------------------------------------------


def test_a_signed_statement_and_a_reports_item_are_chosen_as_a_warnings_evidence(
    stored, reporter, on_case, case, officer, person, signed_in
):
    statement = _sign(reporter, _draft(reporter, on_case))
    draft = _draft(reporter, on_case, body="Not yet signed.")
    item = _item_on(on_case)
    staff = client_for_officer(officer)
    form = text(staff.get(reverse("cases:action-new", args=[case.pk]) + "?kind=cpw"))
    assert f'value="statement:{statement.pk}"' in form
    assert f'value="statement:{draft.pk}"' not in form  # an unsigned draft is not evidence
    assert f'value="evidence:{item.pk}"' in form  # an item handed over with the report

    evidence = [
        {"kind": "statement", "id": str(statement.pk)},
        {"kind": "evidence", "id": str(item.pk)},
    ]
    action = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, on_case, evidence=evidence)
    )
    assert action.evidence == evidence
    linked = selectors.action_evidence(actor=officer, action=action)
    assert [(e.kind, e.sha256) for e in linked] == [
        ("statement", statement.sha256),
        ("evidence", item.blob_id),
    ]
    boss = signed_in(Role.SUPERVISOR)
    for url in ("cases:action", "cases:action-preview"):
        page = text(boss.get(reverse(url, args=[action.pk])))
        assert "Witness statement of Ada Thornbury" in page and statement.sha256 in page

    with pytest.raises(ValidationFailed) as refused:
        services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, on_case, evidence=[{"kind": "statement", "id": str(draft.pk)}]),
        )
    assert "signed witness statement" in refused.value.errors["evidence"][0]


def test_another_partnerships_statement_is_refused(reporter, on_case, case, officer, person, far):
    far_resident = actor_of_new_resident(far)
    far_report = report_services.report_create(
        actor=far_resident,
        data=ReportInput(
            category_code="kerb-crawling",
            latitude=FAR_POINT[0],
            longitude=FAR_POINT[1],
            occurred_from=on_case.occurred_from,
            description="A car stopped.",
        ),
    ).report
    theirs = statements.statement_start(
        actor=far_resident, witness_name="Far Witness", link_kind="report", link_id=far_report.pk
    )
    # Even about one of this case's reports, a statement of another partnership is refused.
    ours = _sign(reporter, _draft(reporter, on_case))
    Statement.objects.filter(pk=ours.pk).update(
        partnership=Partnership.objects.get(name="Far Partnership")
    )
    for statement_id in (theirs.pk, ours.pk):
        with pytest.raises(ValidationFailed) as refused:
            services.action_draft(
                actor=officer,
                case_id=case.pk,
                data=cpw_input(
                    person, on_case, evidence=[{"kind": "statement", "id": str(statement_id)}]
                ),
            )
        assert "signed witness statement" in refused.value.errors["evidence"][0]


def actor_of_new_resident(far):
    from lantern.accounts import services as account_services
    from lantern.accounts.models import User

    user: User = account_services.user_create(
        actor=SYSTEM,
        email="far-resident@example.test",
        display_name="Far Resident",
        password=PASSWORD,
        validate=False,
    )
    account_services.membership_grant(
        actor=SYSTEM, user=user, organisation=None, role=Role.RESIDENT
    )
    return actor_of(user)
