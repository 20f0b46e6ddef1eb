"""Browser test set-up: the app served by uvicorn on a free 127.0.0.1 port over a fresh migrated database
(SQLite, or PostgreSQL when SAMSKAPA_TEST_DATABASE_URL names a server) with the mini taxonomy and the arena
cast, driven by Debian's headless Chromium through Playwright, with axe-core for accessibility checks.

Playwright never downloads a browser here: it launches /usr/bin/chromium (Debian package `chromium`). The
tests skip only when that browser is absent, and CI installs it, so there they always run.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation, Person
from samskapa.catalogue import service as catalogue
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from samskapa.web.i18n import COOKIE as LANGUAGE_COOKIE
from tests.arena.conftest import World, make_world
from tests.catalogue.factories import dataset_input
from tests.databases import DatabaseFactory

CHROMIUM = Path(os.environ.get("SAMSKAPA_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core's tags; "wcag22aa" needs axe-core 4.5 or newer).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core as bundled by the axe-playwright-python package (MPL-2.0); only its script is used.
AXE_SCRIPT = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")

Language = Literal["sv", "en"]


@dataclass(frozen=True)
class Site:
    """The running server and the data it was started with."""

    url: str
    world: World
    dataset: str  # a catalogue dataset (name) of the lead agency, released for needs


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def _serve(world: World, directory: Path) -> Iterator[tuple[str, World]]:
    sock = _free_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    engine = world.factory.kw["bind"]
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=directory,
        environment="test",
        base_url=url,
    )
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(1500):  # wait (up to 30 s) until it accepts requests; no timing is asserted
        if server.started or not thread.is_alive():
            break
        time.sleep(0.02)
    assert server.started, "the test server did not start"
    try:
        yield url, dataclasses.replace(world, app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def site(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """A live server over a fresh database with the mini taxonomy, the arena cast and one catalogue dataset
    of the lead agency."""
    world = make_world(databases, mini_sources, tmp_path_factory.mktemp("browser"), "browser")
    with session_scope(world.factory) as session:
        lead = session.get(Organisation, world.cast.lead)
        assert lead is not None
        released = catalogue.create_dataset(
            session,
            organisation=lead,
            data=dataset_input(
                title_sv="Utbildningsplatser per kommun", title_en="Education places per municipality"
            ),
        )
        dataset = released.name
    with _serve(world, tmp_path_factory.mktemp("browser-data")) as (url, served):
        yield Site(url=url, world=served, dataset=dataset)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright; skips (only) when that browser is absent."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM} (Debian package `chromium`); the browser tests need it"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_context(chromium: Browser, site: Site, lang: Language, person_id: str | None) -> BrowserContext:
    """A fresh browser context (own cookies) in a language, anonymous or signed in as the person."""
    context = chromium.new_context(base_url=site.url, locale="sv-SE" if lang == "sv" else "en-GB")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": lang, "url": site.url}])
    if person_id is not None:
        sign_in(context, site, person_id)
    return context


@pytest.fixture
def open_context(chromium: Browser, site: Site) -> Iterator[Callable[..., BrowserContext]]:
    """Make fresh browser contexts (own cookies) in a language, anonymous or signed in; closed after the
    test."""
    contexts: list[BrowserContext] = []

    def make(lang: Language = "sv", person_id: str | None = None) -> BrowserContext:
        contexts.append(_new_context(chromium, site, lang, person_id))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def viewer_page(chromium: Browser, site: Site) -> Iterator[Callable[[Language, str | None], Page]]:
    """One page per language and viewer (anonymous or signed in), kept for the module: for tests that only
    look at pages (each navigation starts a new document), without a new context and sign-in each time."""
    pages: dict[tuple[Language, str | None], Page] = {}

    def page(lang: Language, person_id: str | None) -> Page:
        if (lang, person_id) not in pages:
            pages[lang, person_id] = _new_context(chromium, site, lang, person_id).new_page()
        return pages[lang, person_id]

    yield page
    for opened in pages.values():
        opened.context.close()


def sign_in(context: BrowserContext, site: Site, person_id: str) -> None:
    """Sign the person in: a real session row, its token as the session cookie (no password)."""
    with session_scope(site.world.factory) as session:
        person = session.get(Person, person_id)
        assert person is not None
        _row, token = accounts.start_session(session, person=person)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": site.url, "httpOnly": True}])


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.2 A and AA (and 2.0/2.1) on the page as it is now."""
    page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']} – {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary[:400]}")
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """Assert that axe-core finds no WCAG 2.2 AA violation on the page, listing each one if it does."""
    violations = axe_violations(page)
    assert not violations, f"{len(violations)} axe violation(s) on {page.url}:\n{describe(violations)}"
