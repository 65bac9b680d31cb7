"""One test per rule of a subject access request (lantern/subjectaccess/rules.py), named
after it, each with a context that passes and one that is refused."""

from __future__ import annotations

from datetime import date

from lantern.subjectaccess import rules

FIRST_MONTH_ENDS = date(2026, 10, 3)


def _extension(**change) -> rules.Extension:
    values = {
        "months": 2,
        "noticed_on": date(2026, 9, 20),
        "reason": "Records in five organisations",
        "first_month_ends": FIRST_MONTH_ENDS,
    }
    return rules.Extension(**{**values, **change})


def test_sar_extension_notice_in_time():
    rule = rules.ExtensionNoticeInTime()
    assert rule.check(_extension(noticed_on=FIRST_MONTH_ENDS))
    late = _extension(noticed_on=date(2026, 10, 4))
    assert not rule.check(late)
    assert "3 October 2026" in rule.message(late)
    assert rule.check(_extension(noticed_on=date(2026, 12, 1), first_month_ends=None))  # stopped


def test_sar_extension_at_most_two_months():
    rule = rules.ExtensionAtMostTwoMonths()
    assert rule.check(_extension(months=1)) and rule.check(_extension(months=2))
    assert not rule.check(_extension(months=3)) and not rule.check(_extension(months=0))


def test_sar_extension_states_reasons():
    rule = rules.ExtensionStatesReasons()
    assert rule.check(_extension())
    assert not rule.check(_extension(reason="   "))


def _review(**change) -> rules.Review:
    values = {"regime": "uk_gdpr", "decision": "exempt", "exemption": "", "reason": ""}
    return rules.Review(**{**values, **change})


def test_sar_exemption_fits_regime():
    rule = rules.ExemptionFitsRegime()
    assert rule.check(_review(exemption="crime_taxation"))
    assert not rule.check(_review(exemption="part3_restriction"))
    assert rule.check(_review(regime="dpa_part3", exemption="part3_restriction"))
    assert not rule.check(_review(regime="dpa_part3", exemption="crime_taxation"))
    assert rule.check(_review(regime="dpa_part3", exemption="safeguarding"))


def test_sar_exemption_needs_reason():
    rule = rules.ExemptionNeedsReason()
    assert rule.check(_review(exemption="safeguarding", reason="Risk of harm to her"))
    assert not rule.check(_review(exemption="safeguarding"))
    assert not rule.check(_review(reason="A reason but no exemption"))
    assert rule.field_errors(_review()) == {"exemption": ["Choose the exemption"]}


def _release(**change) -> rules.Release:
    values = {"searched": True, "identity_pending": False, "undecided": 0}
    return rules.Release(**{**values, **change})


def test_sar_release_needs_search():
    assert rules.ReleaseNeedsSearch().check(_release())
    assert not rules.ReleaseNeedsSearch().check(_release(searched=False))


def test_sar_release_needs_identity():
    assert rules.ReleaseNeedsIdentity().check(_release())
    assert not rules.ReleaseNeedsIdentity().check(_release(identity_pending=True))


def test_sar_release_needs_every_record_reviewed():
    rule = rules.ReleaseNeedsEveryRecordReviewed()
    assert rule.check(_release())
    assert not rule.check(_release(undecided=3))
    assert "3 still to review" in rule.message(_release(undecided=3))


def test_sar_released_is_final():
    assert rules.ReleasedIsFinal().check(False)
    assert not rules.ReleasedIsFinal().check(True)
