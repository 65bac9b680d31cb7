"""Who a document is from and to whom a penalty is paid: the issuer, the power they use and
the organisation they act for (s.53), a fixed penalty's payee (s.52(3)-(4), s.68(3)), and
what would stop a document being printed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import actor_for, own_memberships
from lantern.cases.addresses import street_address
from lantern.cases.documents.common import text
from lantern.cases.documents.wording import (
    CAPACITY_CONSTABLE_S53_1_A,
    CAPACITY_COUNCIL_S53_1_B,
    CAPACITY_DESIGNATED_S53_1_C,
    CAPACITY_LANDLORD_SI_2015_749,
    CAPACITY_PCSO_PRA_SCH4,
)
from lantern.cases.issuers import acting_organisation
from lantern.cases.models import ActionKind, Designation, EnforcementAction
from lantern.cases.policy import local_authority
from lantern.core.actor import Role

K = ActionKind
COUNCIL_KIND = Organisation.Kind.COUNCIL
# The documents that name the power they are issued under (s.53, s.35).
NEEDS_POWER = frozenset({K.CPW, K.CPN, K.FPN_CPN, K.PSPO_FPN, K.DISPERSAL})


@dataclass(frozen=True)
class Issuer:
    """Who issues a document: their name, the capacity in which they may (empty where the
    document needs no power), and the organisation they act for."""

    name: str
    capacity: str
    organisation: Organisation | None


def case_council(action: EnforcementAction) -> Organisation | None:
    """The local authority for the case (``policy.local_authority``: the case's own
    organisation if it is a council, else its one partner council, else the one council
    Lantern knows; None when that is ambiguous), whose policy applies to it too."""
    return local_authority(action.case)


def issuer_of(action: EnforcementAction) -> Issuer | None:
    """The officer who served the action (a draft: who drafted it), the power they used and
    the organisation they act for.

    The powers are those ISSUER_AUTHORISED recognises (lantern/cases/rules/enforcement.py
    ``issuer_powers``, docs/enforcement.md), read here from the same roles and designations
    because documents may not import the rules (rules import documents). They are tried in
    an order where every kind's issuers come first (a dispersal direction: constables and
    PCSOs; a PSPO penalty: all but landlords), so an action that passed ISSUER_AUTHORISED
    names a power allowed for its kind; test_document_wording checks both agree."""
    user = action.served_by or action.created_by
    if user is None:
        return None
    # They passed two-factor to serve it; the documents see them as they were then.
    actor = actor_for(user, verified=True)
    held = sorted(
        ((m.organisation, Role(m.role)) for m in own_memberships(actor=actor) if m.organisation),
        key=lambda pair: (pair[0].name, pair[1].value),
    )
    on_case = {action.case.organisation_id, *action.case.partners.values_list("pk", flat=True)}
    name = user.display_name
    if action.kind in NEEDS_POWER:
        issuer = _with_power(name, held, _designating_bodies(user.pk, on_case))
        if issuer is not None:
            return issuer
    # A document that needs no power (a keeper letter): the organisation they hold a role
    # in on this case, else their first (the keeper details it prints are that one's).
    return Issuer(name, "", acting_organisation([o for o, _ in held], action.case))


Held = list[tuple[Organisation, Role]]


def _designating_bodies(user_id: uuid.UUID, on_case: set) -> dict[str, list[Organisation]]:
    """Each of the user's live designations with the body that made it (one not recorded
    counts nowhere); a council's counts only where that council is one the case belongs to
    (s.53(1)(c))."""
    bodies: dict[str, list[Organisation]] = {}
    for designation in Designation.objects.filter(
        user_id=user_id, revoked_at__isnull=True, organisation__isnull=False
    ).select_related("organisation"):
        body = designation.organisation
        if body is None:  # excluded above; says so to the type checker
            continue
        if designation.kind == Designation.Kind.PCSO or body.pk in on_case:
            bodies.setdefault(designation.kind, []).append(body)
    return bodies


def _org_where(held: Held, kind: str, *roles: Role) -> Organisation | None:
    return next((o for o, r in held if o.kind == kind and (not roles or r in roles)), None)


def _with_power(name: str, held: Held, bodies: dict[str, list[Organisation]]) -> Issuer | None:
    """The first power the issuer holds, in the order ``issuer_of`` explains."""
    org = _org_where(held, Organisation.Kind.POLICE_FORCE, Role.POLICE_OFFICER, Role.SUPERVISOR)
    if org is not None:
        return Issuer(name, CAPACITY_CONSTABLE_S53_1_A, org)
    pcso_forces = {o.pk for o in bodies.get(Designation.Kind.PCSO, [])}
    org = next((o for o, r in held if r is Role.PCSO and o.pk in pcso_forces), None)
    if org is not None:
        return Issuer(name, CAPACITY_PCSO_PRA_SCH4, org)
    org = _org_where(held, COUNCIL_KIND, Role.COUNCIL_OFFICER, Role.SUPERVISOR)
    if org is not None:
        return Issuer(name, CAPACITY_COUNCIL_S53_1_B, org)
    if bodies.get(Designation.Kind.COUNCIL):
        return Issuer(name, CAPACITY_DESIGNATED_S53_1_C, bodies[Designation.Kind.COUNCIL][0])
    org = _org_where(held, Organisation.Kind.HOUSING_PROVIDER)
    if org is not None and bodies.get(Designation.Kind.LANDLORD):
        return Issuer(name, CAPACITY_LANDLORD_SI_2015_749, org)
    return None


def fixed_penalty_payee(action: EnforcementAction) -> Organisation | None:
    """The local authority a fixed penalty is paid to: for a CPN breach, the council that
    issued the CPN, else one that could have (s.52(3)-(4)); for a PSPO breach, the council
    that made the order (s.68(3)), which Lantern takes to be the case's council."""
    if action.kind == K.FPN_CPN and action.breach is not None:
        issuer = issuer_of(action.breach.action)
        if issuer and issuer.organisation and issuer.organisation.kind == COUNCIL_KIND:
            return issuer.organisation
    return case_council(action)


def contact_lines(org: Organisation) -> list[str]:
    lines = [text(org.name), *(text(line) for line in org.address.splitlines() if line)]
    if org.telephone:
        lines.append(f"Telephone: {text(org.telephone)}")
    if org.email:
        lines.append(f"Email: {text(org.email)}")
    return lines


def has_contact(org: Organisation | None) -> bool:
    return org is not None and bool(org.address or org.telephone or org.email)


# --- what stops a document being printed -----------------------------------------------------


def problems(action: EnforcementAction) -> list[str]:
    """What the document for ``action`` would lack that the law or Lantern's promise needs:
    empty when it can be printed. Shown on a draft; ``render`` refuses to serve with any."""
    found: list[str] = []
    if action.kind in (K.FPN_CPN, K.PSPO_FPN):
        payee = fixed_penalty_payee(action)
        if payee is None:
            found.append(
                "The notice must name the local authority the fixed penalty is paid to "
                "(section 52(6)(d)): make the council the case's organisation or its one "
                "partner council."
            )
        else:
            if not payee.address.strip():
                found.append(
                    f"The notice must give {payee.name}'s address as the payee (section "
                    "52(6)(d)): an administrator records it."
                )
            if not payee.payment_methods.strip():
                found.append(
                    f"The notice must say how a fixed penalty may be paid to {payee.name} "
                    "(section 52(6)(e)): an administrator records it."
                )
    if action.kind == K.KEEPER_LETTER:
        place = str((action.sighting or {}).get("place") or "")
        if street_address(place) is None:
            found.append(
                "A keeper letter gives the place as a street address, never map coordinates: "
                "draft it from a sighting reported with an address."
            )
        issuer = issuer_of(action)
        org = issuer.organisation if issuer else None
        if org is None or not has_contact(org):
            found.append(
                "The letter promises contact details: an administrator records the issuing "
                "organisation's address, telephone or email."
            )
        elif not (org.data_protection_contact.strip() and org.keeper_data_kept_for.strip()):
            found.append(
                f"The letter's privacy notice needs {org.name}'s data protection officer's "
                "contact and how long it keeps a keeper's details: an administrator records "
                "them."
            )
    return found
