"""The enrichment page: a pasted text comes back with the concepts marked, in Swedish and English."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_form_and_a_swedish_text(client: TestClient) -> None:
    form = client.get("/enrich", params={"lang": "sv"})
    assert form.status_code == 200
    assert "Hitta kompetenser i en text" in form.text
    text = "Du har erfarenhet av Java och Kubernetes. Ingen erfarenhet av Cobol krävs."
    page = client.post("/enrich", data={"text": text, "text_lang": ""})
    assert page.status_code == 200
    assert '<mark class="found">Java' in page.text
    assert '<mark class="found">Kubernetes' in page.text
    assert '<mark class="filtered">Cobol' in page.text
    assert "Nämnt men inte krav" in page.text


def test_english_page_and_errors(client: TestClient) -> None:
    page = client.post("/enrich?lang=en", data={"text": "You know Python and SQL.", "text_lang": "en"})
    assert page.status_code == 200
    assert "What was found" in page.text
    assert '<mark class="found">Python' in page.text
    empty = client.post("/enrich?lang=en", data={"text": "  ", "text_lang": ""})
    assert empty.status_code == 400
    assert "The text could not be read" in empty.text
    assert client.post("/enrich", data={"text": "Java", "text_lang": "de"}).status_code == 400
