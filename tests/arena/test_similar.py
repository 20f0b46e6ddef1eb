""" "Does this exist already?": /v1/arena/similar finds catalogue datasets and public needs, refuses bad
queries clearly, and the need form shows the same results without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from samskapa.arena import releases, service
from samskapa.arena.errors import InvalidArenaQuery
from samskapa.core.db import session_scope
from tests.arena.conftest import World, actor, browser, need_in
from tests.arena.test_releases import new_dataset


@pytest.fixture(scope="module")
def found(world: World) -> dict[str, str]:
    """A catalogue dataset and a submitted need about reindeer herding, a draft and nothing else like them."""
    cast = world.cast
    with session_scope(world.factory) as session:
        dataset_id, name = new_dataset(
            session,
            cast,
            title_sv="Renskötsel per sameby",
            title_en="Reindeer herding per Sami village",
            keywords_sv=["renskötsel"],
        )
        need = service.create_need(
            session,
            actor=actor(session, cast.author),
            data=need_in(cast, title="Statistik om renskötsel", summary="Antal renar per sameby och år."),
        )
        draft = service.create_need(
            session,
            actor=actor(session, cast.author),
            data=need_in(cast, title="Hemlig renskötsel", summary="Ett utkast om renskötsel.", submit=False),
        )
        return {"dataset": dataset_id, "name": name, "need": need.id, "draft": draft.id}


def test_finds_a_dataset_and_a_need(world: World, found: dict[str, str]) -> None:
    client = browser(world, None).client
    response = client.get("/v1/arena/similar", params={"q": "renskötsel", "lang": "en"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["q"] == "renskötsel"
    datasets = {item["id"]: item for item in body["datasets"]}
    assert datasets[found["dataset"]]["title"] == "Reindeer herding per Sami village"
    assert datasets[found["dataset"]]["url"] == f"/datasets/{found['name']}"
    needs = {item["id"]: item for item in body["needs"]}
    assert needs[found["need"]]["state"] == "submitted"
    assert needs[found["need"]]["url"] == f"/arena/needs/{found['need']}"
    assert found["draft"] not in needs  # drafts are private


def test_several_words_fall_back_to_the_strongest(world: World, found: dict[str, str]) -> None:
    client = browser(world, None).client
    body = client.get("/v1/arena/similar", params={"q": "renskötsel i fjällen", "lang": "sv"}).json()
    assert found["dataset"] in {item["id"] for item in body["datasets"]}
    assert "Renskötsel per sameby" in [item["title"] for item in body["datasets"]]  # Swedish titles
    assert found["need"] in {item["id"] for item in body["needs"]}
    nothing = client.get("/v1/arena/similar", params={"q": "xyzzyplugh"}).json()
    assert nothing == {"q": "xyzzyplugh", "datasets": [], "needs": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "ab"}, "q"),
        ({"q": "a" * 201}, "q"),
        ({}, "q"),
        ({"q": "renar", "lang": "de"}, "lang"),
        ({"q": "renar", "limit": "0"}, "limit"),
        ({"q": "renar", "color": "red"}, None),
    ],
)
def test_bad_queries_are_clear_errors(world: World, params: dict[str, str], field: str | None) -> None:
    response = browser(world, None).client.get("/v1/arena/similar", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if field is not None:
        assert field in [error["field"] for error in body["errors"]]


def test_the_service_checks_the_query(world: World) -> None:
    with session_scope(world.factory) as session:
        with pytest.raises(InvalidArenaQuery) as short:
            releases.similar(session, q="  ab   ", lang="sv")
        assert short.value.field_errors[0].field == "q"


def test_the_form_searches_without_javascript(world: World, found: dict[str, str]) -> None:
    author = browser(world, world.cast.author)
    form = author.client.get("/arena/needs/new?lang=en")
    assert form.status_code == 200
    assert 'aria-live="polite"' in form.text
    assert "/static/arena_similar.js" in form.text
    response = author.client.post(
        "/arena/needs?lang=en",
        data={
            "csrf_token": author.csrf,
            "action": "similar",
            "title": "renskötsel",
            "summary": "",
            "kind": "problem",
        },
    )
    assert response.status_code == 200, response.text
    assert "Does this exist already?" in response.text
    assert f'href="/datasets/{found["name"]}"' in response.text
    assert f'href="/arena/needs/{found["need"]}"' in response.text
    assert 'value="renskötsel"' in response.text  # what was typed is kept
