"""Browser journeys: Playwright for Python driving Debian's Chromium (never a downloaded
browser), with axe-core checking every page the journey reaches for WCAG 2.2 A/AA."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("LANTERN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the
# tests make between page steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class AxeChecker:
    """Runs axe-core on the current page and remembers every page it checked."""

    def __init__(self) -> None:
        self.source = AXE.read_text()
        self.checked: list[str] = []

    def __call__(self, page) -> None:
        # After a form is sent the next page may still be loading: check it as a user sees it,
        # with its stylesheets applied (unstyled, the header's links sit too close together).
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
        page.evaluate(self.source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        self.checked.append(page.url)
        assert not violations, f"axe found violations on {page.url}:\n" + json.dumps(
            violations, indent=2
        )


@pytest.fixture
def axe() -> AxeChecker:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    return AxeChecker()


class OneRequestAtATime:
    """The live server's views, run one at a time.

    With an in-memory SQLite database, Django hands the live server's request threads the
    test's own connection, so that they see the test's data. A page that sends two requests
    at once (a video's range requests, say) would then run two transactions on one
    connection, interleaved: both audit appends read the same head of the chain, and the
    second fails its unique ``prev_hash``. In production each thread has its own connection
    and every transaction begins IMMEDIATE (docs/adr/0002), which serialises the writers;
    here the lock does. A streamed body is sent after the view returns, outside the lock."""

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return self.app(environ, start_response)


@pytest.fixture
def page(browser, live_server):
    server = live_server.thread.httpd  # wsgiref's WSGIServer: get_app() and set_app()
    if not isinstance(server.get_app(), OneRequestAtATime):
        server.set_app(OneRequestAtATime(server.get_app()))
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, f"the Content Security Policy blocked something: {csp_errors}"


@pytest.fixture
def browsers(page, live_server):
    """Another browser (its own cookies) for each person after the first; the Content
    Security Policy must block nothing in any of them."""
    contexts, csp_errors = [], []

    def open_one():
        context = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        other = context.new_page()
        other.on(
            "console",
            lambda msg: (
                csp_errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return other

    yield open_one
    for context in contexts:
        context.close()
    assert not csp_errors, f"the Content Security Policy blocked something: {csp_errors}"


# Leaflet guesses its marker images' folder from leaflet.css. In production the manifest
# storage hashes the names of the stylesheet and of the images, and the guess finds nothing;
# the test server serves them unhashed, where the guess would work and hide the fault. So
# the guess is made to find nothing here too, as it does in production: the pins must load
# from the folder lantern/leaflet-icons.js sets.
_LEAFLET_AS_IN_PRODUCTION = """
(() => {
  let leaflet;
  Object.defineProperty(window, "L", {
    configurable: true,
    get: () => leaflet,
    set: (L) => {
      leaflet = L;
      if (L && L.Icon && L.Icon.Default) L.Icon.Default.prototype._detectIconPath = () => "";
    },
  });
})();
"""


class MapImages:
    """Watches a page's image requests; check() asserts that a map's images all loaded."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        ours = base_url.rstrip("/") + "/"  # not the tile server's, out of the test's reach
        self.failed: list[str] = []
        page.add_init_script(_LEAFLET_AS_IN_PRODUCTION)
        page.on(
            "response",
            lambda r: (
                self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type == "image" and r.url.startswith(ours)
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda r: (
                self.failed.append(f"failed {r.url}")
                if r.resource_type == "image" and r.url.startswith(ours)
                else None
            ),
        )

    def check(self, map_selector: str) -> list[dict]:
        """Every <img> in the map has loaded (naturalWidth > 0) and no image request of the
        page failed; returns the markers' images (src, alt). The map tiles come from the
        tile server, out of reach of the test, and are left out."""
        images = self.page.locator(f"{map_selector} img:not(.leaflet-tile)")
        images.first.wait_for()
        self.page.wait_for_function(
            "s => [...document.querySelectorAll(s)].every(i => i.complete)",
            arg=f"{map_selector} img:not(.leaflet-tile)",
        )
        found = images.evaluate_all(
            "imgs => imgs.map(i => ({src: i.src, alt: i.alt, width: i.naturalWidth,"
            " marker: i.classList.contains('leaflet-marker-icon')}))"
        )
        broken = [i["src"] for i in found if not i["width"]]
        assert not broken, f"images in {map_selector} did not load: {broken}"
        assert not self.failed, f"image requests failed: {self.failed}"
        return [i for i in found if i["marker"]]


@pytest.fixture
def map_images(page, live_server) -> MapImages:
    return MapImages(page, live_server.url)
