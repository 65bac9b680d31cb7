"""The enforcement policy in force for a local authority, and which authority's applies.

Thresholds and periods are local policy, not statute: each council publishes its ASB Case
Review threshold (ASBCPA 2014 s.104(4) lets it set one no higher than three complaints), how
long its warnings and notices last, and the amount of a fixed penalty paid to it (s.52(7),
s.68). One Lantern may serve several boroughs, so each authority's ``EnforcementPolicy``
record holds the values it sets, and the deployment's settings (docs/settings.md) are the
default for every value it leaves empty (docs/adr/0014-enforcement-policy-per-authority.md).

Which authority's policy applies:

- an ASB Case Review: the council the resident applied to (``CaseReview.council``);
- a warning or notice: the case's local authority (``local_authority``): the case's own
  organisation if it is a council, else its one partner council, else the one council
  Lantern knows (s.53(2): the authority for the area where the conduct took place);
- a fixed penalty for a CPN breach: the council it is paid to (s.52(3)-(4)); for a PSPO
  breach, the case's council (s.68(3)). ``rules.policy_for_action`` decides, since the
  payee is worked out as the penalty's document names it.

Where none can be told (no council, or several), the deployment's defaults apply. This
module reads the policy records (public policy, not personal data: no access event) and is
imported by the documents, the rules, the selectors, the services and the pages; it imports
none of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import councils
from lantern.cases.models import ActionKind, Case, EnforcementPolicy
from lantern.core.actor import SYSTEM

K = ActionKind
COUNCIL = Organisation.Kind.COUNCIL

# The fixed penalty cap (s.52(7), s.68): 100 GBP, 500 GBP from the day the higher limit of
# the Crime and Policing Act 2026 applies (unconfirmed: DOMAIN.md 1.5).
CAP_PENCE = 10_000
RAISED_CAP_PENCE = 50_000


@dataclass(frozen=True)
class Field:
    """One value of the policy: its label, the setting that is its default, and its unit."""

    name: str
    label: str
    setting: str
    unit: str  # "incidents", "months", "pence", "date"


FIELDS: tuple[Field, ...] = (
    Field(
        "case_review_incidents",
        "ASB Case Review: incidents",
        "LANTERN_CASE_REVIEW_INCIDENTS",
        "incidents",
    ),
    Field(
        "case_review_months",
        "ASB Case Review: within months",
        "LANTERN_CASE_REVIEW_MONTHS",
        "months",
    ),
    Field(
        "case_review_hate_incidents",
        "ASB Case Review: hate incidents",
        "LANTERN_CASE_REVIEW_HATE_INCIDENTS",
        "incidents",
    ),
    Field("cpw_months", "Community Protection Warning lasts", "LANTERN_CPW_MONTHS", "months"),
    Field("cpn_months", "Community Protection Notice lasts", "LANTERN_CPN_MONTHS", "months"),
    Field("fpn_cpn_pence", "Fixed penalty: CPN breach", "LANTERN_FPN_CPN_AMOUNT", "pence"),
    Field("fpn_pspo_pence", "Fixed penalty: PSPO breach", "LANTERN_FPN_PSPO_AMOUNT", "pence"),
    Field(
        "fpn_cap_500_from",
        "Fixed penalty cap of 500 GBP applies from",
        "LANTERN_FPN_CAP_500_FROM",
        "date",
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def pounds(pence: int) -> str:
    return f"£{pence // 100}" if pence % 100 == 0 else f"£{pence / 100:,.2f}"


@dataclass(frozen=True)
class Policy:
    """The policy in force for one authority (or the deployment's defaults): every value
    resolved, with which of them the authority set itself."""

    authority_id: uuid.UUID | None
    authority_name: str  # empty: the deployment's defaults, no authority known
    case_review_incidents: int
    case_review_months: int
    case_review_hate_incidents: int
    cpw_months: int
    cpn_months: int
    fpn_cpn_pence: int
    fpn_pspo_pence: int
    fpn_cap_500_from: date | None
    set_locally: frozenset[str] = frozenset()

    @property
    def authority_label(self) -> str:
        return self.authority_name or "the council"

    def is_local(self, name: str) -> bool:
        return name in self.set_locally

    # --- the values as the pages and messages say them --------------------------------------

    def threshold_text(self) -> str:
        """ "3 incidents reported within the last 6 months, or 1 hate incident"."""
        text = (
            f"{_plural(self.case_review_incidents, 'incident')} reported within the last "
            f"{_plural(self.case_review_months, 'month')}"
        )
        if self.case_review_hate_incidents > 0:
            text += f", or {_plural(self.case_review_hate_incidents, 'hate incident')}"
        return text

    def fpn_cap_pence(self, on: date) -> int:
        """The most a CPN or PSPO fixed penalty may be on ``on``."""
        raised = self.fpn_cap_500_from
        return RAISED_CAP_PENCE if raised is not None and on >= raised else CAP_PENCE

    def months_for(self, kind: str) -> int | None:
        """How long a served action of ``kind`` lasts, for the kinds whose period is policy."""
        return {K.CPW: self.cpw_months, K.CPN: self.cpn_months}.get(ActionKind(kind))

    def fpn_amount_for(self, kind: str) -> int | None:
        return {K.FPN_CPN: self.fpn_cpn_pence, K.PSPO_FPN: self.fpn_pspo_pence}.get(
            ActionKind(kind)
        )

    def display(self, name: str) -> str:
        """One value as a page shows it."""
        value = getattr(self, name)
        unit = next(f.unit for f in FIELDS if f.name == name)
        if unit == "pence":
            return pounds(value)
        if unit == "date":
            return f"{value:%-d %B %Y}" if value else "Not in force"
        return _plural(value, unit[:-1])

    def rows(self) -> list[tuple[str, str]]:
        """(label, value and whether it is the authority's or the default) for each value."""
        return [
            (
                f.label,
                self.display(f.name)
                + (" (set by the authority)" if self.is_local(f.name) else " (default)"),
            )
            for f in FIELDS
        ]


def _setting_date(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


def default_values() -> dict[str, Any]:
    """The deployment's defaults, from the settings (amounts there are in whole pounds)."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        raw = getattr(settings, f.setting)
        if f.unit == "pence":
            values[f.name] = raw * 100
        elif f.unit == "date":
            values[f.name] = _setting_date(raw)
        else:
            values[f.name] = raw
    return values


def default_policy() -> Policy:
    return Policy(authority_id=None, authority_name="", **default_values())


def policy_for(authority: Organisation | None) -> Policy:
    """The policy in force for ``authority``: its own values, the defaults for the rest.
    None (no authority known): the deployment's defaults."""
    if authority is None:
        return default_policy()
    values = default_values()
    record = EnforcementPolicy.objects.filter(organisation_id=authority.pk).first()
    local: set[str] = set()
    if record is not None:
        for name in FIELD_NAMES:
            value = getattr(record, name)
            if value is not None:
                values[name] = value
                local.add(name)
    return Policy(
        authority_id=authority.pk,
        authority_name=authority.name,
        set_locally=frozenset(local),
        **values,
    )


# --- which authority ------------------------------------------------------------------------


def only_council() -> Organisation | None:
    """The one council Lantern knows, or None when it knows none or several."""
    known = list(councils(actor=SYSTEM)[:2])
    return known[0] if len(known) == 1 else None


def local_authority(case: Case) -> Organisation | None:
    """The local authority for the case: the case's own organisation if it is a council,
    else its one partner council, else the one council Lantern knows; None when that is
    ambiguous (docs/enforcement.md)."""
    if case.organisation.kind == COUNCIL:
        return case.organisation
    partners = [org for org in case.partners.order_by("name") if org.kind == COUNCIL]
    if partners:
        return partners[0] if len(partners) == 1 else None
    return only_council()
