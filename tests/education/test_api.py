"""/v1/education: ingest with the scope, search (text, filters, facets, cursors), mirror, read and remove."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
import pytest

from samskapa.education.search import broader_codes
from tests.education.conftest import EduWorld
from tests.education.factories import offering

URL = "/v1/education"


def _post(world: EduWorld, key: str | None, rows: list[dict[str, Any]], **params: Any) -> httpx.Response:
    body = "\n".join(json.dumps(row) for row in rows).encode()
    headers = {"Content-Type": "application/x-ndjson", **(world.headers(key) if key else {})}
    response: httpx.Response = world.client.post(
        f"{URL}/batches", content=body, headers=headers, params=params
    )
    return response


def _published(world: EduWorld, rows: list[dict[str, Any]]) -> str:
    """Publish rows as a new organisation, index them, and return the organisation's name."""
    name, key = world.publisher()
    response = _post(world, key, rows)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == len(rows)
    world.sync()
    return name


def _search(world: EduWorld, **params: Any) -> dict[str, Any]:
    response = world.client.get(URL, params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _all_ids(world: EduWorld, **params: Any) -> list[str]:
    ids: list[str] = []
    page = _search(world, **params)
    while True:
        ids.extend(item["id"] for item in page["items"])
        if page["next"] is None:
            return ids
        page = _search(world, **params, cursor=page["next"])


def test_ingest_needs_a_key_with_the_scope(edu: EduWorld) -> None:
    rows = [offering(edu.concepts, n, external_id=f"S-{n}") for n in range(1, 4)]
    assert _post(edu, None, rows).status_code == 401
    _, ads_key = edu.publisher(scopes=("ads:write",))
    refused = _post(edu, ads_key, rows)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    name, key = edu.publisher()
    bad = [*rows, offering(edu.concepts, 9, external_id="S-9", level="sun-level:99")]
    rejected = _post(edu, key, bad, atomic="true")
    assert rejected.status_code == 400
    assert rejected.json()["code"] == "batch_rejected"
    assert [error["line"] for error in rejected.json()["report"]["errors"]] == [4]
    edu.sync()
    assert _search(edu, provider=name)["total"] == 0  # the request rolled back: nothing was written
    accepted = _post(edu, key, bad)
    assert accepted.status_code == 200
    assert (accepted.json()["created"], len(accepted.json()["errors"])) == (3, 1)
    edu.sync()
    assert _search(edu, provider=name)["total"] == 3


def test_swedish_and_english_text_with_stemming_and_title_fallback(edu: EduWorld) -> None:
    found = edu.concepts
    swedish = offering(
        found,
        1,
        external_id="T-sv",
        title_sv="Svetsteknik för nybörjare",
        learning_outcomes_sv=["svetsa tunna plåtar", "läsa enkla ritningar"],
    )
    english = offering(
        found,
        2,
        external_id="T-en",
        title_sv=None,
        title_en="Welding basics",
        description_sv=None,
        description_en="A course for beginners.",
        learning_outcomes_sv=[],
        learning_outcomes_en=["weld thin sheets"],
    )
    name = _published(edu, [swedish, english])
    hits = _search(edu, q="plåten ritningen", provider=name)  # inflected forms of the outcomes' words
    assert [item["title"] for item in hits["items"]] == ["Svetsteknik för nybörjare"]
    assert hits["items"][0]["score"] > 0
    hits = _search(edu, q="welds", provider=name, lang="sv")
    assert [(item["title"], item["title_lang"]) for item in hits["items"]] == [("Welding basics", "en")]
    hits = _search(edu, q="svetsteknik", provider=name, lang="en")
    assert [(item["title"], item["title_lang"]) for item in hits["items"]] == [
        ("Svetsteknik för nybörjare", "sv")
    ]
    assert _search(edu, q='"tunna plåtar"', provider=name)["total"] == 1
    assert _search(edu, q='"plåtar tunna"', provider=name)["total"] == 0
    assert _search(edu, q="Nordvik", provider=name)["total"] == 2  # the provider's name is searchable
    assert _search(edu, has_outcomes="true", provider=name)["total"] == 2
    assert _search(edu, has_outcomes="false", provider=name)["total"] == 0


def test_filters_match_what_the_rows_say(edu: EduWorld) -> None:
    found = edu.concepts
    rows = [offering(found, n, external_id=f"F-{n}") for n in range(1, 37)]
    rows[0]["start_dates"] = []
    rows[1]["learning_outcomes_sv"] = []
    name = _published(edu, rows)

    def count(predicate: Any) -> int:
        return sum(1 for row in rows if predicate(row))

    def total(**params: Any) -> int:
        return int(_search(edu, provider=name, facet="mode", **params)["total"])

    def narrows(**params: Any) -> int:
        found = total(**params)
        assert 0 < found < 36, (params, found)  # the filter selects some but not all
        return found

    assert total() == 36
    level = rows[0]["level"]
    assert narrows(level=level) == count(lambda r: r["level"] == level)
    broad = level[: len("sun-level:") + 1]
    assert total(level=broad) == count(lambda r: r["level"].startswith(broad))
    field = rows[0]["field"]
    for code in broader_codes(field):  # sun-field:4, sun-field:48, sun-field:481
        assert total(field=code) == count(lambda r, c=code: r["field"].startswith(c)), code
    assert total(field=f"{rows[0]['field']},{rows[1]['field']}") == count(
        lambda r: r["field"] in (rows[0]["field"], rows[1]["field"])
    )
    assert narrows(mode="distance") == count(lambda r: r["mode"] == "distance")
    assert narrows(pace="50") == total(pace="50%") == count(lambda r: r["pace"] == 50)
    assert total(mode="campus", pace="100") == count(lambda r: r["mode"] == "campus" and r["pace"] == 100)
    place = rows[3]["location"]
    assert narrows(location=place) == count(lambda r: r["location"] == place)
    county = "lan:" + place.removeprefix("kommun:")[:2]
    assert narrows(region=county) == count(lambda r: r["location"].startswith("kommun:" + county[4:]))
    language = rows[2]["languages"][0]
    assert narrows(language=language) == count(lambda r: language in r["languages"])
    assert total(credit_unit="hp") == 36
    assert total(credit_unit="yh") == 0
    assert total(has_outcomes="true") == 35
    in_spring = count(
        lambda r: bool(r["start_dates"]) and "2027-01-01" <= r["start_dates"][0] <= "2027-03-31"
    )
    assert narrows(start_from="2027-01-01", start_to="2027-03-31") == in_spring
    assert total(start_from="2000-01-01") == 35  # the offering without start dates never matches


def test_facets_count_with_labels(edu: EduWorld) -> None:
    found = edu.concepts
    rows = [offering(found, n, external_id=f"G-{n}") for n in range(1, 25)]
    name = _published(edu, rows)
    page = _search(edu, provider=name, limit=1, facet_size=50)
    facets = {
        facet: {v["value"]: (v["count"], v["label"]) for v in values}
        for facet, values in page["facets"].items()
    }
    assert set(facets) == {
        "level",
        "field",
        "field_area",
        "mode",
        "pace",
        "location",
        "region",
        "language",
        "provider",
        "credit_unit",
        "skill",
    }
    assert {value: count for value, (count, _) in facets["mode"].items()} == Counter(r["mode"] for r in rows)
    assert facets["mode"]["distance"][1] == "Distans"
    assert facets["pace"]["50"][1] == "Halvfart"
    assert {value: count for value, (count, _) in facets["level"].items()} == Counter(
        r["level"] for r in rows
    )
    assert {value: count for value, (count, _) in facets["field_area"].items()} == Counter(
        r["field"][: len("sun-field:") + 1] for r in rows
    )
    assert facets["provider"] == {name: (24, f"Skola {name}")}
    assert all(label != value for value, (_, label) in facets["location"].items())  # municipality names
    english = _search(edu, provider=name, limit=1, facet="mode,pace,provider", lang="en")["facets"]
    assert {v["value"]: v["label"] for v in english["mode"]}["distance"] == "Distance"
    assert {v["value"]: v["label"] for v in english["pace"]}["50"] == "Half time"
    assert english["provider"][0]["label"] == f"School {name}"
    assert set(english) == {"mode", "pace", "provider"}


@pytest.mark.parametrize(
    ("params", "hint"),
    [
        ({"level": "sun-level:99"}, "did you mean"),
        ({"field": "sun-field:48z"}, "did you mean sun-field:48"),
        ({"location": "kommun:9999"}, "unknown concept id"),
        ({"location": "lan:01"}, "expected municipality"),
        ({"region": "kommun:0180"}, "lies in lan:01, or filter with location=kommun:0180"),
        ({"language": "language:qq"}, "unknown concept id"),
        ({"mode": "online"}, "campus, distance, blended"),
        ({"pace": "150"}, "from 1 to 100"),
        ({"credit_unit": "points"}, "hp, ects, yh, fup"),
        ({"provider": "edu-org-99999"}, "did you mean edu-org-"),
        ({"sort": "best"}, "relevance, newest, oldest"),
        ({"facet": "colour"}, "Facets: level"),
        ({"start_from": "2027-02-01", "start_to": "2027-01-01"}, "Swap"),
        ({"cursor": "not-a-cursor"}, ""),
    ],
)
def test_unknown_values_are_a_400_with_what_to_use(edu: EduWorld, params: dict[str, str], hint: str) -> None:
    _published(edu, [offering(edu.concepts, 1, external_id="X-1")])
    response = edu.client.get(URL, params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert hint in response.json()["hint"], response.json()


def test_unknown_parameters_are_a_400(edu: EduWorld) -> None:
    response = edu.client.get(URL, params={"colour": "blue"})
    assert response.status_code == 400
    assert "level" in response.text


@pytest.mark.parametrize(("sort", "text"), [("newest", ""), ("oldest", ""), ("relevance", "programmering")])
def test_cursor_paging_returns_every_match_once(edu: EduWorld, sort: str, text: str) -> None:
    rows = [offering(edu.concepts, n, external_id=f"P-{n}") for n in range(1, 46)]
    for row in rows[::9]:
        row["start_dates"] = []  # dated by valid_from, or not at all
        row["valid_from"] = "2020-01-01" if row["external_id"] != "P-1" else None
    name = _published(edu, rows)
    ids = _all_ids(edu, provider=name, sort=sort, q=text, limit=7)
    assert len(ids) == len(set(ids)) == 45
    if sort != "relevance":
        firsts = [
            item["first_start"] or "0000"
            for item in _search(edu, provider=name, sort=sort, limit=45)["items"]
        ]
        assert firsts == sorted(firsts, reverse=sort == "newest")


def _apply(mirror: dict[str, dict[str, Any]], world: EduWorld, cursor: str) -> str:
    while True:
        page = world.client.get(f"{URL}/stream", params={"since": cursor, "limit": 5}).json()
        for change in page["items"]:
            if change["change"] == "removed":
                mirror.pop(change["id"], None)
            else:
                mirror[change["id"]] = change["item"]
        cursor = page["next"]
        if not page["has_more"]:
            return cursor


def test_snapshot_and_stream_mirror_the_collection(edu: EduWorld) -> None:
    snapshot = edu.client.get(f"{URL}/snapshot").json()
    mirror = {item["id"]: item for item in snapshot["items"]}
    name, key = edu.publisher()
    rows = [offering(edu.concepts, n, external_id=f"M-{n}") for n in range(1, 13)]
    assert _post(edu, key, rows).status_code == 200
    cursor = _apply(mirror, edu, snapshot["cursor"])
    changed = [
        {**rows[0], "title_sv": "Ändrad titel"},
        {"external_id": "M-2", "removed": True},
        offering(edu.concepts, 77, external_id="M-77"),
    ]
    assert _post(edu, key, changed).json()["updated"] == 1
    victim = next(item["id"] for item in mirror.values() if item["external_id"] == "M-3")
    assert edu.client.delete(f"{URL}/{victim}", headers=edu.headers(key)).status_code == 204
    _apply(mirror, edu, cursor)
    fresh = edu.client.get(f"{URL}/snapshot").json()
    assert mirror == {item["id"]: item for item in fresh["items"]}
    titles = {item["external_id"]: item["title_sv"] for item in mirror.values() if item["source"] == name}
    assert titles["M-1"] == "Ändrad titel"
    assert "M-2" not in titles
    assert "M-3" not in titles
    assert "M-77" in titles


def test_read_and_remove_one_offering(edu: EduWorld) -> None:
    name, key = edu.publisher()
    assert _post(edu, key, [offering(edu.concepts, 3, external_id="R-1")]).status_code == 200
    edu.sync()
    ident = _search(edu, provider=name)["items"][0]["id"]
    document = edu.client.get(f"{URL}/{ident}").json()
    assert (document["id"], document["external_id"], document["removed"]) == (ident, "R-1", False)
    assert document["source"] == name
    _, other = edu.publisher()
    assert edu.client.delete(f"{URL}/{ident}", headers=edu.headers(other)).status_code == 403
    _, reader = edu.publisher(scopes=("ads:write",))
    assert edu.client.delete(f"{URL}/{ident}", headers=edu.headers(reader)).status_code == 403
    assert edu.client.delete(f"{URL}/{ident}", headers=edu.headers(key)).status_code == 204
    tombstone = edu.client.get(f"{URL}/{ident}").json()
    assert tombstone["removed"] is True
    assert tombstone["removed_at"]
    edu.sync()
    assert _search(edu, provider=name)["total"] == 0
    missing = edu.client.get(f"{URL}/not-an-id")
    assert missing.status_code == 404
    assert missing.json()["code"] == "opportunity_not_found"


def test_offerings_are_enriched_and_found_skills_are_a_facet_and_filter(edu: EduWorld) -> None:
    row = offering(edu.concepts, 900, external_id="ENR-1")
    row["learning_outcomes_en"] = [
        "write programs in Java and Python",
        "design relational databases with SQL",
    ]
    name = _published(edu, [row])
    page = _search(edu, provider=name, facet="skill", facet_size=50)
    skills = {value["value"] for value in page["facets"]["skill"]}
    assert skills
    one = sorted(skills)[0]
    narrowed = _search(edu, provider=name, skill=one)
    assert narrowed["total"] >= 1
    stored = edu.client.get(f"/v1/education/{narrowed['items'][0]['id']}").json()
    evidence = {item["id"]: item for item in stored["found_skills"]}
    assert one in evidence
    field, number = evidence[one]["field"].split(".")
    text = stored[field][int(number)]
    assert text[evidence[one]["start"] : evidence[one]["end"]]
