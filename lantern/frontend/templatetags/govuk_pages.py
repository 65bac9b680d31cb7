"""What every page has: its ``<title>`` and its back link. Built in (config/settings
TEMPLATES ``builtins``), used by frontend/base.html.

- ``{% govuk_title %}Cases{% endgovuk_title %}``: "Cases, Service name, Operator" joined by
  en dashes, GOV.UK's format for a service not on GOV.UK, with "Error: " in front when a form on the page has
  errors. The service name and operator are the deployment's (lantern/frontend/branding.py).
- ``{% back_link href "Back to the case" %}``: the GOV.UK back link to ``href``, a path on
  this site. Its query string and fragment are dropped, so no search term or other personal
  data rides in it; anything else (``javascript:``, another site) renders nothing.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms, template
from django.template.base import Parser, Token
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from govuk_frontend_django.components.back_link import GovUKBackLink

from lantern.frontend import branding

register = template.Library()

_ERROR = "Error: "
SEPARATOR = " \N{EN DASH} "
# Titles written before the deployment named itself ended with a dash and "Lantern":
# dropped, since the layout adds the service's own name.
_OLD_SUFFIX = re.compile(r"\s+[\u2013-]\s+Lantern\s*$")


def _has_form_errors(context: template.Context) -> bool:
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return True
    return False


def page_title(text: str, *, errors: bool = False) -> SafeString:
    """``text`` (HTML, already escaped) as a GOV.UK page title: "[Error: ]Page", the service
    and the operator, joined by ``SEPARATOR``."""
    page = " ".join(text.split())
    failed = errors or page.startswith(_ERROR)
    page = _OLD_SUFFIX.sub("", page.removeprefix(_ERROR)).strip()
    brand = branding.current()
    names = (brand.service_name, brand.operator_name)
    parts = [page, *(str(conditional_escape(name)) for name in names)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and parts[0] == parts[1]:
        parts.pop(0)  # a page named after the service ("Lantern") says it once
    return SafeString((_ERROR if failed else "") + SEPARATOR.join(parts))


class _TitleNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        text = self.nodelist.render(context)
        return page_title(text, errors=_has_form_errors(context))


@register.tag("govuk_title")
def govuk_title(parser: Parser, token: Token) -> _TitleNode:
    nodelist = parser.parse(("endgovuk_title",))
    parser.delete_first_token()
    return _TitleNode(nodelist)


def safe_back_href(href: Any) -> str:
    """A path on this site without its query string or fragment; "" for anything else."""
    text = str(href or "").strip()
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return ""
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        return ""
    return parts.path


@register.simple_tag
def back_link(href: Any, text: str = "Back") -> str:
    """``{% back_link case_url "Back to the case" %}``: nothing when ``href`` is not a path
    on this site."""
    path = safe_back_href(href)
    if not path:
        return ""
    return GovUKBackLink(href=path, text=str(text)).render()
