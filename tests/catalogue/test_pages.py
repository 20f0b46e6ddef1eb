"""The catalogue's pages for people: dataset search with facets, dataset pages, downloads, organisations."""

from __future__ import annotations

import html as html_lib
import re
from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.catalogue import service
from samskapa.catalogue.pages import DATASETS_PER_PAGE, FILTERS, SORT_CHOICES
from samskapa.taxonomy import service as taxonomy
from samskapa.web.i18n import MESSAGES
from tests.catalogue.factories import dataset, organisation
from tests.taxonomy.test_pages import between, outline

NURSES = "ssyk:2221"
DEVELOPERS = "ssyk:2512"
STOCKHOLM_COUNTY = "lan:01"
CC_BY = "http://creativecommons.org/licenses/by/4.0/"


def _text(fragment: str, between_tags: str = " ") -> str:
    """The words of an HTML fragment as a screen reader gets them, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", between_tags, fragment)).split())


def _result_titles(page: str) -> list[str]:
    results = between(page, '<ol class="datasets">', "</ol>") if '<ol class="datasets">' in page else ""
    return [_text(title) for title in re.findall(r'<h3 class="dataset-title">(.*?)</h3>', results)]


def _facet(page: str, legend: str) -> dict[str, tuple[str, bool]]:
    """A facet's values: label text -> (the count as read aloud, whether it is ticked)."""
    fieldset = between(page, f"<legend>{legend}</legend>", "</fieldset>")
    values = {}
    for item in re.findall(r"<li>(.*?)</li>", fieldset, flags=re.DOTALL):
        label = between(item, "<label", "</label>").split(">", 1)[1]
        name, count = label.split('<span class="count">', 1)
        values[_text(name)] = (_text(count, between_tags=""), " checked" in item)
    return values


def _get(api: TestClient, path: str, lang: str, **params: Any) -> str:
    response = api.get(path, params={**params, "lang": lang})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    text: str = response.text
    return text


@pytest.fixture
def nursing(session: Session) -> dict[str, Any]:
    """Three health datasets of one publisher and one education dataset of another, all about 'zebrafinch'."""
    owner = organisation(session, name="pages-health")
    other = organisation(session, name="pages-schools", type_="school")
    health = [
        dataset(
            session, owner, title_sv=f"Zebrafink vård {n}", title_en=f"Zebrafinch care {n}", themes=["HEAL"]
        )
        for n in range(3)
    ]
    school = dataset(
        session, other, title_sv="Zebrafink skola", title_en="Zebrafinch school", themes=["EDUC"]
    )
    return {"owner": owner, "other": other, "health": health, "school": school}


@pytest.mark.parametrize(
    ("lang", "count", "theme", "publisher_count"),
    [("sv", "3 datamängder", "Hälsa", "(3 datamängder)"), ("en", "3 datasets", "Health", "(3 datasets)")],
)
def test_search_with_words_and_a_theme_shows_the_matching_datasets_and_counts(
    api: TestClient, nursing: dict[str, Any], lang: str, count: str, theme: str, publisher_count: str
) -> None:
    everything = _get(api, "/datasets", lang, q="zebrafink")
    assert _text(between(everything, '<p class="result-count">', "</p>")).startswith("4 ")
    assert _facet(everything, "Tema" if lang == "sv" else "Theme")[theme] == (publisher_count, False)

    page = _get(api, "/datasets", lang, q="zebrafink", theme="HEAL")
    assert _text(between(page, '<p class="result-count">', "</p>")).startswith(count)
    titles = _result_titles(page)
    field = f"title_{lang}"
    assert sorted(titles) == sorted(getattr(d, field) for d in nursing["health"])
    assert nursing["school"].title_sv not in page
    assert nursing["school"].title_en not in page
    publishers = _facet(page, "Utgivare" if lang == "sv" else "Publisher")
    assert publishers == {getattr(nursing["owner"], field): (publisher_count, False)}
    themes = _facet(page, "Tema" if lang == "sv" else "Theme")
    assert themes[theme] == (publisher_count, True), "the chosen value stays, ticked, so it can be unticked"
    # Taking the theme filter away keeps the words.
    assert 'href="/datasets?q=zebrafink"' in between(page, '<div class="active-filters">', "</div>")


def test_filters_combine_across_facets_and_keep_a_chosen_value_without_matches(
    api: TestClient, nursing: dict[str, Any]
) -> None:
    page = _get(api, "/datasets", "en", q="zebrafinch", theme=["HEAL", "EDUC"], publisher="pages-schools")
    assert _result_titles(page) == ["Zebrafinch school"]
    themes = _facet(page, "Theme")
    assert themes["Health"] == ("(0 datasets)", True)
    assert themes["Education, culture and sport"] == ("(1 dataset)", True)


def test_paging_follows_the_next_link_without_repeats(api: TestClient, session: Session) -> None:
    owner = organisation(session)
    for n in range(DATASETS_PER_PAGE + 2):
        dataset(session, owner, title_en=f"Quokka counts {n}", title_sv=f"Quokkaräkning {n}")
    first = _get(api, "/datasets", "en", q="quokka", sort="title")
    assert _text(between(first, '<p class="result-count">', "</p>")).startswith(
        f"{DATASETS_PER_PAGE + 2} datasets"
    )
    titles = _result_titles(first)
    assert len(titles) == DATASETS_PER_PAGE
    assert titles == sorted(titles)
    next_link = html_lib.unescape(re.findall(r'<a rel="next" href="([^"]+)"', first)[0])
    second = api.get(next_link).text
    rest = _result_titles(second)
    assert len(rest) == 2
    assert set(rest).isdisjoint(titles)
    assert 'rel="next"' not in second


def test_dataset_page_shows_distributions_concepts_and_usage(api: TestClient, session: Session) -> None:
    owner = organisation(session, name="pages-publisher")
    item = dataset(
        session,
        owner,
        name="pages-dataset",
        title_sv="Sysselsatta utvecklare",
        title_en="Employed developers",
        themes=["EDUC", "HEAL"],
        concepts=[DEVELOPERS, NURSES],
        spatial=[STOCKHOLM_COUNTY],
        temporal_start="2020-01-01",
        temporal_end="2023-12-31",
    )
    service.record_usage(session, dataset_id=item.id, downloads=4, api_calls=7)
    page = _get(api, "/datasets/pages-dataset", "sv")
    assert outline(page).headings.count("h1") == 1
    assert "<h1>Sysselsatta utvecklare</h1>" in page
    assert f'href="/organisations/{owner.name}"' in page
    covers = between(page, 'id="covers"', "</section>")
    for concept_id in (DEVELOPERS, NURSES):
        label = taxonomy.ref(session, key=concept_id, lang="sv").label
        assert label
        assert f'<a href="/concepts/{concept_id}">{html_lib.escape(label)}</a>' in covers
    county = taxonomy.ref(session, key=STOCKHOLM_COUNTY, lang="sv").label
    assert f'<a href="/concepts/{STOCKHOLM_COUNTY}">{county}</a>' in page
    details = _text(between(page, 'id="details">', "</section>"))
    assert "Teman Utbildning, kultur och sport Hälsa Åtkomst" in details
    assert "Tidsperiod 2020-01-01 – 2023-12-31" in details
    assert "Uppdateras Årlig" in details
    assert "Åtkomst Offentlig" in details
    row = _text(between(between(page, 'id="distributions"', "</section>"), "<tbody>", "</tbody>"))
    assert row == "CSV CSV text/csv CC BY 4.0 1,2 kB Ladda ned : CSV"
    distribution = service.dataset_views(session, [item], base_url="")[0].distributions[0]
    assert f'href="/datasets/{item.id}/distributions/{distribution.id}/download"' in page
    assert f'href="{CC_BY}"' in page
    usage = _text(between(page, 'id="usage">', "</section>"))
    assert usage == "Användning Nedladdningar 4 Anrop via API:et 7"
    for link in (f"/v1/datasets/{item.id}", f"/dataset/{item.id}.ttl", f"/dataset/{item.id}.jsonld"):
        assert f'href="{link}"' in page
    # The arena's need form is not there yet: the page says so instead of linking to a missing page.
    assert "/arena/needs/new" not in page
    assert "Kommer snart" in between(page, 'id="request"', "</section>")
    english = _get(api, f"/datasets/{item.id}", "en")
    assert "<h1>Employed developers</h1>" in english
    assert "1.2\u00a0kB" in english


def test_download_link_counts_and_redirects(api: TestClient, session: Session) -> None:
    owner = organisation(session)
    item = dataset(
        session,
        owner,
        distributions=[
            {
                "title_sv": "Fil",
                "title_en": "File",
                "access_url": "https://example.org/page",
                "download_url": "https://example.org/data.csv",
                "format": "CSV",
                "licence": CC_BY,
            },
            {
                "title_sv": "Sida",
                "title_en": "Page",
                "access_url": "https://example.org/portal",
                "format": "HTML",
                "licence": CC_BY,
            },
        ],
    )
    file, portal = service.dataset_views(session, [item], base_url="")[0].distributions
    url = f"/datasets/{item.name}/distributions/{{}}/download"
    first = api.get(url.format(file.id), follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "https://example.org/data.csv"
    second = api.get(url.format(portal.id), follow_redirects=False)
    assert second.headers["location"] == "https://example.org/portal", "no file: the access page"
    assert service.usage_totals(session, [item.id])[item.id]["downloads"] == 2
    page = _get(api, f"/datasets/{item.name}", "en")
    assert "Downloads 2" in _text(between(page, 'id="usage">', "</section>"))
    missing = api.get(url.format("no-such-distribution"), follow_redirects=False)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert service.usage_totals(session, [item.id])[item.id]["downloads"] == 2


def test_withdrawn_dataset_keeps_its_page_with_a_notice_and_leaves_the_search(
    api: TestClient, session: Session
) -> None:
    item = dataset(session, organisation(session), title_en="Axolotl registry", title_sv="Axolotlregister")
    service.withdraw_dataset(session, dataset=item)
    page = _get(api, f"/datasets/{item.name}", "en")
    assert "This dataset has been withdrawn." in between(page, '<div class="notice" role="note">', "</div>")
    assert _result_titles(_get(api, "/datasets", "en", q="axolotl")) == []


def test_organisation_pages_list_their_datasets(
    api: TestClient, session: Session, nursing: dict[str, Any]
) -> None:
    demo = accounts.create_organisation(
        session,
        name="pages-demo",
        type_="municipality",
        title_sv="Demokommunen",
        title_en="The demo municipality",
        description_sv="En påhittad kommun.",
        description_en="A made-up municipality.",
        homepage="https://example.org/kommun",
        is_demo=True,
    )
    dataset(session, demo, title_en="Municipal jobs", title_sv="Kommunala jobb")
    page = _get(api, "/organisations/pages-demo", "sv")
    assert "<h1>Demokommunen</h1>" in page
    assert "Kommun eller region" in page
    assert "Demoorganisation." in page
    assert "En påhittad kommun." in page
    assert 'href="https://example.org/kommun"' in page
    assert _result_titles(page) == ["Kommunala jobb"]
    health = _get(api, f"/organisations/{nursing['owner'].id}", "en")
    assert sorted(_result_titles(health)) == sorted(d.title_en for d in nursing["health"])
    assert "Demo organisation." not in health
    listing = _get(api, "/organisations", "en")
    row = between(listing, 'href="/organisations/pages-health"', "</tr>")
    assert _text(row.split(">", 1)[1]).endswith("Agency 3")
    assert 'href="/organisations/pages-demo"' in listing


def test_unknown_dataset_or_organisation_is_a_friendly_404(api: TestClient) -> None:
    for path in ("/datasets/no-such-dataset", "/organisations/no-such-org"):
        response = api.get(path, params={"lang": "en"})
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>Page not found</h1>" in response.text
        assert "no-such-" in response.text


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"theme": "NOPE"}, "NOPE"),
        ({"publisher": "nobody-at-all"}, "nobody-at-all"),
        ({"concept": "ssyk:9999"}, "ssyk:9999"),
        ({"sort": "size"}, "size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_unknown_filter_value_is_a_friendly_400(api: TestClient, params: dict[str, str], named: str) -> None:
    response = api.get("/datasets", params={**params, "lang": "sv"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Något i frågan stämmer inte</h1>" in response.text
    assert named in response.text
    assert "Tips" in response.text


def test_catalogue_pages_have_the_accessible_structure(api: TestClient, nursing: dict[str, Any]) -> None:
    paths = [
        "/datasets",
        "/datasets?theme=HEAL&q=zebrafink",
        f"/datasets/{nursing['school'].name}",
        "/organisations",
        f"/organisations/{nursing['owner'].name}",
    ]
    for path in paths:
        parsed = outline(_get(api, path, "sv"))
        assert parsed.headings.count("h1") == 1
        assert parsed.headings[0] == "h1"
        levels = [int(tag[1]) for tag in parsed.headings]
        assert all(later - earlier <= 1 for earlier, later in pairwise(levels))
        assert {"header", "nav", "main", "footer"} <= set(parsed.tags)
        assert set(parsed.fields) <= parsed.label_for
    assert '<a href="/datasets" aria-current="page">Datamängder</a>' in _get(api, "/datasets", "sv")


def test_every_organisation_type_and_sort_choice_has_a_message() -> None:
    expected = [f"org_type.{value}" for value in accounts.ORGANISATION_TYPES]
    expected += [f"datasets.sort.{choice.lstrip('-')}" for choice in SORT_CHOICES]
    expected += [f"facet.{name}" for name in FILTERS]
    assert [key for key in expected if key not in MESSAGES] == []
