"""The education pages: course search with facets in Swedish and English, the course page, friendly errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

import pytest

from samskapa.accounts import service as accounts
from samskapa.core.db import session_scope
from samskapa.education.search import broader_codes
from samskapa.taxonomy.lookup import lookup_for
from tests.education.conftest import WRITE, EduWorld
from tests.education.factories import offering


class Outline(HTMLParser):
    """Headings, landmarks, labelled form fields, lang attributes and ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.headings: list[str] = []
        self.tags: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)
        elif tag == "label" and attributes.get("for"):
            self.label_for.add(str(attributes["for"]))
        elif tag in ("input", "select", "textarea") and attributes.get("type") != "hidden":
            self.fields.append(str(attributes.get("id")))


def _accessible(html: str, lang: str) -> None:
    page = Outline()
    page.feed(html)
    assert page.html_lang == lang
    assert page.headings.count("h1") == 1
    assert page.headings[0] == "h1"
    levels = [int(tag[1]) for tag in page.headings]
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.tags
    assert set(page.fields) <= page.label_for  # every form field has a label
    assert len(page.ids) == len(set(page.ids))  # no id twice


def _between(html: str, start: str, end: str) -> str:
    assert start in html, f"{start!r} not on the page"
    rest = html.split(start, 1)[1]
    return rest.split(end, 1)[0] if end in rest else rest


@pytest.fixture(autouse=True)
def forget_language(edu: EduWorld) -> Iterator[None]:
    """Do not let a ?lang= cookie leak from one test into the next."""
    yield
    edu.client.cookies.clear()


@pytest.fixture(scope="module")
def courses(edu: EduWorld) -> dict[str, Any]:
    """Two courses of a demo provider (one with outcomes in both languages) and one of an ordinary one."""
    found = edu.concepts
    with session_scope(edu.factory) as session:
        demo = accounts.create_organisation(
            session,
            name="pages-demo-uni",
            type_="school",
            title_sv="Demouniversitetet",
            title_en="Demo University",
            is_demo=True,
        )
        demo_key = accounts.create_api_key(session, organisation=demo, client_name="t", scopes=[WRITE])[1]
    both = offering(
        found,
        1,
        external_id="PG-BOTH",
        provider={"name": "Demouniversitetet"},
        title_sv="Bageri och konditori",
        title_en="Bakery and confectionery",
        description_sv="En kurs om att baka bröd.",
        learning_outcomes_sv=["baka surdegsbröd", "beskriva jäsningens kemi"],
        learning_outcomes_en=["bake sourdough bread", "describe the chemistry of fermentation"],
        entry_requirements_sv="Grundläggande behörighet.",
        isced="6",
        seqf=6,
        subject="Livsmedelsteknik",
        progression="G1N",
        pace=50,
        mode="distance",
        start_dates=["2027-08-30", "2027-01-18"],
        free=False,
        cost={"amount": 12500, "currency": "SEK"},
        url="https://example.org/bageri",
        valid_from="2026-07-01",
    )
    english = offering(
        found,
        2,
        external_id="PG-EN",
        provider={"name": "Demouniversitetet"},
        title_sv=None,
        title_en="Baking for beginners",
        description_sv=None,
        description_en="Bake your first loaf.",
        learning_outcomes_sv=[],
        learning_outcomes_en=["bake a simple loaf"],
    )
    _post(edu, demo_key, [both, english])
    name, key = edu.publisher()
    other = offering(
        found,
        3,
        external_id="PG-OTHER",
        title_sv="Svetsning grundkurs",
        learning_outcomes_sv=[],
        field=_other_field(found.fields, both["field"]),
    )
    _post(edu, key, [other])
    edu.sync()
    ids = {
        item["external_id"]: item["id"] for item in edu.client.get("/v1/education/snapshot").json()["items"]
    }
    return {"ids": ids, "both": both, "english": english, "other": other, "provider": name, "key": key}


def _other_field(fields: list[str], field: str) -> str:
    """A field in another broad field (its first digit differs)."""
    return next(one for one in fields if broader_codes(one)[0] != broader_codes(field)[0])


def _post(world: EduWorld, key: str, rows: list[dict[str, Any]]) -> None:
    response = world.client.post(
        "/v1/education/batches",
        content="\n".join(json.dumps(row) for row in rows),
        headers={**world.headers(key), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    assert not response.json()["errors"], response.text


def _label(world: EduWorld, concept: str, lang: str) -> str:
    with session_scope(world.factory) as session:
        return escape(lookup_for(session).label(concept, lang), quote=False)


def test_search_page_lists_courses_with_facets_in_swedish(edu: EduWorld, courses: dict[str, Any]) -> None:
    page = edu.client.get("/education", params={"q": "baka", "lang": "sv"})
    assert page.status_code == 200
    html = page.text
    _accessible(html, "sv")
    assert "<h1>Utbildningar och kurser</h1>" in html
    assert f'href="/education/{courses["ids"]["PG-BOTH"]}"' in html
    assert ">Bageri och konditori</a>" in html
    assert "Svetsning" not in html
    for legend in (
        "Utbildningsområde (SUN)",
        "Inriktning (SUN)",
        "Nivå (SUN)",
        "Undervisningsform",
        "Anordnare",
    ):
        assert f"<legend>{legend}</legend>" in html
    assert "Distans" in html  # the mode, named
    assert "Halvfart" in html  # the pace, named
    assert "Demouniversitetet" in html  # the provider facet shows the organisation's title
    assert 'aria-current="page">Utbildning</a>' in html  # the menu
    assert "Med förväntade studieresultat" in html


def test_search_page_in_english_with_an_active_filter_kept_in_its_list(
    edu: EduWorld, courses: dict[str, Any]
) -> None:
    mode = courses["both"]["mode"]
    page = edu.client.get("/education", params={"lang": "en", "mode": mode, "q": "bread"})
    assert page.status_code == 200
    html = page.text
    _accessible(html, "en")
    assert "Mode of study" in html
    assert "Mode of study: Distance" in html  # the active filter, removable
    remove = _between(html, 'class="active-filters"', "</div>")
    assert 'href="/education?q=bread"' in remove
    assert f'name="mode" value="{mode}" form="collection-search" checked' in html
    # A facet value whose concept has no English label shows the Swedish one, marked as Swedish.
    level = courses["both"]["level"]
    with session_scope(edu.factory) as session:
        info = lookup_for(session).get(level)
    assert info is not None
    label = info.label_en or f'<span lang="sv">{escape(str(info.label_sv), quote=False)}</span>'
    assert f'<label for="f-level-1">{label} <span class="count">(1)</span>' in html
    # The English title is shown where there is one.
    assert ">Bakery and confectionery</a>" in html
    # A course in the page's other language only is marked with its language.
    baking = edu.client.get("/education", params={"lang": "sv", "q": "loaf"}).text
    assert f'href="/education/{courses["ids"]["PG-EN"]}" lang="en">Baking for beginners</a>' in baking
    # A chosen value that matches nothing stays in its list, count 0, so that it can be unticked.
    nothing = edu.client.get("/education", params={"lang": "en", "q": "bread", "mode": "campus"}).text
    assert "No results" in nothing
    assert 'name="mode" value="campus" form="collection-search" checked' in nothing
    assert "On campus <span" in nothing


def test_a_broad_field_and_a_field_both_hold(edu: EduWorld, courses: dict[str, Any]) -> None:
    field, other = courses["both"]["field"], courses["other"]["field"]
    area = broader_codes(field)[0]
    inside = edu.client.get("/education", params={"lang": "sv", "field_area": area, "field": field}).text
    assert "Bageri och konditori" in inside
    assert "Svetsning" not in inside
    apart = edu.client.get("/education", params={"lang": "sv", "field_area": area, "field": other})
    assert apart.status_code == 200
    assert "Inga träffar" in apart.text
    assert f'name="field" value="{other}" form="collection-search" checked' in apart.text
    only_area = edu.client.get(
        "/education", params={"lang": "sv", "field_area": broader_codes(other)[0]}
    ).text
    assert "Svetsning grundkurs" in only_area
    assert "Bageri" not in only_area


def test_the_course_page_in_swedish(edu: EduWorld, courses: dict[str, Any]) -> None:
    both = courses["both"]
    page = edu.client.get(f"/education/{courses['ids']['PG-BOTH']}", params={"lang": "sv"})
    assert page.status_code == 200
    html = page.text
    _accessible(html, "sv")
    assert "<h1>Bageri och konditori</h1>" in html
    assert 'Engelsk titel: <span lang="en">Bakery and confectionery</span>' in html
    assert '<span class="tag">Demo</span>' in html
    assert "Exempeldata." in html
    swedish = _between(html, '<ul class="outcomes" lang="sv"', "</ul>")
    assert "<li>baka surdegsbröd</li>" in swedish
    english = _between(html, '<ul class="outcomes" lang="en"', "</ul>")
    assert "<li>bake sourdough bread</li>" in english
    assert html.index("På svenska") < html.index("På engelska")  # the page's language first
    assert f'<a href="/concepts/{both["level"]}">{_label(edu, both["level"], "sv")}</a>' in html
    assert "ISCED\u00a02011: 6 · SeQF: 6" in html
    assert f'<a href="/concepts/{both["field"]}">' in html
    assert f'<a href="/concepts/{both["location"]}">' in html
    assert f'<a href="/concepts/{both["languages"][0]}">' in html
    assert "7,5 hp" in html
    assert "Halvfart" in html
    assert "Distans" in html
    assert '<time datetime="2027-01-18">' in html
    assert html.index("2027-01-18") < html.index("2027-08-30")
    assert "2026-09-01</time> – <time" in html  # the application period
    assert "12\u00a0500\u00a0kr" in html
    assert "Livsmedelsteknik" in html
    assert "G1N" in html
    assert "grundnivå, har endast gymnasiala förkunskapskrav" in html
    assert "Grundläggande behörighet." in html
    assert 'href="https://example.org/bageri"' in html
    assert f'href="/v1/education/{courses["ids"]["PG-BOTH"]}"' in html


def test_the_course_page_in_english_marks_swedish_text(edu: EduWorld, courses: dict[str, Any]) -> None:
    html = edu.client.get(f"/education/{courses['ids']['PG-BOTH']}", params={"lang": "en"}).text
    _accessible(html, "en")
    assert "<h1>Bakery and confectionery</h1>" in html
    level = courses["both"]["level"]
    with session_scope(edu.factory) as session:
        info = lookup_for(session).get(level)
    assert info is not None
    if info.label_en:
        assert f'<a href="/concepts/{level}">{escape(info.label_en, quote=False)}</a>' in html
    else:  # a label in the other language is marked as such
        assert (
            f'<a href="/concepts/{level}"><span lang="sv">{escape(str(info.label_sv), quote=False)}</span>'
            in html
        )
    assert "Learning outcomes" in html
    assert html.index("In English") < html.index("In Swedish")
    assert '<p lang="sv">En kurs om att baka bröd.</p>' in html  # no English description: the Swedish one
    assert "7.5 credits" in html
    assert "SEK\u00a012,500" in html
    only_english = edu.client.get(f"/education/{courses['ids']['PG-EN']}", params={"lang": "sv"}).text
    assert '<h1 lang="en">Baking for beginners</h1>' in only_english
    assert '<ul class="outcomes" lang="en"' in only_english
    assert '<ul class="outcomes" lang="sv"' not in only_english
    ordinary = edu.client.get(f"/education/{courses['ids']['PG-OTHER']}", params={"lang": "sv"}).text
    assert "Anordnaren har inte angett några förväntade studieresultat." in ordinary
    assert '<span class="tag">Demo</span>' not in ordinary
    assert (
        f'href="/organisations/{courses["provider"]}"' in ordinary
    )  # the publisher differs from the provider


def test_a_removed_course_is_a_tombstone_and_errors_are_friendly(
    edu: EduWorld, courses: dict[str, Any]
) -> None:
    extra = offering(edu.concepts, 4, external_id="PG-GONE", title_sv="Borttagen kurs")
    _post(edu, courses["key"], [extra])
    ident = next(
        item["id"]
        for item in edu.client.get("/v1/education/snapshot").json()["items"]
        if item["external_id"] == "PG-GONE"
    )
    assert edu.client.delete(f"/v1/education/{ident}", headers=edu.headers(courses["key"])).status_code == 204
    gone = edu.client.get(f"/education/{ident}", params={"lang": "sv"})
    assert gone.status_code == 410
    assert "<h1>Utbildningen är borttagen</h1>" in gone.text
    _accessible(gone.text, "sv")

    missing = edu.client.get("/education/987654321", params={"lang": "en"})
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]
    assert "Page not found" in missing.text
    assert edu.client.get("/education/not-a-number").status_code == 404

    bad = edu.client.get("/education", params={"location": "kommun:0000", "lang": "en"})
    assert bad.status_code == 400
    assert "text/html" in bad.headers["content-type"]
    assert "kommun:0000" in bad.text
    assert "Something in the request is not right" in bad.text
    bad_pace = edu.client.get("/education", params={"pace": "fast", "lang": "sv"})
    assert bad_pace.status_code == 400
    assert "Något i frågan stämmer inte" in bad_pace.text
    crossed = edu.client.get("/education", params={"field_area": "sun-field:4", "field": "sun-field:0zz"})
    assert crossed.status_code == 400  # an unknown value is named even when the two exclude each other


def test_the_pages_of_a_long_list_follow_the_cursor_and_keep_the_filters(edu: EduWorld) -> None:
    name, key = edu.publisher()
    _post(edu, key, [offering(edu.concepts, 500 + n, external_id=f"PG-MANY-{n}") for n in range(23)])
    edu.sync()
    first = edu.client.get("/education", params={"lang": "sv", "provider": name, "has_outcomes": "true"}).text
    assert "23 träffar" in first
    ids = re.findall(r'<a href="/education/(\d+)"', first)
    assert len(ids) == 20
    following = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert following is not None
    link = following.group(1).replace("&amp;", "&")
    assert f"provider={name}" in link
    assert "has_outcomes=true" in link
    second = edu.client.get(link).text
    rest = re.findall(r'<a href="/education/(\d+)"', second)
    assert len(rest) == 3
    assert not set(ids) & set(rest)
    assert 'rel="next"' not in second
