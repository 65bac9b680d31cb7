"""Witness statements (MG11): the s.9 declaration, signing, freezing, corrections, PDF."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of
from lantern.core import directory
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.evidence import rules, statements
from lantern.evidence.models import Statement

BODY = "At about 21:30 I saw a silver car stop outside number 4 Larkspur Row."


@pytest.fixture
def witness(make_user, own_reports):
    """A resident who made a report (their statement is about it)."""
    user = make_user(Role.RESIDENT)
    own_reports[user.pk] = [uuid.uuid4()]
    return user, actor_of(user)


def _about(actor) -> dict:
    """The witness's report, which their statement is about."""
    (report,) = directory.own_reports(actor)
    return {"link_kind": "report", "link_id": report.id}


def _ready(actor, **extra) -> Statement:
    statement = statements.statement_start(
        actor=actor, witness_name="Ada  Thornbury", **_about(actor)
    )
    fields = {"body": BODY, "no_dates_to_avoid": True}
    return statements.statement_update(
        actor=actor, statement_id=statement.pk, **{**fields, **extra}
    )


def test_the_declaration_is_word_for_word():
    assert rules.S9_DECLARATION == (
        "This statement is true to the best of my knowledge and belief and I make it knowing "
        "that, if it is tendered in evidence, I shall be liable to prosecution if I have "
        "wilfully stated in it anything which I know to be false or do not believe to be true."
    )


def test_statement_declaration_is_needed_to_sign(witness):
    _, actor = witness
    statement = _ready(actor)
    with pytest.raises(RuleRefused) as refused:
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="Ada Thornbury",
            secret=PASSWORD, declaration_accepted=False,
        )  # fmt: skip
    assert refused.value.rule_id == "STATEMENT_DECLARATION"
    assert refused.value.message == rules.StatementDeclaration.message()
    assert "Criminal Justice Act 1967 s.9" in refused.value.source


def test_statement_dates_to_avoid_or_none_before_signing(witness):
    _, actor = witness
    statement = _ready(actor, no_dates_to_avoid=False)
    with pytest.raises(RuleRefused) as refused:
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="Ada Thornbury",
            secret=PASSWORD, declaration_accepted=True,
        )  # fmt: skip
    assert refused.value.rule_id == "STATEMENT_DATES_TO_AVOID"


def test_statement_signed_by_witness_with_their_name_and_password(witness):
    _, actor = witness
    statement = _ready(actor)
    with pytest.raises(RuleRefused) as refused:
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="Someone Else",
            secret=PASSWORD, declaration_accepted=True,
        )  # fmt: skip
    assert refused.value.rule_id == "STATEMENT_SIGNED_BY_WITNESS"
    with pytest.raises(ValidationFailed, match="password"):
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="ada thornbury",
            secret="wrong password", declaration_accepted=True,
        )  # fmt: skip


def test_statement_signed_is_final_hashed_and_corrected_by_a_further_one(witness):
    _, actor = witness
    statement = _ready(actor)
    signed = statements.statement_sign(
        actor=actor, statement_id=statement.pk, typed_name="ada thornbury",
        secret=PASSWORD, declaration_accepted=True,
    )  # fmt: skip
    assert signed.is_signed and signed.signed_at is not None
    assert signed.sha256 == hashlib.sha256(signed.signed_text.encode()).hexdigest()
    assert rules.S9_DECLARATION in signed.signed_text
    assert signed.exhibit_references == []  # none linked by an officer
    with pytest.raises(RuleRefused) as refused:
        statements.statement_update(actor=actor, statement_id=signed.pk, body="changed")
    assert refused.value.rule_id == "STATEMENT_SIGNED_IS_FINAL"
    with pytest.raises(RuleRefused):
        statements.statement_sign(
            actor=actor, statement_id=signed.pk, typed_name="Ada Thornbury",
            secret=PASSWORD, declaration_accepted=True,
        )  # fmt: skip
    further = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", corrects_id=signed.pk
    )
    assert further.corrects == signed
    signed.refresh_from_db()
    assert signed.body == BODY


def test_statement_needs_content_before_signing(witness):
    _, actor = witness
    statement = _ready(actor, body="   ")
    with pytest.raises(RuleRefused) as refused:
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="Ada Thornbury",
            secret=PASSWORD, declaration_accepted=True,
        )  # fmt: skip
    assert refused.value.rule_id == "STATEMENT_NEEDS_CONTENT"
    assert refused.value.message == rules.StatementNeedsContent.message()
    statements.statement_update(actor=actor, statement_id=statement.pk, body=BODY)
    signed = statements.statement_sign(
        actor=actor, statement_id=statement.pk, typed_name="Ada Thornbury",
        secret=PASSWORD, declaration_accepted=True,
    )  # fmt: skip
    assert signed.is_signed


def test_staff_sign_with_their_two_factor_code(make_user):
    user = make_user(Role.POLICE_OFFICER)
    actor = actor_of(user)
    statement = statements.statement_start(actor=actor, witness_name="PC Lowen Marsh")
    statements.statement_update(
        actor=actor, statement_id=statement.pk, body="I attended.", dates_to_avoid="1 March"
    )
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    with pytest.raises(ValidationFailed, match="two-factor"):
        statements.statement_sign(
            actor=actor, statement_id=statement.pk, typed_name="PC Lowen Marsh",
            secret=PASSWORD, declaration_accepted=True,
        )  # fmt: skip
    signed = statements.statement_sign(
        actor=actor, statement_id=statement.pk, typed_name="PC Lowen Marsh",
        secret=code, declaration_accepted=True,
    )  # fmt: skip
    assert signed.is_signed


def test_age_under_18_and_the_witness_does_not_type_exhibit_references(witness):
    _, actor = witness
    statement = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", **_about(actor)
    )
    with pytest.raises(ValidationFailed) as failed:
        statements.statement_update(actor=actor, statement_id=statement.pk, age_if_under_18=18)
    assert "age_if_under_18" in failed.value.errors
    with pytest.raises(ValidationFailed) as failed:
        statements.statement_update(
            actor=actor, statement_id=statement.pk, exhibit_references=["../x"]
        )
    assert "exhibit_references" in failed.value.errors


def test_pdf_is_laid_out_like_the_mg11(witness):
    _, actor = witness
    statement = _ready(actor, willing_to_attend_court=True, special_measures="A screen")
    signed = statements.statement_sign(
        actor=actor, statement_id=statement.pk, typed_name="Ada Thornbury",
        secret=PASSWORD, declaration_accepted=True,
    )  # fmt: skip
    pdf = statements.statement_pdf(actor=actor, statement=signed)
    assert pdf.startswith(b"%PDF")
    raw = pdf.decode("latin-1")
    shown = " ".join(re.findall(r"\((.*?)(?<!\\)\) Tj", raw))
    shown = shown.replace("\\(", "(").replace("\\)", ")")
    assert "WITNESS STATEMENT" in shown and "MG11" in shown
    assert "Page 1 of 2" in shown and "Page 2 of 2" in shown
    assert signed.sha256 in shown
    assert "tendered in evidence" in shown
    assert "A screen" in shown
