"""Who may issue a warning, notice or penalty, and who may designate (docs/enforcement.md).

The power to issue (ISSUER_AUTHORISED, lantern/cases/rules/enforcement.py) is derived from the actor's
roles, the kinds of the organisations they hold them in, and the designations recorded in
this app, each with the body that made it:

- a constable: a police officer or supervisor in a police force (ASBCPA 2014 s.53(1)(a));
- a PCSO with their own force's designation (Police Reform Act 2002 Sch.4 para 1ZB);
- the council: a council officer or supervisor in a council (s.53(1)(b)), or a member of
  staff holding the designation of a council that the case belongs to (s.53(1)(c));
- an authorised social landlord: a member of a housing provider authorised by a council that
  the case belongs to (Anti-social Behaviour (Authorised Persons) Order 2015), for CPNs, CPWs
  and CPN fixed penalties only.

Who may designate (DESIGNATING_BODY) is the body that makes the designation, through its own
supervisors or administrators.
"""

from __future__ import annotations

import uuid

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import organisation_list, own_memberships
from lantern.cases.models import ActionKind, Case, Designation
from lantern.core.actor import Actor, Role

K = ActionKind

CONSTABLE = "constable"
PCSO = "designated_pcso"
COUNCIL = "council"
LANDLORD = "social_landlord"

# Which kinds of issuer may issue which kind of action (s.53, s.35, s.68 with Sch.4 PRA 2002).
ISSUERS: dict[str, frozenset[str]] = {
    K.CPW: frozenset({CONSTABLE, PCSO, COUNCIL, LANDLORD}),
    K.CPN: frozenset({CONSTABLE, PCSO, COUNCIL, LANDLORD}),
    K.FPN_CPN: frozenset({CONSTABLE, PCSO, COUNCIL, LANDLORD}),
    K.PSPO_FPN: frozenset({CONSTABLE, PCSO, COUNCIL}),
    K.DISPERSAL: frozenset({CONSTABLE, PCSO}),
}


def case_bodies(case: Case) -> frozenset[uuid.UUID]:
    """The organisations a case belongs to: its own and its partners."""
    return frozenset({case.organisation_id, *case.partners.values_list("pk", flat=True)})


def issuer_powers(actor: Actor, case: Case | None = None) -> frozenset[str]:
    """The kinds of issuer this actor is, from roles, organisation kinds and designations.
    With a case, a council's designation or authorisation counts only where that council is
    one the case belongs to (its local authority, s.53(1)(c)); a designation whose body was
    not recorded counts nowhere."""
    if actor.user_id is None:
        return frozenset()
    kinds = dict(
        organisation_list(actor=actor)
        .filter(pk__in=actor.organisation_ids)
        .values_list("pk", "kind")
    )
    designations = set(
        Designation.objects.filter(
            user_id=actor.user_id, revoked_at__isnull=True, organisation__isnull=False
        ).values_list("kind", "organisation_id")
    )
    on_case = case_bodies(case) if case is not None else None

    def designated(kind: str) -> bool:
        return any(k == kind and (on_case is None or o in on_case) for k, o in designations)

    powers: set[str] = set()
    for org_id, role in actor.memberships:
        kind = kinds.get(org_id) if org_id is not None else None
        if kind == "police_force" and role in (Role.POLICE_OFFICER, Role.SUPERVISOR):
            powers.add(CONSTABLE)
        if kind == "police_force" and role is Role.PCSO and (PCSO_KIND, org_id) in designations:
            powers.add(PCSO)
        if kind == "council" and role in (Role.COUNCIL_OFFICER, Role.SUPERVISOR):
            powers.add(COUNCIL)
        if kind == "housing_provider" and designated(Designation.Kind.LANDLORD):
            powers.add(LANDLORD)
    if designated(Designation.Kind.COUNCIL) and actor.is_staff:
        powers.add(COUNCIL)
    return frozenset(powers)


PCSO_KIND = Designation.Kind.PCSO

# Who makes each designation: a council designates (s.53(1)(c)) and authorises social
# landlords (SI 2015/749); a police force's chief officer designates PCSOs (PRA 2002 Sch.4).
DESIGNATING_KIND: dict[str, str] = {
    Designation.Kind.PCSO: Organisation.Kind.POLICE_FORCE,
    Designation.Kind.COUNCIL: Organisation.Kind.COUNCIL,
    Designation.Kind.LANDLORD: Organisation.Kind.COUNCIL,
}
# The roles through which an organisation's staff grant its designations.
GRANTING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def acting_organisation(organisations: list[Organisation], case: Case) -> Organisation | None:
    """The organisation someone acts for on a case, of ``organisations`` (theirs): the first
    by name that the case belongs to (its own or a partner), else their first by name. A
    document that needs no power (a keeper letter) is from it, and the keeper details they
    record are its own (lantern/cases/keepers.py), so the two always agree."""
    ordered = sorted(organisations, key=lambda org: (org.name, str(org.pk)))
    on_case = case_bodies(case)
    return next((org for org in ordered if org.pk in on_case), ordered[0] if ordered else None)


def organisations_of(actor: Actor) -> list[Organisation]:
    """The organisations in which the actor holds a staff role."""
    found = {
        m.organisation.pk: m.organisation
        for m in own_memberships(actor=actor)
        if m.organisation is not None and Role(m.role).is_staff
    }
    return list(found.values())
