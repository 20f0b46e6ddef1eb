"""The arena's whole loop walked through its pages in headless Chromium, by the people who take each step:
a citizen submits a need; staff of its lead agency triage it, assess it, decide "planned", start the work and
record the release of a catalogue dataset; the citizen verifies that it met the need; and the lead agency's
dashboard shows the answered steps. Every page on the way has no axe-core violation.

The module has its own server and database (the `site` fixture is per module), so the dashboard starts
empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page

from samskapa.web.i18n import translate
from tests.browser.conftest import Site, axe_check

NEED_PATH = re.compile(r"/arena/needs/([0-9a-f-]{36})$")


def _state(page: Page) -> str:
    return page.locator("dl.facts > div").first.locator("dd").inner_text().strip()


def _label(state: str) -> str:
    return translate(f"arena.need.state.{state}", "en")


def _dashboard(page: Page, lead: str) -> dict[str, dict[str, list[str]]]:
    """The lead agency's dashboard page in figures: each table by caption, each row by its header."""
    response = page.goto(f"/arena/dashboard/{lead}")
    assert response is not None
    assert response.status == 200
    axe_check(page)
    tables: dict[str, dict[str, list[str]]] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("main table")].map(table => [
            table.caption.textContent.trim(),
            Object.fromEntries([...table.tBodies[0].rows].map(row => [
                row.cells[0].textContent.trim(),
                [...row.cells].slice(1).map(cell => cell.textContent.trim()),
            ])),
        ]))"""
    )
    return tables


def _send(page: Page, form: str) -> None:
    """Press the submit button of the form whose action ends with `form`; the answer is a page without
    errors."""
    with page.expect_navigation() as navigation:
        page.locator(f"form[action$='{form}'] button[type=submit]").click()
    response = navigation.value
    assert response is not None
    errors = page.locator(".error-summary")
    shown = errors.inner_text() if errors.count() else ""
    assert response.ok, f"sending {form} answered {response.status}: {shown}"
    assert not shown, f"sending {form} came back with errors: {shown}"


def _answer(page: Page, to: str, reason: str) -> None:
    """A staff move through the need page's answer form."""
    page.locator("#answer-to").select_option(to)
    page.locator("#answer-reason_code").select_option(reason)
    _send(page, "/answer")
    assert _state(page) == _label(to)
    axe_check(page)


def test_a_need_goes_round_the_loop_in_the_browser(
    site: Site, open_context: Callable[..., BrowserContext]
) -> None:
    cast = site.world.cast
    citizen = open_context("en", cast.citizen).new_page()
    staff = open_context("en", cast.lead_staff).new_page()

    before = _dashboard(citizen, cast.lead)
    times = next(table for caption, table in before.items() if caption.startswith("Time"))
    assert [times[step][0] for step in ("Triage", "Decision", "Release")] == ["0", "0", "0"]
    assert citizen.get_by_text("Needs: 0.").count() == 1

    # A citizen writes and submits the need, led by the lead agency.
    citizen.goto("/arena/needs/new")
    axe_check(citizen)
    citizen.get_by_label("Title").fill("Vacant adult education places per municipality")
    citizen.locator("#summary").fill("How many places in adult education are free in each municipality.")
    citizen.locator("#purpose").fill("To plan adult education with the municipalities.")
    citizen.locator("#affected_groups").fill("study counsellors, job seekers")
    citizen.locator("#format").fill("CSV")
    citizen.locator("#lead_agency").select_option(cast.lead)
    with citizen.expect_navigation() as navigation:
        citizen.locator("button[name=action][value=submit]").click()
    response = navigation.value
    assert response is not None
    assert response.ok
    found = NEED_PATH.search(citizen.url.split("?")[0])
    assert found, f"submitting did not lead to the need's page but to {citizen.url}"
    need_path = found.group(0)
    assert citizen.locator("h1").inner_text() == "Vacant adult education places per municipality"
    assert _state(citizen) == _label("submitted")
    axe_check(citizen)

    # Staff of the lead agency answer it step by step, then record the release of the catalogue dataset.
    staff.goto(need_path)
    axe_check(staff)
    _answer(staff, "triaged", "in_scope")
    _answer(staff, "under_assessment", "assessment_started")
    _answer(staff, "planned", "next_release")
    _answer(staff, "in_progress", "work_started")
    staff.locator("#release-dataset").fill(site.dataset)
    staff.locator("#release-version").fill("2026-11")
    staff.locator("#release-coverage").select_option("full")
    _send(staff, "/releases")
    assert _state(staff) == _label("released")
    release = staff.locator("#releases").locator("xpath=..").locator("li.card")
    assert release.count() == 1
    assert "Education places per municipality" in release.locator("h3").inner_text()
    axe_check(staff)

    # The citizen who asked verifies that the release met the need: it is fulfilled.
    citizen.goto(need_path)
    citizen.locator("#verify-verdict").select_option("met")
    _send(citizen, "/verify")
    assert _state(citizen) == _label("fulfilled")
    assert citizen.locator("form[action$='/verify']").count() == 0
    axe_check(citizen)

    # The lead agency's dashboard now counts the need, its answered triage, decision and release (each
    # within its clock) and its first decision.
    after = _dashboard(citizen, cast.lead)
    times = next(table for caption, table in after.items() if caption.startswith("Time"))
    assert [times[step][0] for step in ("Triage", "Decision", "Release")] == ["1", "1", "1"]
    shares = after["Share answered in time"]
    assert shares["Triaged in time"][:2] == ["1", "1"]
    assert shares["Decided in time"][:2] == ["1", "1"]
    assert after["First decisions"]["Planned"] == ["1"]
    assert before["First decisions"]["Planned"] == ["0"]
    assert citizen.get_by_text("Needs: 1.").count() == 1
