"""The deployment's own branding: service name, who runs it, its logo and footer links.

Lantern is run by police forces, councils and their partnerships, not on GOV.UK, so the
GOV.UK Design System's guidance for services not on GOV.UK applies: no GOV.UK header or
crown, no Royal Arms or "Crown copyright" in the footer, no GDS Transport font
(docs/adr/0001-govuk-frontend-django.md). A deployment names itself instead, through the
``LANTERN_SERVICE_NAME``, ``LANTERN_OPERATOR_NAME``, ``LANTERN_LOGO_URL`` and
``LANTERN_FOOTER_LINKS`` settings (docs/settings.md#branding). Malformed values stop the
service at start-up (``lantern.E010``, ``lantern.E011``: ``lantern/frontend/checks.py``);
rendering never fails on them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static

# A link's text: words people read, not markup or separators.
_TEXT = re.compile(r"[^\s=,<>\"'`][^=,<>\"'`]*")


@dataclass(frozen=True)
class FooterLink:
    text: str
    href: str


@dataclass(frozen=True)
class Branding:
    service_name: str
    operator_name: str = ""
    logo_url: str = ""
    footer_links: list[FooterLink] = field(default_factory=list)


def _check_href(href: str) -> None:
    """A footer link goes to a path on this site, an https address or an email address."""
    if any(ch.isspace() or ch in "<>\"'`\\" for ch in href):
        raise ValueError(f"the address {href!r} has a space or a character not allowed")
    if href.startswith("/") and not href.startswith("//"):
        return
    parts = urlsplit(href)
    if parts.scheme == "https" and parts.netloc:
        return
    if parts.scheme == "mailto" and "@" in parts.path:
        return
    raise ValueError(
        f"the address {href!r} must be a path on this site (/privacy/), "
        "an https:// address or a mailto: address"
    )


def parse_footer_links(value: str) -> list[FooterLink]:
    """``"Privacy=/privacy/,Contact=https://example.org/contact"`` as links, in order.

    Entries are separated by commas, text from address by the first ``=``; blank entries
    (a trailing comma) are ignored. Raises ``ValueError`` naming the entry at fault.
    """
    links = []
    for number, entry in enumerate(value.split(","), start=1):
        if not entry.strip():
            continue
        text, sep, href = (part.strip() for part in entry.partition("="))
        if not sep:
            raise ValueError(
                f"entry {number} ({entry.strip()!r}) has no '=' between text and address"
            )
        if not _TEXT.fullmatch(text):
            raise ValueError(f"entry {number} has no text, or text with = , < > or quotes")
        if not href:
            raise ValueError(f"entry {number} ({text!r}) has no address")
        try:
            _check_href(href)
        except ValueError as exc:
            raise ValueError(f"entry {number} ({text!r}): {exc}") from None
        links.append(FooterLink(text=text, href=href))
    return links


def check_logo_url(value: str) -> None:
    """``LANTERN_LOGO_URL``: an https address, or a static file's path (``lantern/logo.svg``,
    found by the static files finders, so never ``..`` or a leading ``/``)."""
    if not value:
        return
    if any(ch.isspace() or ch in "<>\"'`\\" for ch in value):
        raise ValueError("it has a space or a character not allowed")
    parts = urlsplit(value)
    if parts.scheme or value.startswith("//"):
        if parts.scheme == "https" and parts.netloc:
            return
        raise ValueError("an address must start with https://")
    if value.startswith("/") or ".." in value.split("/") or posixpath.normpath(value) != value:
        raise ValueError("a static file's path is relative, like lantern/logo.svg, without '..'")


def logo_host(value: str) -> str:
    """The origin of an https logo, for the Content Security Policy; "" for a static file."""
    parts = urlsplit(value)
    return f"https://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


def _logo_src(value: str) -> str:
    if not value:
        return ""
    try:
        check_logo_url(value)
        return value if urlsplit(value).scheme else static(value)
    except ValueError:
        # Reported at start-up (lantern.E011); a page never fails on it.
        return ""


def current() -> Branding:
    """The branding from settings. Reads no database: the 500 page uses it too."""
    try:
        links = parse_footer_links(settings.LANTERN_FOOTER_LINKS)
    except ValueError:
        links = []  # reported at start-up (lantern.E010)
    return Branding(
        service_name=settings.LANTERN_SERVICE_NAME or "Lantern",
        operator_name=settings.LANTERN_OPERATOR_NAME,
        logo_url=_logo_src(settings.LANTERN_LOGO_URL),
        footer_links=links,
    )
