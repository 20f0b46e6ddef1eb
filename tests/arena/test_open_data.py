"""The arena as open data: the JSON Lines export of every public need with its status events (pseudonymous
authors only; drafts and hidden needs left out) and the arena's dataset in the catalogue (DCAT-AP valid)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib.namespace import RDF
from sqlalchemy import select

from samskapa.accounts.models import Person
from samskapa.arena import clocks, export, moderation, service
from samskapa.arena.models import HiddenItem, Need
from samskapa.arena.schemas import ModerationActionIn
from samskapa.catalogue import dcat, platform
from samskapa.catalogue import service as catalogue
from samskapa.catalogue.models import Distribution
from samskapa.catalogue.validation import validate_graph
from samskapa.core.db import session_scope
from samskapa.core.time import utcnow
from tests.arena.conftest import ROLES, World, actor, browser, make_world, need_in, person_of
from tests.catalogue.test_validation import DCAT
from tests.databases import DatabaseFactory

BASE = "https://data.example.se"


@pytest.fixture(scope="module")
def world(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    made = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena-open"), "arena-open-data")
    with TestClient(made.app):
        yield made


@pytest.fixture(scope="module")
def needs(world: World) -> dict[str, str]:
    """Three public needs (one moved along with a comment), a draft, and a need hidden by a moderator."""
    cast = world.cast
    ids: dict[str, str] = {}
    with session_scope(world.factory) as session:
        author = actor(session, cast.author)
        for name in ("plain", "moved", "other", "hidden"):
            ids[name] = service.create_need(
                session, actor=author, data=need_in(cast, title=f"Behov {name}")
            ).id
        ids["draft"] = service.create_need(
            session, actor=author, data=need_in(cast, title="Ett utkast", submit=False)
        ).id
        staff = actor(session, cast.lead_staff)
        service.transition(session, need_id=ids["moved"], actor=staff, to="triaged", reason_code="in_scope")
        service.transition(
            session, need_id=ids["moved"], actor=staff, to="needs_info", reason_code="unclear_need",
            message="Vilka kommuner?",
        )  # fmt: skip
        service.transition(session, need_id=ids["moved"], actor=author, to="triaged")
        service.support(session, need_id=ids["other"], person_id=cast.citizen, stakeholder_type="citizen")
        moderation.act(
            session,
            actor=actor(session, cast.moderator),
            data=ModerationActionIn.model_validate(
                {
                    "action": "hide",
                    "items": [{"type": "need", "id": ids["hidden"]}],
                    "template": "removed_spam",
                }
            ),
        )
    return ids


def _lines(client: TestClient) -> tuple[str, list[dict[str, Any]]]:
    response = client.get("/v1/arena/needs.jsonl")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/jsonl")
    text = response.text
    assert text.endswith("\n")
    return text, [json.loads(line) for line in text.splitlines()]


def test_the_export_holds_exactly_the_public_needs_with_their_history(
    world: World, needs: dict[str, str]
) -> None:
    client = TestClient(world.app)
    _text, lines = _lines(client)
    with session_scope(world.factory) as session:
        hidden = set(session.scalars(select(HiddenItem.item_id).where(HiddenItem.item_type == "need")))
        public = set(session.scalars(select(Need.id).where(Need.submitted_at.is_not(None)))) - hidden
    exported = [line["id"] for line in lines]
    assert exported == sorted(exported), "in id order"
    assert set(exported) == public
    assert {needs["plain"], needs["moved"], needs["other"]} <= public
    assert needs["draft"] not in exported
    assert needs["hidden"] not in exported
    for line in lines:  # each line is what the API gives for the need, history included
        assert line == client.get(f"/v1/needs/{line['id']}").json()
    moved = next(line for line in lines if line["id"] == needs["moved"])
    assert [e["to_state"] for e in moved["history"]] == ["submitted", "triaged", "needs_info", "triaged"]
    assert [e["by_author"] for e in moved["history"]] == [True, False, False, True]
    other = next(line for line in lines if line["id"] == needs["other"])
    assert other["supports"] == 1


def test_authors_are_pseudonyms_and_no_person_id_or_email_appears(
    world: World, needs: dict[str, str]
) -> None:
    text, lines = _lines(TestClient(world.app))
    secret = world.app.state.keys.pairwise_secret
    assert {line["author"] for line in lines} == {service.pseudonym(secret, world.cast.author)}
    with session_scope(world.factory) as session:
        people = session.execute(select(Person.id, Person.email)).all()
    assert world.cast.author in {person_id for person_id, _email in people}
    for person_id, email in people:
        assert person_id not in text
        assert email not in text
    assert "@" not in text


@pytest.mark.parametrize("role", ROLES)
def test_the_export_is_the_same_public_file_for_every_role(
    world: World, needs: dict[str, str], role: str
) -> None:
    """Nobody gets more in the bulk file: not the hidden need's author, not a moderator, not a draft."""
    signed_in = browser(world, None if role == "anonymous" else person_of(world.cast, role))
    _text, lines = _lines(signed_in.client)
    _text, anonymous = _lines(TestClient(world.app))
    assert lines == anonymous
    assert needs["hidden"] not in {line["id"] for line in lines}
    assert needs["draft"] not in {line["id"] for line in lines}


def test_the_export_streams_in_batches_with_the_same_lines(world: World, needs: dict[str, str]) -> None:
    secret = world.app.state.keys.pairwise_secret
    today = clocks.swedish_date(utcnow())
    with session_scope(world.factory) as session:
        whole = list(export.needs_jsonl(session, secret=secret, today=today))
        small = list(export.needs_jsonl(session, secret=secret, today=today, batch=1))
    assert len(whole) == len(small) >= 3
    assert whole == small
    assert all(chunk.endswith(b"\n") and chunk.count(b"\n") == 1 for chunk in whole)


def test_the_arena_dataset_is_registered_and_validates_as_dcat_ap(world: World) -> None:
    with session_scope(world.factory) as session:
        report = platform.register_platform(session, base_url=BASE)
        assert platform.ARENA_DATASET in report.datasets
        again = platform.register_platform(session, base_url=BASE)  # idempotent
        assert again.datasets[platform.ARENA_DATASET] in ("unchanged", "updated")
        dataset = catalogue.get_dataset(session, key=platform.ARENA_DATASET)
        assert "arena" in dataset.title_en
        assert "arenan" in dataset.title_sv
        distributions = session.scalars(
            select(Distribution).where(Distribution.dataset_id == dataset.id)
        ).all()
        urls = {item.access_url: item for item in distributions}
        assert set(urls) == {
            f"{BASE}/v1/arena/needs.jsonl",
            f"{BASE}/v1/needs",
            f"{BASE}/v1/arena/status-events",
        }
        assert {item.licence for item in distributions} == {platform.CC_BY}
        assert urls[f"{BASE}/v1/arena/needs.jsonl"].download_url == f"{BASE}/v1/arena/needs.jsonl"
        graph = dcat.dataset_graph(session, dataset, base_url=BASE)
        whole = dcat.catalogue_graph(session, base_url=BASE)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1
    found = validate_graph(graph)
    assert found == [], "\n".join(str(item) for item in found[:20])
    found = validate_graph(whole)  # with the platform's other datasets, as the catalogue serves them
    assert found == [], "\n".join(str(item) for item in found[:20])


def test_the_distribution_urls_answer(world: World, needs: dict[str, str]) -> None:
    client = TestClient(world.app)
    for path in ("/v1/arena/needs.jsonl", "/v1/needs", "/v1/arena/status-events"):
        assert client.get(path).status_code == 200, path
