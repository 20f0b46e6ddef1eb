"""The enrichment page in the browser: a pasted text comes back with its concepts marked, the negated ones
struck through, and no WCAG 2.2 AA violation, in Swedish and English."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.conftest import axe_check

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
