"""The job-ad pages: search with facets in Swedish and English, the ad page, friendly errors."""

from __future__ import annotations

import json

from tests.job_ads.conftest import AdsWorld
from tests.job_ads.factories import ad


def _load(ads: AdsWorld) -> list[str]:
    rows = [
        ad(
            ads.concepts, 3000, external_id="PG-1", headline="Bagare till kvarteret", description="Baka bröd."
        ),
        ad(
            ads.concepts,
            3001,
            external_id="PG-2",
            lang="en",
            headline="Baker wanted",
            description="Bake bread.",
        ),
    ]
    body = "\n".join(json.dumps(row) for row in rows)
    response = ads.client.post(
        "/v1/ads/batches",
        content=body,
        headers={**ads.headers(), "Content-Type": "application/x-ndjson"},
    )
    assert response.json()["created"] + response.json()["unchanged"] == 2
    ads.sync()
    found = ads.client.get("/v1/ads", params={"q": "bagare"}).json()["items"]
    english = ads.client.get("/v1/ads", params={"q": "baker", "ad_lang": "en"}).json()["items"]
    return [found[0]["id"], english[0]["id"]]


def test_search_page_lists_ads_with_facets_in_both_languages(ads: AdsWorld) -> None:
    swedish_id, english_id = _load(ads)
    page = ads.client.get("/ads", params={"q": "bagare", "lang": "sv"})
    assert page.status_code == 200
    assert "Bagare till kvarteret" in page.text
    assert f'href="/ads/{swedish_id}"' in page.text
    assert "Anställningsform" in page.text  # a facet legend
    assert "1 träff" in page.text
    english = ads.client.get("/ads", params={"q": "baker", "lang": "en", "ad_lang": "en"})
    assert "Baker wanted" in english.text
    assert "Employment type" in english.text
    assert "Language of the ad: English" in english.text  # the active filter, removable
    assert f'href="/ads/{english_id}"' in english.text


def test_ad_page_and_errors(ads: AdsWorld) -> None:
    swedish_id, _ = _load(ads)
    page = ads.client.get(f"/ads/{swedish_id}", params={"lang": "sv"})
    assert page.status_code == 200
    assert "<h1>Bagare till kvarteret</h1>" in page.text
    assert "Kompetenser som krävs" in page.text
    assert ads.client.get("/ads/123456789").status_code == 404
    bad = ads.client.get("/ads", params={"municipality": "kommun:0000", "lang": "en"})
    assert bad.status_code == 400
    assert "text/html" in bad.headers["content-type"]
    assert "kommun:0000" in bad.text
