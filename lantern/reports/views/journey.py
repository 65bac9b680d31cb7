"""The report journey: one thing per page, check your answers, a confirmation panel. Signed
in or not. Answers are kept in the session (journey.py), never in URLs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods
from govuk_frontend_django.components.error_summary import GovUKErrorSummary

from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.registration import describe, display, is_partial
from lantern.frontend.dates import format_datetime, format_time
from lantern.places.geocoding import place_name_at
from lantern.reports import forms as f
from lantern.reports import journey as j
from lantern.reports.components import check_answers, date_input, radios
from lantern.reports.models import Category, Queue
from lantern.reports.selectors import category_list, report_partnership_for
from lantern.reports.services import report_create
from lantern.reports.views import where

# The evidence app (a sibling: no import) adds an uploader for a report at this URL name,
# taking the report's reference. Until it exists the confirmation page explains the step.
EVIDENCE_UPLOAD_URL_NAME = "evidence:report-upload"
# The tus endpoint the uploader talks to, for a data- attribute on the confirmation page.
TUS_ENDPOINT = "/uploads/"

SAFEGUARDING_HINT = (
    "Your report goes to the safeguarding team, not to enforcement. We will never ask you to "
    "name, follow or photograph anyone."
)


def _step_url(step: j.Step) -> str:
    return reverse("reports:step", args=[step.slug])


def _next(journey: j.Journey, step: j.Step, category: Category | None) -> HttpResponse:
    if journey.data.pop("changing", False):
        journey.save()
        later = journey.first_missing(category)
        return redirect(_step_url(later) if later else reverse("reports:check"))
    later = journey.after(step, category)
    return redirect(_step_url(later) if later else reverse("reports:check"))


def start(request: LanternRequest) -> HttpResponse:
    """The first page: the 999 warning, what the journey asks, and a start button."""
    j.Journey(request.session).reset()
    return render(request, "reports/journey/start.html", {"first": _step_url(j.WHAT)})


def _form_for(step: j.Step, request: LanternRequest, journey: j.Journey, cat: Category | None):
    data = request.POST if request.method == "POST" else None
    d = journey.data
    if step is j.WHAT:
        initial = {"category": d.get("category")}
        return f.CategoryForm(data, initial=initial, categories=list(category_list()))
    if step is j.WHERE:
        initial = {k: d.get(k) for k in ("latitude", "longitude", "address")}
        return f.WhereForm(data, initial=initial, places=where.places(journey))
    if step is j.WHEN:
        return f.WhenForm(data, initial=d.get("when_typed", {}))
    if step is j.DESCRIPTION:
        return f.DescriptionForm(data, initial={"description": d.get("description", "")})
    assert cat is not None  # noqa: S101  (steps after the first need a category)
    if step is j.PEOPLE:
        initial = {
            "people_description": d.get("people_description", ""),
            "vehicles": "\n".join(display(v) for v in d.get("vehicles", [])),
        }
        return f.PeopleVehiclesForm(data, initial=initial, category=cat)
    if step is j.QUESTIONS:
        return f.QuestionsForm(data, initial=d.get("answers", {}), category=cat)
    if step is j.EVIDENCE:
        return forms.Form(data)
    if step is j.CONTACT:
        initial = {k: d.get(k, "") for k in ("contact", "contact_email", "contact_phone")}
        if not initial["contact_email"] and request.user.is_authenticated:
            initial["contact_email"] = request.user.email
        return f.ContactForm(data, initial=initial, allows_anonymous=cat.allows_anonymous)
    raise Http404


def _save(step: j.Step, journey: j.Journey, form: forms.Form) -> None:
    c = form.cleaned_data
    if step is j.WHAT:
        if journey.data.get("category") != c["category"]:
            # Another category asks other questions: forget the answers that depend on it.
            for key in ("people_done", "people_description", "vehicles", "answers", "contact"):
                journey.data.pop(key, None)
        journey.save(category=c["category"])
    elif step is j.WHERE:
        journey.save(
            latitude=c["latitude"],
            longitude=c["longitude"],
            address=c["address"].strip(),
            where_done=True,
        )
        journey.data.pop(where.RESULTS_KEY, None)
        journey.save()
    elif step is j.WHEN:
        journey.save(
            occurred_from=c["occurred_from"].isoformat(),
            occurred_to=c["occurred_to"].isoformat() if c["occurred_to"] else None,
            when_typed={k: form.data.get(k, "") for k in form.fields},
        )
    elif step is j.DESCRIPTION:
        journey.save(description=c["description"].strip())
    elif step is j.PEOPLE:
        journey.save(
            people_description=c.get("people_description", "").strip(),
            vehicles=c.get("vehicles", []),
            people_done=True,
        )
    elif step is j.QUESTIONS:
        journey.save(answers={k: v for k, v in c.items() if v not in ("", None)})
    elif step is j.EVIDENCE:
        journey.save(evidence_seen=True)
    elif step is j.CONTACT:
        how = c["contact"]
        journey.save(
            contact=how,
            contact_email=c["contact_email"] if how == "email" else "",
            contact_phone=c["contact_phone"] if how == "phone" else "",
        )


def _place_served(step: j.Step, form: forms.Form) -> bool:
    """On the location step: whether a partnership serves the place (a typed address alone is
    placed at the map's centre). If none does, the form says where to go instead."""
    if step is not j.WHERE:
        return True
    c = form.cleaned_data
    approximate = c["latitude"] is None
    latitude, longitude = (
        settings.LANTERN_MAP_CENTRE if approximate else (c["latitude"], c["longitude"])
    )
    try:
        report_partnership_for(latitude=latitude, longitude=longitude, approximate=approximate)
    except ValidationFailed as exc:
        for message in exc.errors.get("location", []):
            form.add_error("address" if approximate else "latitude", message)
        return False
    return True


def _field_html(step: j.Step, form: forms.Form, cat: Category | None) -> dict[str, Any]:
    """Pieces of the page built in Python (components with per-option hints, reveals)."""
    if step is j.WHAT:
        hints = {c.code: c.description for c in category_list() if c.description}
        for c in category_list().filter(queue=Queue.SAFEGUARDING):
            hints[c.code] = f"{c.description}. {SAFEGUARDING_HINT}".lstrip(". ")
        return {
            "main": radios(
                form["category"],
                hints=hints,
                label_classes="govuk-label--l",
                is_page_heading=True,
            )
        }
    if step is j.WHEN:
        return {
            "date": date_input(
                form, legend="What date did it happen?", hint="For example, 27 11 2026"
            )
        }
    if step is j.CONTACT:
        return {
            "main": radios(
                form["contact"],
                hints={"anonymous": "You will get a tracking code to follow your report."},
                label_classes="govuk-label--l",
                is_page_heading=True,
            )
        }
    return {}


@require_http_methods(["GET", "POST"])
def step_page(request: LanternRequest, slug: str) -> HttpResponse:
    step = j.BY_SLUG.get(slug)
    if step is None:
        raise Http404
    journey = j.Journey(request.session)
    cat = journey.category
    if not journey.applies(step, cat):
        missing = journey.first_missing(cat)
        return redirect(_step_url(missing) if missing else reverse("reports:check"))
    if request.GET.get("change") == "1":
        journey.save(changing=True)
    if where.is_search(request, step):
        form: forms.Form = where.search(request, journey)
    else:
        form = _form_for(step, request, journey, cat)
    if (
        request.method == "POST"
        and not where.is_search(request, step)
        and form.is_valid()
        and _place_served(step, form)
    ):
        _save(step, journey, form)
        return _next(journey, step, journey.category)
    previous = journey.before(step, cat)
    context = {
        "form": form,
        "step": step,
        "category": cat,
        "back": _step_url(previous) if previous else reverse("reports:start"),
        "parts": _field_html(step, form, cat),
        "safeguarding": cat is not None and cat.queue == Queue.SAFEGUARDING,
        "tile_url": settings.LANTERN_TILE_URL,
        "centre": settings.LANTERN_MAP_CENTRE,
    }
    return render(request, f"reports/journey/{step.slug}.html", context)


def _when_text(data: dict[str, Any]) -> str:
    from datetime import datetime

    start = localtime(datetime.fromisoformat(data["occurred_from"]))
    text = format_datetime(start)
    if data.get("occurred_to"):
        end = localtime(datetime.fromisoformat(data["occurred_to"]))
        text += " until " + (
            format_time(end) if end.date() == start.date() else format_datetime(end)
        )
    return text


def _summary_rows(journey: j.Journey, cat: Category) -> list[tuple[str, str, str, str]]:
    d = journey.data

    def change(step: j.Step) -> str:
        return _step_url(step) + "?change=1"

    where = d.get("address", "")
    if d.get("latitude") is not None:
        named = place_name_at(d["latitude"], d["longitude"])
        point = f"map pin {named[0].lower()}{named[1:]}" if named else "a pin on the map"
        where = f"{where} ({point})" if where else point[0].upper() + point[1:]
    rows = [
        ("What happened", cat.name, change(j.WHAT), "what happened"),
        ("Where", where, change(j.WHERE), "where"),
        ("When", _when_text(d), change(j.WHEN), "when"),
        ("Description", d.get("description", ""), change(j.DESCRIPTION), "the description"),
    ]
    if cat.asks_about_people:
        people = d.get("people_description", "")
        rows.append(("People", people, change(j.PEOPLE), "the people"))
    if cat.asks_about_vehicles:
        vehicles = ", ".join(describe(v, partial=is_partial(v)) for v in d.get("vehicles", []))
        rows.append(("Vehicles", vehicles, change(j.PEOPLE), "the vehicles"))
    labels = {"yes": "Yes", "no": "No"}
    for q in cat.extra_questions:
        answer = d.get("answers", {}).get(q["code"], "")
        rows.append((q["question"], labels.get(answer, answer), change(j.QUESTIONS), q["question"]))
    contact = {
        "anonymous": "Do not contact me (anonymous)",
        "email": f"By email: {d.get('contact_email', '')}",
        "phone": f"By phone: {d.get('contact_phone', '')}",
    }.get(d.get("contact", ""), "")
    rows.append(("Contact", contact, change(j.CONTACT), "how to contact you"))
    return rows


FIELD_STEPS = {
    "category": j.WHAT,
    "location": j.WHERE,
    "occurred_from": j.WHEN,
    "occurred_to": j.WHEN,
    "description": j.DESCRIPTION,
    "people_description": j.PEOPLE,
    "vehicles": j.PEOPLE,
    "anonymous": j.CONTACT,
    "contact_email": j.CONTACT,
    "contact_phone": j.CONTACT,
}


@require_http_methods(["GET", "POST"])
def check(request: LanternRequest) -> HttpResponse:
    journey = j.Journey(request.session)
    cat = journey.category
    missing = journey.first_missing(cat)
    if missing is not None or cat is None:
        return redirect(_step_url(missing or j.WHAT))
    journey.data.pop("changing", None)
    journey.save()
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            created = report_create(actor=request.actor, data=journey.to_input(request.actor, cat))
        except ValidationFailed as exc:
            for field, messages in exc.errors.items():
                step = FIELD_STEPS.get(field.split(".")[0], j.QUESTIONS)
                errors.extend({"text": m, "href": _step_url(step) + "?change=1"} for m in messages)
        else:
            journey.reset()
            request.session[j.SENT_KEY] = {
                "reference": created.report.reference,
                "tracking_code": created.tracking_code,
                "queue": created.report.queue,
                "signed_in": created.report.reporter_id is not None,
            }
            # Kept after the confirmation page: the evidence app's "add files to your
            # report" page reads it (it may not look reports up itself).
            request.session["reports_last_report"] = {
                "reference": created.report.reference,
                "id": str(created.report.pk),
            }
            return redirect("reports:sent")
    return render(
        request,
        "reports/journey/check.html",
        {
            "summary": check_answers(_summary_rows(journey, cat)),
            "errors": errors,
            "error_summary": GovUKErrorSummary(
                titleText="There is a problem",
                errorList=errors,  # type: ignore[arg-type]
            )
            if errors
            else "",
            "back": _step_url(j.CONTACT),
        },
    )


def sent(request: LanternRequest) -> HttpResponse:
    """The confirmation panel. The tracking code is shown here once, then forgotten."""
    result = request.session.pop(j.SENT_KEY, None)
    if result is None:
        return redirect("reports:start")
    try:
        evidence_url = reverse(EVIDENCE_UPLOAD_URL_NAME, args=[result["reference"]])
    except NoReverseMatch:
        evidence_url = ""
    return render(
        request,
        "reports/journey/sent.html",
        {
            **result,
            "evidence_url": evidence_url,
            "tus_endpoint": TUS_ENDPOINT,
            "safeguarding": result["queue"] == Queue.SAFEGUARDING,
        },
    )
