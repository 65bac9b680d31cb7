"""What the intelligence record pages share: the reader check (404 for anyone who may not
read intelligence), dates, links and labels."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from lantern.accounts.selectors import partnership_names
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.dates import format_date, format_datetime
from lantern.intelligence.models import Handling, Origin
from lantern.intelligence.schema import ENTITIES

P = Permission


def reader(permission: Permission = P.INTELLIGENCE_VIEW) -> Callable:
    """Signed-out visitors go to sign in; anyone who may not read intelligence gets a 404
    (they are not told it exists); a reader without ``permission`` gets a 403. A record the
    reader may not see is a 404."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.actor, P.INTELLIGENCE_VIEW):
                raise Http404
            if not can(request.actor, permission):
                raise DjangoPermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None
            except PermissionDenied:
                raise DjangoPermissionDenied from None

        return wrapped

    return decorator


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return format_datetime(value)
    return format_date(value)


def _link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _my_partnerships(request: LanternRequest) -> list[tuple[uuid.UUID, str]]:
    names = partnership_names()
    return sorted(
        ((pk, names[pk]) for pk in request.actor.partnership_ids if pk in names),
        key=lambda pair: pair[1],
    )


def _uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text)) if text else None
    except ValueError:
        return None


def _origin_label(kind: str) -> str:
    return str(dict(Origin.choices).get(kind, kind))


def _graded_rows(record: Any) -> list[tuple[str, object]]:
    """The grading spelt out."""
    rows: list[tuple[str, object]] = [
        ("Grading", record.grade),
        ("Source evaluation", record.get_source_evaluation_display()),
        ("Intelligence assessment", record.get_assessment_display()),
        ("Handling code", record.get_handling_display()),
    ]
    if record.handling == Handling.C:
        rows.append(("Handling conditions", record.handling_conditions))
        rows.append(("Partners may see it", "Yes" if record.partners_may_see else "No"))
    return rows


def _chart_href(entity_id: uuid.UUID) -> str:
    return reverse("intelligence:chart", args=[entity_id])


def _entity_label(entity: Any) -> str:
    return f"{entity.caption} ({ENTITIES[entity.schema].label.lower()})"


def _prop_label(schema: str, prop: str) -> str:
    declared = ENTITIES[schema].prop(prop) if schema in ENTITIES else None
    return declared.label if declared else prop
