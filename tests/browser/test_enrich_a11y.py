"""The enrichment page in the browser: a pasted text comes back with its concepts marked, the negated ones
struck through, the skill phrases of a trained span tagger listed, and no WCAG 2.2 AA violation, in Swedish
and English."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from samskapa.config import Settings
from samskapa.enrichment.tagger import is_trained
from tests.browser.conftest import Site, axe_check
from tests.enrichment.tiny_tagger import TinyTagger

TEXTS = {
    "sv": "Du har erfarenhet av Java och talar svenska och engelska. Ingen erfarenhet av SQL krävs.",
    "en": "You know Java and speak Swedish. No experience with SQL required.",
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_enrich_page_with_a_result_has_no_accessibility_violations(
    open_context: Callable[..., BrowserContext], lang: str
) -> None:
    page = open_context(lang).new_page()
    page.goto("/enrich")
    axe_check(page)
    page.locator("#text").fill(TEXTS[lang])
    with page.expect_navigation() as navigation:
        page.locator("main form.form button[type=submit]").click()
    response = navigation.value
    assert response is not None
    assert response.status == 200
    marked = page.locator(".enriched-text mark.found")
    assert "Java" in marked.all_inner_texts()[0]
    assert page.locator(".enriched-text mark.filtered").count() == 1  # SQL, negated
    assert page.locator("table.table tbody tr").count() == marked.count()
    axe_check(page)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_skill_phrases_of_a_trained_tagger_have_no_accessibility_violations(
    open_context: Callable[..., BrowserContext],
    site: Site,
    tiny_tagger: TinyTagger,
    lang: str,
) -> None:
    """With a (tiny) tagger trained into the server's data directory, the page offers the skill phrases and
    lists them under the concepts."""
    settings: Settings = site.world.app.state.settings
    if not is_trained(settings.resolved_tagger_dir()):
        shutil.copytree(tiny_tagger.trained, settings.resolved_tagger_dir(), dirs_exist_ok=True)
    page = open_context(lang).new_page()
    page.goto("/enrich")
    page.locator("#text").fill("You will design scalable systems using Python. We offer a nice office.")
    page.locator("#spans").check()
    axe_check(page)
    with page.expect_navigation() as navigation:
        page.locator("main form.form button[type=submit]").click()
    response = navigation.value
    assert response is not None
    assert response.status == 200
    assert page.locator("#spans").is_checked()
    phrases = page.locator("section[aria-labelledby=spans-heading] table tbody td:first-child")
    assert "design scalable systems" in phrases.all_inner_texts()
    axe_check(page)
