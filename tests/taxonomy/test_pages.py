"""The HTML pages for people over the full taxonomy: home, concept browser and concept pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from itertools import pairwise
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from samskapa.taxonomy import service
from samskapa.web.i18n import COOKIE, LANGUAGES, MESSAGES

PYTHON_SKILL = "esco:skill:ccd0a1d9-afda-43d9-b901-96344886e14d"
SYSTEM_DEVELOPER_NAME = "jobtech:fg7B_yov_smw"


class Outline(HTMLParser):
    """Headings, landmarks, labelled form fields and the lang attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.headings: list[str] = []
        self.tags: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)
        elif tag == "label" and attributes.get("for"):
            self.label_for.add(str(attributes["for"]))
        elif tag in ("input", "select", "textarea") and attributes.get("type") != "hidden":
            self.fields.append(str(attributes.get("id")))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def between(html: str, start: str, end: str) -> str:
    """The part of `html` after the first `start` and before the next `end`."""
    assert start in html, f"{start!r} not on the page"
    rest = html.split(start, 1)[1]
    return rest.split(end, 1)[0] if end in rest else rest


def concept_links(fragment: str) -> list[str]:
    return re.findall(r'href="/concepts/([^"?#]+)"', fragment)


@pytest.fixture(autouse=True)
def forget_language(client: TestClient) -> Iterator[None]:
    """The client is shared by the whole run; do not let a ?lang= cookie leak into other tests."""
    yield
    client.cookies.clear()


def test_home_page_in_swedish_says_what_samskapa_is_with_live_counts(client: TestClient) -> None:
    response = client.get("/", params={"lang": "sv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert outline(html).html_lang == "sv"
    assert "Gemensam datainfrastruktur för livslångt lärande och kompetensförsörjning" in html
    assert "drivs gemensamt av offentliga myndigheter" in html
    assert "Det gemensamma språket i siffror" in html
    assert 'href="/concepts"' in html
    assert 'href="/docs"' in html
    assert 'href="/openapi.json"' in html
    assert '<a class="lang-switch" href="/?lang=en" lang="en" hreflang="en">In English</a>' in html
    stats = client.get("/v1/taxonomy/stats").json()
    occupations = sum(
        row["count"] for row in stats["concepts"] if row["type"] == "occupation" and row["status"] == "active"
    )
    row = between(html, 'href="/concepts?type=occupation"', "</tr>")
    assert f"{occupations:,}".replace(",", "\u00a0") in row  # Swedish thousands separator
    assert response.cookies.get(COOKIE) == "sv"


def test_home_page_in_english(client: TestClient) -> None:
    response = client.get("/", params={"lang": "en"})
    assert response.status_code == 200
    html = response.text
    assert outline(html).html_lang == "en"
    assert "Shared data infrastructure for lifelong learning and competence supply" in html
    assert "is run jointly by public agencies" in html
    assert "The common language in numbers" in html
    assert "Det gemensamma språket" not in html
    assert 'href="/?lang=sv" lang="sv" hreflang="sv">På svenska</a>' in html
    assert response.cookies.get(COOKIE) == "en"
    # The cookie now carries the choice to the next page without ?lang=.
    assert outline(client.get("/concepts").text).html_lang == "en"


def test_search_finds_the_occupation_for_systemutvecklare(client: TestClient) -> None:
    response = client.get("/concepts", params={"q": "systemutvecklare", "lang": "sv"})
    assert response.status_code == 200
    results = between(response.text, '<ol class="results">', "</ol>")
    found = concept_links(results)
    assert SYSTEM_DEVELOPER_NAME in found
    assert "ssyk:2512" in found
    assert "Systemutvecklare/Programmerare" in results
    assert 'value="systemutvecklare"' in response.text  # the form keeps what was typed


def test_search_tolerates_a_typo(client: TestClient) -> None:
    response = client.get("/concepts", params={"q": "pyhton", "lang": "en"})
    assert response.status_code == 200
    results = between(response.text, '<ol class="results">', "</ol>")
    assert PYTHON_SKILL in concept_links(results)
    assert "Python (computer programming)" in results


def test_search_can_be_limited_to_one_type(client: TestClient) -> None:
    response = client.get("/concepts", params={"q": "systemutvecklare", "type": "ssyk-group", "lang": "sv"})
    results = between(response.text, '<ol class="results">', "</ol>")
    found = concept_links(results)
    assert "ssyk:2512" in found
    assert all(concept_id.startswith("ssyk:") for concept_id in found)
    assert '<option value="ssyk-group" selected>' in response.text


def test_search_without_matches_says_so(client: TestClient) -> None:
    response = client.get("/concepts", params={"q": "qqxxzzqq", "lang": "en"})
    assert response.status_code == 200
    assert "No concepts matched" in response.text
    assert '<ol class="results">' not in response.text


def test_browsing_a_type_pages_with_a_next_link(client: TestClient) -> None:
    first = client.get("/concepts", params={"type": "ssyk-group", "lang": "sv"})
    assert first.status_code == 200
    first_ids = concept_links(between(first.text, '<ul class="concept-list columns">', "</ul>"))
    assert first_ids
    assert all(concept_id.startswith("ssyk:") for concept_id in first_ids)
    match = re.search(r'<a rel="next" href="([^"]+)">Nästa sida</a>', first.text)
    assert match is not None
    second = client.get(match.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    second_ids = concept_links(between(second.text, '<ul class="concept-list columns">', "</ul>"))
    assert second_ids
    assert not set(first_ids) & set(second_ids)
    assert min(second_ids) > max(first_ids)  # id order continues where the first page stopped


def test_browser_without_query_lists_every_type(client: TestClient) -> None:
    html = client.get("/concepts", params={"lang": "en"}).text
    for concept_type in service.CONCEPT_TYPES:
        assert f'href="/concepts?type={concept_type}"' in html


def test_ssyk_group_page_shows_label_hierarchy_and_skills_split(client: TestClient) -> None:
    response = client.get("/concepts/ssyk:2512", params={"lang": "sv"})
    assert response.status_code == 200
    html = response.text
    assert re.search(r"<h1>Mjukvaru- och systemutvecklare m\.fl\.</h1>", html)
    assert "Termer" in html
    assert "Svenska" in html
    crumbs = concept_links(between(html, 'class="breadcrumbs', "</nav>"))
    assert crumbs == ["ssyk:2", "ssyk:25", "ssyk:251"]
    assert "isco:2512" in concept_links(between(html, 'id="mappings"', "</section>"))
    skills = client.get("/v1/concepts/ssyk:2512/skills").json()
    essential_part = between(html, 'id="skills-essential"', 'id="skills-optional"')
    optional_part = between(html, 'id="skills-optional"', "</section>")
    assert "Nödvändiga kompetenser" in html
    assert "Valfria kompetenser" in html
    if skills["essential"]:
        assert skills["essential"][0]["id"] in concept_links(essential_part)
        assert skills["essential"][0]["id"] not in concept_links(optional_part)
    else:
        assert "Inga." in essential_part
    assert skills["optional"][0]["id"] in concept_links(optional_part)
    assert skills["optional"][0]["id"] not in concept_links(essential_part)


def test_occupation_name_page_shows_the_mapping_path(client: TestClient) -> None:
    response = client.get(f"/concepts/{SYSTEM_DEVELOPER_NAME}", params={"lang": "sv"})
    assert response.status_code == 200
    path = between(response.text, '<ol class="path">', "</ol>")
    linked = concept_links(path)
    assert "ssyk:2512" in linked
    assert "isco:2512" in linked
    assert linked.index("ssyk:2512") < linked.index("isco:2512")  # SSYK → ISCO → ESCO
    assert "ESCO-yrken" in path


def test_skill_page_shows_the_occupations_needing_it_and_pages_further(client: TestClient) -> None:
    response = client.get(f"/concepts/{PYTHON_SKILL}", params={"lang": "en"})
    assert response.status_code == 200
    html = response.text
    assert re.search(
        r'<h1 lang="en">Python \(computer programming\)</h1>|<h1>Python \(computer programming\)</h1>', html
    )
    needing = between(html, 'id="needing"', "</section>")
    api = client.get(f"/v1/concepts/{PYTHON_SKILL}/occupations").json()
    shown = concept_links(needing)
    assert api["items"][0]["id"] in shown
    assert "software developer" in needing
    assert "Essential" in needing
    assert "Optional" in needing
    more = re.search(r'<a rel="next" href="([^"]+)">', needing)
    assert (more is not None) == (api["next"] is not None)
    if more is not None:
        next_page = client.get(more.group(1).replace("&amp;", "&"))
        assert next_page.status_code == 200
        assert "<h1>What needs “Python (computer programming)”</h1>" in next_page.text
        further = concept_links(between(next_page.text, '<ul class="concept-list columns">', "</ul>"))
        assert further
        assert not set(further) & {item["id"] for item in api["items"]}


def test_jobtech_id_redirects_to_the_canonical_concept_page(client: TestClient) -> None:
    response = client.get("/concepts/DJh5_yyF_hEM", params={"lang": "en"}, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/concepts/ssyk:2512?lang=en"


def test_unknown_concept_is_a_friendly_404_page(client: TestClient) -> None:
    response = client.get("/concepts/" + quote("no:such-concept"), params={"lang": "sv"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert outline(html).html_lang == "sv"
    assert "<h1>Sidan finns inte</h1>" in html
    assert "no:such-concept" in html
    assert 'href="/concepts"' in html
    assert not html.lstrip().startswith("{")


def test_bad_input_is_a_400_page_not_a_crash(client: TestClient) -> None:
    response = client.get("/concepts", params={"type": "planet", "lang": "en"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "Something in the request is not right" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/concepts",
        "/concepts?q=sjuksköterska",
        "/concepts?type=municipality",
        "/concepts/ssyk:2512",
        f"/concepts/{PYTHON_SKILL}",
        f"/concepts/{PYTHON_SKILL}/occupations",
        "/concepts/kommun:0180",
        "/concepts/missing:1",
    ],
)
def test_pages_have_the_accessible_structure(client: TestClient, path: str) -> None:
    html = client.get(path, params={"lang": "sv"}).text
    page = outline(html)
    assert page.html_lang == "sv"
    assert page.headings.count("h1") == 1
    assert page.headings[0] == "h1"
    levels = [int(tag[1]) for tag in page.headings]
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.tags
    assert '<a class="skip-link" href="#main">' in html
    assert set(page.fields) <= page.label_for  # every form field has a label


def test_every_message_has_swedish_and_english_text() -> None:
    for key, texts in MESSAGES.items():
        for language in LANGUAGES:
            assert texts.get(language, "").strip(), f"{key} has no {language} text"


def test_every_value_the_pages_name_has_a_message() -> None:
    expected = [f"type.{value}" for value in service.CONCEPT_TYPES]
    expected += [f"scheme.{value}" for value in service.SCHEMES]
    expected += [f"kind.{value}" for value in (*service.MAPPING_KINDS, *service.RELATED_KINDS)]
    expected += [f"status.{value}" for value in ("active", "deprecated", "referenced")]
    assert [key for key in expected if key not in MESSAGES] == []
