"""Check your answers before a step with legal weight: issuing a warning, serving a notice,
sending a keeper letter (and recording service of any other action). The action's page asks
how and when it was served; this page (a GET: it writes nothing) shows what will be served,
to whom, how and when, each answer with a "Change" link back to the question, and a button
that makes the one POST (``action-step`` with ``name=serve``), which is the only write. No
JavaScript is needed (GOV.UK "Check answers" pattern)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lantern.cases import forms
from lantern.cases.models import ActionKind, EnforcementAction, ServedHow
from lantern.cases.views import previews
from lantern.cases.views.actions import action_or_404
from lantern.cases.views.common import summary_with_changes
from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission

K = ActionKind

# What serving is called for each kind: the check page's title and its button.
SERVE_WORDS: dict[str, tuple[str, str]] = {
    K.CPW: ("Check before you issue the warning", "Issue the warning"),
    K.CPN: ("Check before you serve the notice", "Serve the notice"),
    K.KEEPER_LETTER: ("Check before you send the keeper letter", "Send the keeper letter"),
}
DEFAULT_WORDS = ("Check before you record service", "Record service")


def serve_words(action: EnforcementAction) -> tuple[str, str]:
    return SERVE_WORDS.get(action.kind, DEFAULT_WORDS)


def _day(value: object) -> str:
    return f"{value:%-d %B %Y}" if value else ""


@require_GET
@require_permission(Permission.CASE_VIEW)
def action_serve_check(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    action = action_or_404(request, action_id)
    if not any(t.name == "serve" for t in previews.open_steps(request.actor, action)):
        messages.error(request, "It cannot be served now: see its state and next steps.")
        return redirect("cases:action", action.pk)
    title, button = serve_words(action)
    url = reverse("cases:action-serve", args=[action.pk])
    given = "how" in request.GET
    form = forms.ServeForm(request.GET if given else None)
    if "change" in request.GET or not given or not form.is_valid():
        if "change" in request.GET:
            form = forms.ServeForm(initial=request.GET.dict())
        return render(
            request,
            "cases/action_form.html",
            {
                "title": "How and when it was served",
                "caption": f"{action.case.reference}: {action.get_kind_display()}",
                "form": form,
                "button": "Continue",
                "back": reverse("cases:action", args=[action.pk]),
                "back_text": "Back to the action",
                "method": "get",
                "action_url": url,
                "intro": f"Next you check the answers before you {button.lower()}.",
            },
            status=422 if form.errors else 200,
        )
    how = form.cleaned_data["how"]
    served_on = form.cleaned_data["served_on"] or clock.now().date()
    change = f"{url}?{urlencode({'how': how, 'served_on': served_on.isoformat(), 'change': 1})}"
    answers = summary_with_changes(
        [
            ("How it was served", str(ServedHow(how).label), change),
            ("Date served", _day(served_on), change),
        ]
    )
    return render(
        request,
        "cases/serve_check.html",
        {
            "action": action,
            "title": title,
            "button": button,
            "answers": answers,
            "particulars": previews.particulars(action),
            "requirements": previews.requirements_list(action),
            "evidence": previews.evidence_table(request.actor, action),
            "how": how,
            "served_on": served_on.isoformat(),
        },
    )
