"""The ASB Case Review outcome letter to the applicant, as PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from lantern.cases.documents.common import Styles, day, p, pdf, text
from lantern.cases.models import CaseReview

REVIEW_OUTCOME_TITLE = "ASB Case Review: the outcome of your application"

REVIEW_NEXT_STEPS = """\
The agencies that took part must have regard to these recommendations (section 104 of the
Anti-social Behaviour, Crime and Policing Act 2014). The ASB Case Review does not replace the
complaints procedure of any one organisation: if you are unhappy with how one of them has
treated you, you can still complain to it.
|If you are not satisfied with how your application was handled, contact us quoting the
reference above, and we will tell you how to ask for it to be looked at again.
"""


def render_review_outcome(review: CaseReview, *, name: str, sent_on: date) -> bytes:
    """The ASB Case Review outcome letter to ``name`` (the applicant) as PDF bytes: the
    threshold decision, the meeting and its recommendations, and the letter's own text."""
    return pdf(REVIEW_OUTCOME_TITLE, lambda s: _story(review, s, name, sent_on))


def _signed_for(review: CaseReview) -> str:
    """Who the letter is from: the council applied to, for the relevant bodies in its area
    that carry out the review (s.104); an application made before Lantern recorded the
    council names those bodies alone."""
    if review.council is not None:
        return f"{review.council.name}, for the relevant bodies in its area"
    return "The relevant bodies for the ASB Case Review in your area"


def _story(review: CaseReview, s: Styles, name: str, sent_on: date) -> list[Any]:
    story: list[Any] = [
        p(REVIEW_OUTCOME_TITLE, s["title"]),
        p(f"Reference: {text(review.reference)}", s["small"]),
        p(f"Date: {day(sent_on)}", s["small"]),
        Spacer(1, 6 * mm),
        p(f"Dear {text(name)},", s["body"]),
        p(
            f"You applied for an ASB Case Review on {review.created_at:%-d %B %Y}. "
            "This letter tells you what was decided.",
            s["body"],
        ),
        p("The threshold", s["h2"]),
    ]
    if review.threshold_met:
        story.append(
            p(
                f"On {day(review.decided_on)} we decided that your application met the local "
                "threshold, so the agencies held a case review.",
                s["body"],
            )
        )
    else:
        story.append(
            p(
                f"On {day(review.decided_on)} we decided that your application did not meet "
                "the local threshold, so no case review meeting was held.",
                s["body"],
            )
        )
        if review.decision_reason:
            story.append(p(text(review.decision_reason), s["body"]))
    if review.meeting_on:
        story.append(p("The review meeting", s["h2"]))
        story.append(p(f"The agencies met on {day(review.meeting_on)}. They recommend:", s["body"]))
        story.append(p(text(review.recommendations), s["body"]))
    story.append(p("What happens next", s["h2"]))
    story.append(p(text(review.outcome_letter), s["body"]))
    for paragraph in REVIEW_NEXT_STEPS.split("|"):
        story.append(p(paragraph.strip(), s["body"]))
    story.append(p(f"Yours sincerely,<br/>{text(_signed_for(review))}", s["body"]))
    return story
