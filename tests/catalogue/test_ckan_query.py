"""The parser of CKAN's Solr-style q, fq and sort into the catalogue's DatasetQuery."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskapa.catalogue.ckan_query import (
    dataset_query,
    filter_values,
    licence_id,
    parse_date,
    parse_query,
    parse_sort,
)
from samskapa.catalogue.errors import InvalidSearch
from samskapa.catalogue.search import DateRange

NOW = datetime(2024, 5, 15, 12, 30, 45, tzinfo=UTC)
JAN = datetime(2024, 1, 1, tzinfo=UTC)
CC_BY = "http://creativecommons.org/licenses/by/4.0/"


def test_free_text_words_and_quoted_phrases() -> None:
    parsed = parse_query('yrken  "öppna data" text:prognos')
    assert parsed.terms == ["yrken", "öppna data", "prognos"]
    assert parsed.clauses == []


def test_field_values_plain_quoted_and_escaped() -> None:
    parsed = parse_query(r'tags:yrken organization:"scb" tags:"två ord" name:a\:b')
    assert parsed.clauses == [
        ("keyword", ("yrken",)),
        ("publisher", ("scb",)),
        ("keyword", ("två ord",)),
        ("name", ("a:b",)),
    ]


def test_ckan_names_map_to_the_catalogues_values() -> None:
    parsed = parse_query(
        f"groups:educ res_format:json-ld license_id:CC-BY-4.0 license_id:{CC_BY} owner_org:x"
    )
    assert parsed.clauses == [
        ("theme", ("EDUC",)),
        ("format", ("JSON_LD",)),
        ("licence", (CC_BY,)),
        ("licence", (CC_BY,)),
        ("publisher", ("x",)),
    ]
    assert parse_query("title:Löner notes:lön").clauses == [("title", ("Löner",)), ("description", ("lön",))]
    assert licence_id(CC_BY) == "CC-BY-4.0"
    assert licence_id("https://example.org/own-licence") == "https://example.org/own-licence"


def test_or_between_values_of_one_field_and_and_between_clauses() -> None:
    assert parse_query("tags:(a OR b OR c)").clauses == [("keyword", ("a", "b", "c"))]
    assert parse_query("tags:a || tags:b").clauses == [("keyword", ("a", "b"))]
    assert parse_query("tags:(a AND b)").clauses == [("keyword", ("a",)), ("keyword", ("b",))]
    assert parse_query("(tags:a OR tags:b) AND +groups:econ && name:n").clauses == [
        ("keyword", ("a", "b")),
        ("theme", ("ECON",)),
        ("name", ("n",)),
    ]


def test_match_everything() -> None:
    for text in ("", "*:*", "*", "name:*", "+dataset_type:dataset capacity:public", "tags:x OR *:*"):
        parsed = parse_query(text)
        assert (parsed.terms, parsed.clauses, parsed.ranges) == ([], [], []), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("metadata_modified:[2024-01-01T00:00:00Z TO *]", DateRange("modified", start=JAN)),
        ("metadata_modified:[* TO 2024-01-01T00:00:00Z]", DateRange("modified", end=JAN)),
        ("metadata_modified:[* TO *]", DateRange("modified")),
        (
            "metadata_created:{2024-01-01 TO 2024-01-01T00:00:00+00:00}",
            DateRange("created", start=JAN, end=JAN, include_start=False, include_end=False),
        ),
        (
            "metadata_modified:[2024-01-01T01:00:00+01:00 TO NOW}",
            DateRange("modified", start=JAN, end=NOW, include_end=False),
        ),
        ('metadata_modified:"2024-01-01T00:00:00.000Z"', DateRange("modified", start=JAN, end=JAN)),
    ],
)
def test_date_ranges_with_open_ends_and_bounds(text: str, expected: DateRange) -> None:
    assert parse_query(text, now=NOW).ranges == [expected]


def test_date_math_after_now() -> None:
    assert parse_date("NOW", now=NOW) == NOW
    assert parse_date("NOW-7DAYS", now=NOW) == datetime(2024, 5, 8, 12, 30, 45, tzinfo=UTC)
    assert parse_date("NOW/DAY", now=NOW) == datetime(2024, 5, 15, tzinfo=UTC)
    assert parse_date("NOW-1MONTH/DAY", now=NOW) == datetime(2024, 4, 15, tzinfo=UTC)
    assert parse_date("NOW+1YEAR/YEAR", now=NOW) == datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_date("NOW-3MONTHS", now=datetime(2024, 5, 31, tzinfo=UTC)) == datetime(
        2024, 2, 29, tzinfo=UTC
    )
    assert parse_date("NOW-2HOURS+30MINUTES", now=NOW) == datetime(2024, 5, 15, 11, 0, 45, tzinfo=UTC)
    assert parse_date("2024-01-01T00:00:00") == JAN, "naive dates are UTC"


def test_q_and_every_fq_are_combined() -> None:
    query = dataset_query(
        q="yrken organization:scb",
        fq=["tags:a", "metadata_modified:[2024-01-01T00:00:00Z TO *]", "tags:b"],
        sort="name asc",
        now=NOW,
    )
    assert query.terms == ["yrken"]
    assert query.clauses == [("publisher", ("scb",)), ("keyword", ("a",)), ("keyword", ("b",))]
    assert query.ranges == [DateRange("modified", start=JAN)]
    assert query.order == (("name", False),)
    assert query.states == ("active",)
    assert dataset_query(include_deleted=True).states == ("active", "withdrawn")
    assert filter_values(dataset_query(q="tags:a title:x", fq=["tags:(b OR c)"])) == {
        "keyword": ["a", "b", "c"]
    }


def test_sorts() -> None:
    assert parse_sort(None) == (("modified", True),)
    assert parse_sort("score desc, metadata_modified desc") == (("modified", True),)
    assert parse_sort("score desc") == (("modified", True),), "no ranking: the default order"
    assert parse_sort("metadata_created asc, name DESC") == (("created", False), ("name", True))
    assert parse_sort("title_string asc") == parse_sort("title asc") == (("title_sv", False),)
    for bad in ("popularity desc", "name", "name up", "name asc,", "name asc id asc"):
        with pytest.raises(InvalidSearch, match='Invalid "sort" parameter'):
            parse_sort(bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour:blue", "Unknown search field 'colour'"),
        ("tags:a extras_colour:b", "Unknown search field 'extras_colour'"),
        ("metadata_modified:[2024-01-01 TO]", "Malformed range"),
        ("metadata_modified:[2024-01-01 2025-01-01]", "Malformed range"),
        ("metadata_modified:[2024-01-01 TO *", "never closed"),
        ("metadata_modified:[yesterday TO *]", "not a date"),
        ("metadata_modified:[2024-13-01 TO *]", "not a date"),
        ("metadata_modified:[NOW-1FORTNIGHT TO *]", "Bad date math"),
        ("metadata_modified:[2025-01-01 TO 2024-01-01]", "ends before it starts"),
        ("name:[a TO b]", "dates only"),
        ("metadata_modified:(2024-01-01 OR 2025-01-01)", "OR works only"),
        ("-tags:a", "Negation"),
        ("NOT tags:a", "Negation"),
        ("tags:a*", "not supported"),
        ("title:fuzzy~2", "not supported"),
        ("tags:*", "not supported"),
        ("tags:a OR groups:b", "OR works only between values of one field"),
        ("yrken OR data", "OR works only between values of one field"),
        ("tags:a OR tags:b groups:c", "mixed without parentheses"),
        ("(tags:a", "never closed"),
        ("tags:a)", "no matching"),
        ('"open', "never closed"),
        ("tags:", "no value"),
        ("AND tags:a", "both sides"),
        ("tags:a OR", "both sides"),
        ("tags:(organization:x)", "field inside"),
        ("dataset_type:harvest", "Every dataset here has dataset_type dataset"),
        ("capacity:private", "Every dataset here has capacity public"),
        ("(" * 100 + "a" + ")" * 100, "nested"),
    ],
)
def test_what_it_cannot_honour_is_an_error(text: str, message: str) -> None:
    with pytest.raises(InvalidSearch, match=message):
        parse_query(text, now=NOW)


@given(st.text(max_size=60))
def test_any_text_parses_or_is_an_invalid_search(text: str) -> None:
    with contextlib.suppress(InvalidSearch):
        parse_query(text, now=NOW)
