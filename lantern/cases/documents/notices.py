"""The enforcement documents: warning, notice, fixed penalties, keeper letter, dispersal
direction and the rest, as PDF."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Spacer

from lantern.accounts.selectors import support_contacts
from lantern.cases.addresses import person_name, postal_address, street_address
from lantern.cases.documents.common import Styles, day, money, p, pdf, text
from lantern.cases.documents.parties import (
    contact_lines,
    fixed_penalty_payee,
    has_contact,
    issuer_of,
    problems,
)
from lantern.cases.documents.wording import (
    ACT,
    CPN_AFTER_WARNING_S43_5,
    CPN_EXPLANATION_PARAGRAPHS,
    CPN_UNDER_S43,
    CPW_NO_APPEAL,
    CPW_NOTICE_WILL_BE_ISSUED_S43_5_A,
    CPW_WRITTEN_WARNING_S43_5,
    DISPERSAL_AUTHORISED_S34,
    DISPERSAL_DIRECTION_S35_1,
    DISPERSAL_OFFENCE_S35_6_S39,
    FPN_AMOUNT_S52_6_C,
    FPN_CPN_PARTICULARS_S52_6_A,
    FPN_CPN_REQUIREMENT,
    FPN_METHODS_S52_6_E,
    FPN_NO_PROCEEDINGS_S52_5_A,
    FPN_OFFER_S52_3,
    FPN_PAY_TO_S52_6_D,
    FPN_PAYMENT_DISCHARGES_S52_5_B,
    FPN_PSPO_PARTICULARS_S68_5_A,
    FPN_QUOTE_REFERENCE,
    KEEPER_LETTER_BODY,
    KEEPER_PRIVACY_DPO,
    KEEPER_PRIVACY_HEADING,
    KEEPER_PRIVACY_HOW_LONG,
    KEEPER_PRIVACY_ICO,
    KEEPER_PRIVACY_RIGHTS,
    KEEPER_PRIVACY_WHO,
    KEEPER_PRIVACY_WHY,
    SUPPORT_SIGNPOST,
)
from lantern.cases.keepers import letter_keeper
from lantern.cases.models import ActionKind, EnforcementAction
from lantern.core import directory
from lantern.core.actor import SYSTEM
from lantern.core.errors import ValidationFailed
from lantern.core.registration import display

K = ActionKind

REQUIREMENT_LABEL = {
    "stop": "You must stop",
    "do": "You must",
    "steps": "You must take reasonable steps to",
}


def _requirement_text(requirement: dict[str, Any], document: str = "notice") -> str:
    period = requirement.get("period_days")
    when = f" within {period} days of this {document}" if period else ""
    label = REQUIREMENT_LABEL.get(str(requirement.get("kind", "")), "")
    return f"{label}: {text(requirement.get('text'))}{when}"


def _requirements(action: EnforcementAction, s: Styles) -> list[Any]:
    document = "warning" if action.kind == K.CPW else "notice"
    items = [
        ListItem(p(_requirement_text(requirement, document) + ".", s["body"]))
        for requirement in action.requirements
    ]
    return [ListFlowable(items, bulletType="1")] if items else []


def title_of(action: EnforcementAction) -> str:
    return {
        K.CPW: "Community Protection Warning",
        K.CPN: "Community Protection Notice",
        K.FPN_CPN: "Fixed Penalty Notice: failing to comply with a Community Protection Notice",
        K.PSPO_FPN: "Fixed Penalty Notice: breach of a Public Spaces Protection Order",
        K.KEEPER_LETTER: "A letter to the registered keeper of a vehicle",
        K.ABA: "Acceptable Behaviour Agreement",
        K.DISPERSAL: "Direction to leave an area",
        K.PROSECUTION: "Prosecution referral",
        K.ESO: "Engagement and Support Order: record",
    }[ActionKind(action.kind)]


def reference_of(action: EnforcementAction) -> str:
    return f"{action.case.reference}/{str(action.pk)[:8].upper()}"


def render(action: EnforcementAction, *, served_on: date | None, draft: bool = False) -> bytes:
    """The document for ``action`` as PDF bytes. A document that would lack what the law
    requires is refused (ValidationFailed) unless it is a draft, which lists what is missing."""
    missing = problems(action)
    if missing and not draft:
        raise ValidationFailed({"document": missing})
    return pdf(title_of(action), lambda s: _story(action, s, served_on, draft, missing))


def _story(
    action: EnforcementAction,
    s: Styles,
    served_on: date | None,
    draft: bool,
    missing: list[str],
) -> list[Any]:
    story: list[Any] = []
    if draft:
        story.append(p("<b>DRAFT: not served. This is not a notice.</b>", s["h2"]))
        for problem in missing:
            story.append(p(f"<b>Cannot be served yet:</b> {text(problem)}", s["body"]))
    story.append(p(title_of(action), s["title"]))
    story.append(p(f"Reference: {reference_of(action)}", s["small"]))
    story.append(p(f"Date: {day(served_on)}", s["small"]))
    story.append(Spacer(1, 6 * mm))
    kind = action.kind
    if kind == K.KEEPER_LETTER:
        story.extend(_keeper_letter(action, s))
    elif kind in (K.CPW, K.CPN):
        story.extend(_warning_or_notice(action, s))
    elif kind in (K.FPN_CPN, K.PSPO_FPN):
        story.extend(_penalty(action, s, served_on))
    else:
        story.extend(_generic(action, s))
    return story


def _addressee(action: EnforcementAction, s: Styles) -> list[Any]:
    if action.person is not None:
        person = action.person
        lines = [text(person.label)] + ([text(person.address)] if person.address else [])
    elif action.body is not None:
        lines = [text(action.body.name)] + (
            [text(action.body.address)] if action.body.address else []
        )
    else:
        return []
    return [p("To: " + "<br/>".join(lines), s["body"]), Spacer(1, 4 * mm)]


def _issued_by(action: EnforcementAction, s: Styles, verb: str) -> list[Any]:
    """'VERB by NAME, CAPACITY, on behalf of ORGANISATION.' (s.53; DOMAIN.md 1.1: a warning
    names its issuer and the authority they act for)."""
    issuer = issuer_of(action)
    if issuer is None:
        return []
    parts = [text(issuer.name)]
    if issuer.capacity:
        parts.append(text(issuer.capacity))
    line = f"{verb} by " + ", ".join(parts)
    if issuer.organisation is not None:
        line += f", on behalf of {text(issuer.organisation.name)}"
    return [p(line + ".", s["body"])]


def _support(action: EnforcementAction, s: Styles, document: str) -> list[Any]:
    """Where support is, when a safeguarding review decided that enforcement may proceed
    with support: the case's partner support agencies, else every support agency with
    public contact details."""
    if action.person_id is None or not directory.support_advised(action.person_id):
        return []
    agencies = list(support_contacts(actor=SYSTEM))
    partners = set(action.case.partners.values_list("pk", flat=True))
    chosen = [org for org in agencies if org.pk in partners] or agencies
    if not chosen:
        return []
    story: list[Any] = [
        p("Help and support", s["h2"]),
        p(SUPPORT_SIGNPOST.format(document=document), s["body"]),
    ]
    story += [p("<br/>".join(contact_lines(org)), s["body"]) for org in chosen]
    return story


def _keeper_letter(action: EnforcementAction, s: Styles) -> list[Any]:
    """The fixed, approved template (KEEPER_LETTER_NO_ALLEGATION): its only fields are the
    vehicle's registration, the time it was seen and the place as a street address, and it
    is addressed to the keeper. Nothing an officer writes is printed."""
    vehicle = action.vehicle
    assert vehicle is not None  # noqa: S101  (KEEPER_LETTER_NO_ALLEGATION needs one)
    sighting = action.sighting or {}
    issuer = issuer_of(action)
    org = issuer.organisation if issuer else None
    story: list[Any] = []
    # The issuing organisation's own keeper details, never another's (keepers.py).
    keeper = letter_keeper(action)
    name, address = person_name(keeper.name), postal_address(keeper.address)
    if name and address:
        story += [p(f"To: {text(name)}<br/>{text(address)}", s["body"]), Spacer(1, 4 * mm)]
    greeting, about, concern, contact = KEEPER_LETTER_BODY
    story.append(p(greeting, s["body"]))
    story.append(p(about, s["body"]))
    # Never coordinates, nor anything but a street address (problems() refuses it).
    place = street_address(str(sighting.get("place") or ""))
    details = [
        f"Vehicle: {text(display(vehicle.registration))}",
        f"Seen: {text(sighting.get('seen_at_text') or sighting.get('seen_at'))}",
        f"Place: {text(place) if place else 'no street address'}",
    ]
    story.append(p("<br/>".join(details), s["body"]))
    story.append(p(concern, s["body"]))
    story.append(p(contact, s["body"]))
    if org is not None and has_contact(org):
        story.append(p("<br/>".join(["<b>Contact us</b>", *contact_lines(org)]), s["body"]))
    signature = ["Yours faithfully,"]
    if issuer is not None:
        signature.append(text(issuer.name))
    if org is not None:
        signature.append(text(org.name))
    story.append(p("<br/>".join(signature), s["body"]))
    if org is not None:
        story.append(p(KEEPER_PRIVACY_HEADING, s["h2"]))
        for sentence in (
            KEEPER_PRIVACY_WHO.format(organisation=text(org.name)),
            KEEPER_PRIVACY_WHY,
            KEEPER_PRIVACY_HOW_LONG.format(kept_for=text(org.keeper_data_kept_for)),
            KEEPER_PRIVACY_RIGHTS,
            KEEPER_PRIVACY_DPO.format(contact=text(org.data_protection_contact)),
            KEEPER_PRIVACY_ICO,
        ):
            story.append(p(sentence, s["small"]))
    return story


def _warning_or_notice(action: EnforcementAction, s: Styles) -> list[Any]:
    story = _addressee(action, s)
    if action.kind == K.CPW:
        story.append(
            p(f"{CPW_WRITTEN_WARNING_S43_5} {CPW_NOTICE_WILL_BE_ISSUED_S43_5_A}", s["body"])
        )
        story.extend(_issued_by(action, s, "This warning is given"))
    else:
        warning = action.prior_warning
        warned_on = f" on {day(warning.served_on)}" if warning and warning.served_on else ""
        story.append(
            p(f"{CPN_UNDER_S43} {CPN_AFTER_WARNING_S43_5.format(warned_on=warned_on)}", s["body"])
        )
        story.extend(_issued_by(action, s, "This notice is issued"))
    story.append(p("What you have been doing", s["h2"]))
    story.append(p(text(action.conduct), s["body"]))
    story.append(p("Why it must stop", s["h2"]))
    story.append(p(text(action.detrimental_effect), s["body"]))
    story.append(p(text(action.persistent_nature), s["body"]))
    story.append(p(text(action.unreasonable_because), s["body"]))
    story.append(p("What you must do", s["h2"]))
    story.extend(_requirements(action, s))
    if action.exclusion_area:
        story.append(
            p(
                "The area you must not enter is shown on the map attached to this document.",
                s["body"],
            )
        )
    if action.kind == K.CPW:
        story.append(
            p(
                f"You have {action.compliance_days} days to change your behaviour. "
                + CPW_NO_APPEAL,
                s["body"],
            )
        )
        story.extend(_support(action, s, "warning"))
    else:
        story.append(p("Your rights and what happens if you do not comply", s["h2"]))
        for paragraph in CPN_EXPLANATION_PARAGRAPHS:
            story.append(p(paragraph, s["body"]))
        story.extend(_support(action, s, "notice"))
    return story


def _penalty(action: EnforcementAction, s: Styles, served_on: date | None) -> list[Any]:
    story = _addressee(action, s)
    payee = fixed_penalty_payee(action)
    payee_name = text(payee.name) if payee else "the local authority"
    story.append(p(FPN_OFFER_S52_3.format(payee=payee_name), s["body"]))
    story.extend(_issued_by(action, s, "This notice is issued"))
    story.append(p("What you are alleged to have done", s["h2"]))
    breach = action.breach
    if action.kind == K.FPN_CPN and breach is not None:
        notice = breach.action
        story.append(
            p(
                FPN_CPN_PARTICULARS_S52_6_A.format(
                    notice=reference_of(notice),
                    served_on=day(notice.served_on),
                    occurred_on=f"{breach.occurred_on:%-d %B %Y}",
                    act=ACT,
                    details=text(breach.details),
                ),
                s["body"],
            )
        )
        index = breach.requirement_index
        if 0 <= index < len(notice.requirements):
            requirement = _requirement_text(notice.requirements[index])
            story.append(p(FPN_CPN_REQUIREMENT.format(requirement=requirement), s["body"]))
    elif action.kind == K.PSPO_FPN:
        story.append(
            p(
                FPN_PSPO_PARTICULARS_S68_5_A.format(act=ACT, details=text(action.conduct)),
                s["body"],
            )
        )
    story.append(p("Paying the fixed penalty", s["h2"]))
    until = (
        f" (that is, before the end of {day(served_on + timedelta(days=14))})" if served_on else ""
    )
    story.append(p(FPN_AMOUNT_S52_6_C.format(amount=money(action.amount_pence)), s["body"]))
    story.append(
        p(
            FPN_NO_PROCEEDINGS_S52_5_A.format(until=until) + " " + FPN_PAYMENT_DISCHARGES_S52_5_B,
            s["body"],
        )
    )
    if payee is not None:
        lines = [text(payee.name), *(text(x) for x in payee.address.splitlines() if x)]
        story.append(p(f"<b>{FPN_PAY_TO_S52_6_D}</b><br/>" + "<br/>".join(lines), s["body"]))
        story.append(p(f"<b>{FPN_METHODS_S52_6_E}</b> {text(payee.payment_methods)}", s["body"]))
    story.append(p(FPN_QUOTE_REFERENCE, s["body"]))
    return story


def _generic(action: EnforcementAction, s: Styles) -> list[Any]:
    story = _addressee(action, s)
    if action.conduct:
        story += [p("About", s["h2"]), p(text(action.conduct), s["body"])]
    story.extend(_requirements(action, s))
    if action.kind == K.DISPERSAL:
        story.append(
            p(
                DISPERSAL_DIRECTION_S35_1.format(
                    act=ACT, locality=text(action.locality), hours=action.duration_hours
                ),
                s["body"],
            )
        )
        story.append(p(DISPERSAL_OFFENCE_S35_6_S39, s["body"]))
        story.append(
            p(
                DISPERSAL_AUTHORISED_S34.format(authorisation=text(action.inspector_authorisation)),
                s["body"],
            )
        )
        story.extend(_issued_by(action, s, "This direction is given"))
    if action.kind == K.ESO:
        story.append(
            p(
                f"Three meetings with {text(action.supervisor_name)} by {day(action.meetings_by)}.",
                s["body"],
            )
        )
    return story
