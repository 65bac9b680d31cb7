"""A faster renderer for govuk-frontend-django's components.

govuk-frontend-django 0.22 builds a new Jinja2 Environment, and compiles the component's
macro template again, on every single render: about 5 ms per component, so a form page
took over 100 ms. This keeps one Environment and one compiled template per macro, with the
same loader, autoescaping and data cleaning, so the HTML is byte-for-byte the same
(lantern/frontend/tests/test_govuk_render.py checks). Installed by FrontendConfig.ready().
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    Template,
    select_autoescape,
)

_original_render = GovUKComponent.render


@cache
def _environment() -> Environment:
    loader = ChoiceLoader(
        [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    return Environment(loader=loader, autoescape=select_autoescape())


@cache
def _template(source: str) -> Template:
    return _environment().from_string(source)


def _without_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_none(item) for item in data]
    return data


def render(
    self: GovUKComponent,
    template_name: Any = None,
    context: Any = None,
    renderer: Any = None,
    component_data: dict | None = None,
) -> SafeString:
    data = self.__dict__.copy()
    if component_data:
        data.update(component_data)
    template = _template(self.build_jinja_template())
    return mark_safe(template.render(data=_without_none(data)))  # noqa: S308  (Jinja autoescapes)


def install() -> None:
    GovUKComponent.render = render  # type: ignore[method-assign]
    GovUKComponent.__str__ = render  # type: ignore[method-assign,assignment]
    GovUKComponent.__html__ = render


def original_render(component: GovUKComponent, **kwargs: Any) -> str:
    """The library's own renderer, for the test that compares output."""
    return _original_render(component, **kwargs)
