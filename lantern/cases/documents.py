"""The documents Lantern prints for enforcement actions, in plain English, as PDF (reportlab).

A served document is frozen: services/action_steps.py stores its bytes once, with their SHA-256, and
never changes them. Rendering is deterministic (reportlab's invariant mode), so the same
action rendered twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils.timezone import localtime
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from lantern.cases.models import ActionKind, CaseReview, EnforcementAction

K = ActionKind

# What a CPN must explain (s.43(7)(b)): the effect of sections 46 to 51, in plain English.
CPN_EXPLANATION = """\
<b>Appealing against this notice (section 46).</b> You can appeal to a magistrates' court
within 21 days beginning with the day you were given this notice. You can appeal if you think
the behaviour did not happen, has not had a detrimental effect, has not been persistent or
continuing, is not unreasonable, or is something you cannot reasonably be expected to control;
if you think a requirement or a period is unreasonable; if there is a material mistake in the
notice; or if it was given to the wrong person. While your appeal is being decided, the
requirements to stop doing things stay in force, unless the court orders otherwise; the other
requirements do not apply until the appeal is decided.
|<b>If you do not do what the notice requires (section 47).</b> The council may carry out the
work needed to put things right, on land open to the air, and may recover the cost from you.
On other premises it must first tell you the work it intends and its estimated cost.
|<b>It is an offence not to comply (section 48).</b> If you fail to comply without a
reasonable excuse, or without having taken all reasonable steps to comply, you commit an
offence. On conviction an individual can be fined up to level 4 on the standard scale, and a
body up to 20,000 GBP.
|<b>Fixed penalty (section 52).</b> Instead of being prosecuted you may be offered a fixed
penalty notice. If you pay it, you cannot be convicted of that offence.
|<b>Court orders (sections 49 to 51).</b> If you are convicted, the court may order you to do
what the notice requires (a remedial order), order the forfeiture of any item used in the
offence, and a magistrate may issue a warrant to seize such items.
"""

KEEPER_LETTER_BODY = """\
Dear Registered Keeper,
|We are writing to you as the registered keeper of the vehicle named below. The vehicle was
seen at the time and place shown. We are not saying that you, or anyone else, has done
anything wrong.
|Residents of this area have told us about problems with vehicles stopping and driving slowly
around the streets here. We are writing to the keepers of vehicles seen in the area so that
they know about the concern. If someone else uses your vehicle, you may wish to let them know.
|You do not need to reply to this letter. If you have any questions, please contact us using
the details below and quote the reference.
"""


def _styles() -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    base = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=11, leading=15)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=18, leading=22),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=13, leading=17),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def _text(value: Any) -> str:
    return escape(str(value or "")).replace("\n", "<br/>")


def _day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "the day it is served"


REQUIREMENT_LABEL = {
    "stop": "You must stop",
    "do": "You must",
    "steps": "You must take reasonable steps to",
}


def _requirements(action: EnforcementAction, s: dict[str, ParagraphStyle]) -> list[Any]:
    items = []
    for requirement in action.requirements:
        period = requirement.get("period_days")
        when = f" within {period} days of this notice" if period else ""
        label = REQUIREMENT_LABEL.get(requirement.get("kind"), "")
        items.append(ListItem(_p(f"{label}: {_text(requirement.get('text'))}{when}.", s["body"])))
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


def render(action: EnforcementAction, *, served_on: date | None, draft: bool = False) -> bytes:
    """The document for ``action`` as PDF bytes."""
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title_of(action),
        author="Lantern",
        invariant=1,
    )
    story: list[Any] = []
    if draft:
        story.append(_p("<b>DRAFT: not served. This is not a notice.</b>", s["h2"]))
    story.append(_p(title_of(action), s["title"]))
    story.append(_p(f"Reference: {action.case.reference}/{str(action.pk)[:8].upper()}", s["small"]))
    story.append(_p(f"Date: {_day(served_on)}", s["small"]))
    story.append(Spacer(1, 6 * mm))
    kind = action.kind
    if kind == K.KEEPER_LETTER:
        story.extend(_keeper_letter(action, s))
    elif kind in (K.CPW, K.CPN):
        story.extend(_warning_or_notice(action, s, served_on))
    elif kind in (K.FPN_CPN, K.PSPO_FPN):
        story.extend(_penalty(action, s, served_on))
    else:
        story.extend(_generic(action, s))
    doc.build(story)
    return buffer.getvalue()


def _addressee(action: EnforcementAction, s: dict[str, ParagraphStyle]) -> list[Any]:
    if action.person is not None:
        person = action.person
        lines = [_text(person.label)] + ([_text(person.address)] if person.address else [])
    elif action.body is not None:
        lines = [_text(action.body.name)] + (
            [_text(action.body.address)] if action.body.address else []
        )
    else:
        return []
    return [_p("To: " + "<br/>".join(lines), s["body"]), Spacer(1, 4 * mm)]


def _keeper_letter(action: EnforcementAction, s: dict[str, ParagraphStyle]) -> list[Any]:
    vehicle = action.vehicle
    assert vehicle is not None  # noqa: S101  (KEEPER_LETTER_NO_ALLEGATION needs one)
    sighting = action.sighting or {}
    story: list[Any] = []
    if vehicle.keeper_name:
        lines = [_text(vehicle.keeper_name), _text(vehicle.keeper_address)]
        story += [_p("To: " + "<br/>".join(lines), s["body"]), Spacer(1, 4 * mm)]
    paragraphs = KEEPER_LETTER_BODY.split("|")
    story.append(_p(paragraphs[0], s["body"]))
    story.append(_p(paragraphs[1], s["body"]))
    details = [
        f"Vehicle: {_text(vehicle.registration)} {_text(' '.join(filter(None, [vehicle.colour, vehicle.make, vehicle.model])))}",
        f"Seen: {_text(sighting.get('seen_at_text') or sighting.get('seen_at'))}",
        f"Place: {_text(sighting.get('place'))}",
    ]
    story.append(_p("<br/>".join(details), s["body"]))
    for paragraph in paragraphs[2:]:
        story.append(_p(paragraph, s["body"]))
    if action.note.strip():
        story.append(_p(_text(action.note), s["body"]))
    story.append(_p("Yours faithfully,<br/>Eastmere Community Safety Partnership", s["body"]))
    return story


def _warning_or_notice(
    action: EnforcementAction, s: dict[str, ParagraphStyle], served_on: date | None
) -> list[Any]:
    story = _addressee(action, s)
    if action.kind == K.CPW:
        story.append(
            _p(
                "This is a written warning under section 43(5) of the Anti-social Behaviour, "
                "Crime and Policing Act 2014. Unless the behaviour described below stops having "
                "a detrimental effect on the quality of life of those in the area, a Community "
                "Protection Notice may be issued to you.",
                s["body"],
            )
        )
    else:
        story.append(
            _p(
                "This is a Community Protection Notice under section 43 of the Anti-social "
                "Behaviour, Crime and Policing Act 2014. You were warned in writing before and "
                "the behaviour has continued.",
                s["body"],
            )
        )
    story.append(_p("What you have been doing", s["h2"]))
    story.append(_p(_text(action.conduct), s["body"]))
    story.append(_p("Why it must stop", s["h2"]))
    story.append(_p(_text(action.detrimental_effect), s["body"]))
    story.append(_p(_text(action.persistent_nature), s["body"]))
    story.append(_p(_text(action.unreasonable_because), s["body"]))
    story.append(_p("What you must do", s["h2"]))
    story.extend(_requirements(action, s))
    if action.exclusion_area:
        story.append(
            _p(
                "The area you must not enter is shown on the map attached to this document.",
                s["body"],
            )
        )
    if action.kind == K.CPW:
        story.append(
            _p(
                f"You have {action.compliance_days} days to change your behaviour. "
                "This warning cannot be appealed.",
                s["body"],
            )
        )
    else:
        story.append(_p("Your rights and what happens if you do not comply", s["h2"]))
        for paragraph in CPN_EXPLANATION.split("|"):
            story.append(_p(paragraph.strip(), s["body"]))
    return story


def _penalty(
    action: EnforcementAction, s: dict[str, ParagraphStyle], served_on: date | None
) -> list[Any]:
    story = _addressee(action, s)
    amount = (action.amount_pence or 0) / 100
    breach = action.breach
    story.append(_p("What this notice is for", s["h2"]))
    if breach is not None:
        story.append(
            _p(
                f"We have reason to believe that on {breach.occurred_on:%-d %B %Y} you did not "
                f"comply with a Community Protection Notice: {_text(breach.details)}",
                s["body"],
            )
        )
    story.append(_p("What you can do", s["h2"]))
    story.append(
        _p(
            f"You can pay a fixed penalty of {amount:.2f} GBP to Eastmere City Council. If you pay "
            "it, you cannot be convicted of this offence. No proceedings will be taken for it "
            f"within 14 days following the date of this notice ({_day(served_on)}).",
            s["body"],
        )
    )
    story.append(
        _p(
            "How to pay: online at the council's website, by phone, or in person at the "
            "council offices, quoting the reference above.",
            s["body"],
        )
    )
    return story


def _generic(action: EnforcementAction, s: dict[str, ParagraphStyle]) -> list[Any]:
    story = _addressee(action, s)
    if action.conduct:
        story += [_p("About", s["h2"]), _p(_text(action.conduct), s["body"])]
    story.extend(_requirements(action, s))
    if action.kind == K.DISPERSAL:
        story.append(
            _p(
                f"You must leave {_text(action.locality)} and not return for "
                f"{action.duration_hours} hours. Authorisation: "
                f"{_text(action.inspector_authorisation)}.",
                s["body"],
            )
        )
    if action.kind == K.ESO:
        story.append(
            _p(
                f"Three meetings with {_text(action.supervisor_name)} by "
                f"{_day(action.meetings_by)}.",
                s["body"],
            )
        )
    return story


REVIEW_OUTCOME_TITLE = "ASB Case Review: the outcome of your application"

REVIEW_NEXT_STEPS = """\
The agencies that took part must have regard to these recommendations (section 104 of the
Anti-social Behaviour, Crime and Policing Act 2014). The ASB Case Review does not replace the
complaints procedure of any one organisation: if you are unhappy with how one of them has
treated you, you can still complain to it.
|If you are not satisfied with how your application was handled, contact the Eastmere
Community Safety Partnership quoting the reference above, and we will tell you how to ask for
it to be looked at again.
"""


def render_review_outcome(review: CaseReview, *, name: str, sent_on: date) -> bytes:
    """The ASB Case Review outcome letter to ``name`` (the applicant) as PDF bytes: the
    threshold decision, the meeting and its recommendations, and the letter's own text."""
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=REVIEW_OUTCOME_TITLE,
        author="Lantern",
        invariant=1,
    )
    story: list[Any] = [
        _p(REVIEW_OUTCOME_TITLE, s["title"]),
        _p(f"Reference: {_text(review.reference)}", s["small"]),
        _p(f"Date: {_day(sent_on)}", s["small"]),
        Spacer(1, 6 * mm),
        _p(f"Dear {_text(name)},", s["body"]),
        _p(
            f"You applied for an ASB Case Review on {review.created_at:%-d %B %Y}. "
            "This letter tells you what was decided.",
            s["body"],
        ),
        _p("The threshold", s["h2"]),
    ]
    if review.threshold_met:
        story.append(
            _p(
                f"On {_day(review.decided_on)} we decided that your application met the local "
                "threshold, so the agencies held a case review.",
                s["body"],
            )
        )
    else:
        story.append(
            _p(
                f"On {_day(review.decided_on)} we decided that your application did not meet "
                "the local threshold, so no case review meeting was held.",
                s["body"],
            )
        )
        if review.decision_reason:
            story.append(_p(_text(review.decision_reason), s["body"]))
    if review.meeting_on:
        story.append(_p("The review meeting", s["h2"]))
        story.append(
            _p(f"The agencies met on {_day(review.meeting_on)}. They recommend:", s["body"])
        )
        story.append(_p(_text(review.recommendations), s["body"]))
    story.append(_p("What happens next", s["h2"]))
    story.append(_p(_text(review.outcome_letter), s["body"]))
    for paragraph in REVIEW_NEXT_STEPS.split("|"):
        story.append(_p(paragraph.strip(), s["body"]))
    story.append(_p("Yours sincerely,<br/>Eastmere Community Safety Partnership", s["body"]))
    doc.build(story)
    return buffer.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def served_at_text(action: EnforcementAction) -> str:
    return localtime(action.served_at).strftime("%-d %B %Y, %H:%M") if action.served_at else ""
