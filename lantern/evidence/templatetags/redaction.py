"""``{% redaction_link item %}``: the item page's link to redact it, for those who may."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from lantern.evidence.redaction.selectors import may_redact, redactions_of

register = template.Library()


@register.simple_tag(takes_context=True)
def redaction_link(context: dict[str, Any], item: Any) -> str:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or not may_redact(actor=actor, item=item):
        return ""
    count = redactions_of(actor=actor, item=item).count()
    return render_to_string("evidence/redaction/_item_link.html", {"item": item, "count": count})
