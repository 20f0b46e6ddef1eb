"""Ideas and agency challenges: the service's rules and errors, the /v1 API with the role matrix of every
write route, agencies acting through their API keys, and problem+json naming the field."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute

from samskapa.accounts.models import Membership, Organisation, Person
from samskapa.arena import api as arena_api
from samskapa.arena import ideas
from samskapa.arena.errors import (
    ChallengeClosed,
    ChallengeNotFound,
    EditWindowClosed,
    IdeaNotFound,
    InvalidArenaQuery,
    InvalidChallenge,
    InvalidIdea,
    NotAllowed,
    PersonalDataFound,
)
from samskapa.arena.models import Challenge, HiddenItem
from samskapa.arena.schemas import ChallengeIn, ChallengePatch, IdeaIn, IdeaPatch
from samskapa.arena.service import actor_for_organisation, create_need, pseudonym
from samskapa.core.db import session_scope
from samskapa.core.errors import DomainError
from samskapa.keys import PlatformKeys
from tests.arena.conftest import ROLES, Browser, World, actor, api_key, browser, need_in
from tests.catalogue.factories import dataset

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
AGENCY_STAFF = frozenset({"lead_staff", "co_staff", "other_staff"})
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def new_need(world: World, *, submit: bool = True) -> str:
    with session_scope(world.factory) as session:
        need = create_need(
            session, actor=actor(session, world.cast.author), data=need_in(world.cast, submit=submit)
        )
        return need.id


def new_challenge(world: World, *, open_until: date | None = None, **changes: Any) -> str:
    with session_scope(world.factory) as session:
        data = ChallengeIn.model_validate(
            {"title": "Hur når vi fler vuxna?", "summary": "Idéer om vägledning för vuxna.", **changes}
        )
        challenge = ideas.create_challenge(session, actor=actor(session, world.cast.lead_staff), data=data)
        challenge.open_until = open_until  # set directly: the service refuses past days
        return challenge.id


def new_idea(world: World, person: str | None = None, **changes: Any) -> str:
    with session_scope(world.factory) as session:
        data = IdeaIn.model_validate(
            {
                "title": "En app för studieplatser",
                "summary": "Visar lediga platser per kommun.",
                **changes,
            }
        )
        idea = ideas.create_idea(session, actor=actor(session, person or world.cast.author), data=data)
        return idea.id


def new_dataset(world: World) -> tuple[str, str]:
    with session_scope(world.factory) as session:
        owner = session.get(Organisation, world.cast.lead)
        assert owner is not None
        row = dataset(session, owner)
        return row.id, row.name


def raised(call: Callable[[], object], error: type[DomainError]) -> DomainError:
    with pytest.raises(error) as info:
        call()
    return info.value


def fields(error: DomainError) -> list[str]:
    return [problem.field for problem in error.field_errors]


# --- challenges (service) ----------------------------------------------------------------------------------


def test_agency_staff_put_challenges_for_their_agency(world: World) -> None:
    need_id = new_need(world)
    with session_scope(world.factory) as session:
        data = ChallengeIn(title="Vägledning", summary="Hur når vi fler?", needs=[need_id, need_id])
        challenge = ideas.create_challenge(session, actor=actor(session, world.cast.lead_staff), data=data)
        (out,) = ideas.challenges_out(session, [challenge])
        assert out.organisation.id == world.cast.lead
        assert [ref.id for ref in out.needs] == [need_id]
        assert out.open
        assert out.open_until is None
        assert out.ideas == 0
        co = ideas.create_challenge(session, actor=actor(session, world.cast.co_staff), data=data)
        assert co.organisation_id == world.cast.co  # a municipality is an agency type
        key_actor = actor_for_organisation(session, organisation_id=world.cast.other)
        by_key = ideas.create_challenge(session, actor=key_actor, data=data)
        assert by_key.organisation_id == world.cast.other
        assert by_key.created_by is None


@pytest.mark.parametrize("role", ["author", "citizen", "moderator", "company_member"])
def test_only_agency_staff_put_challenges(world: World, role: str) -> None:
    with session_scope(world.factory) as session:
        who = actor(session, getattr(world.cast, role))
        data = ChallengeIn(title="Vägledning", summary="Hur når vi fler?")
        raised(lambda: ideas.create_challenge(session, actor=who, data=data), NotAllowed)
        company_key = actor_for_organisation(session, organisation_id=world.cast.company)
        raised(lambda: ideas.create_challenge(session, actor=company_key, data=data), NotAllowed)


def test_challenge_input_errors_name_the_field(world: World) -> None:
    draft = new_need(world, submit=False)
    with session_scope(world.factory) as session:
        staff = actor(session, world.cast.lead_staff)
        past = ChallengeIn(title="Gammal", summary="Redan stängd.", open_until=date(2026, 11, 29))
        error = raised(
            lambda: ideas.create_challenge(session, actor=staff, data=past, now=NOW), InvalidChallenge
        )
        assert fields(error) == ["open_until"]
        today = ChallengeIn(title="I dag", summary="Stänger i dag.", open_until=date(2026, 11, 30))
        assert ideas.create_challenge(session, actor=staff, data=today, now=NOW).open_until == date(
            2026, 11, 30
        )
        unknown = ChallengeIn(title="Behov", summary="Med behov.", needs=["no-such-need", draft])
        error = raised(lambda: ideas.create_challenge(session, actor=staff, data=unknown), InvalidChallenge)
        assert fields(error) == ["needs", "needs"]
        assert "no-such-need" in error.message
        assert draft in error.message
        other_org = ChallengeIn(
            title="Annan", summary="För en annan myndighet.", organisation=world.cast.other
        )
        raised(lambda: ideas.create_challenge(session, actor=staff, data=other_org), NotAllowed)
        nowhere = ChallengeIn(title="Ingen", summary="Okänd organisation.", organisation="no-such-org")
        error = raised(lambda: ideas.create_challenge(session, actor=staff, data=nowhere), InvalidChallenge)
        assert fields(error) == ["organisation"]
        personal = ChallengeIn(title="Kontakt", summary="Ring 070-123 45 67.")
        error = raised(lambda: ideas.create_challenge(session, actor=staff, data=personal), PersonalDataFound)
        assert fields(error) == ["summary"]


def test_staff_of_two_agencies_name_the_one(world: World) -> None:
    with session_scope(world.factory) as session:
        person = Person(
            id=str(uuid.uuid4()), email=f"{uuid.uuid4().hex}@example.org", name="Två", created_at=NOW
        )
        session.add(person)
        session.flush()
        for organisation_id in (world.cast.lead, world.cast.co):
            session.add(
                Membership(
                    organisation_id=organisation_id, person_id=person.id, role="editor", created_at=NOW
                )
            )
        session.flush()
        both = actor(session, person.id)
        data = ChallengeIn(title="Vilken?", summary="Två myndigheter.")
        error = raised(lambda: ideas.create_challenge(session, actor=both, data=data), InvalidChallenge)
        assert fields(error) == ["organisation"]
        named = data.model_copy(update={"organisation": world.cast.co})
        assert ideas.create_challenge(session, actor=both, data=named).organisation_id == world.cast.co


def test_only_the_challenges_own_staff_change_it(world: World) -> None:
    challenge_id = new_challenge(world)
    need_id = new_need(world)
    with session_scope(world.factory) as session:
        patch = ChallengePatch(title="Ny rubrik", needs=[need_id])
        for role in ("co_staff", "other_staff", "author", "moderator"):
            who = actor(session, getattr(world.cast, role))
            with pytest.raises(NotAllowed):
                ideas.update_challenge(session, challenge_id=challenge_id, actor=who, data=patch)
        changed = ideas.update_challenge(
            session, challenge_id=challenge_id, actor=actor(session, world.cast.lead_staff), data=patch
        )
        assert changed.title == "Ny rubrik"
        assert changed.summary == "Idéer om vägledning för vuxna."
        assert [ref.id for ref in ideas.challenges_out(session, [changed])[0].needs] == [need_id]
        key = actor_for_organisation(session, organisation_id=world.cast.lead)
        late = ChallengePatch(open_until=date(2020, 1, 1))
        error = raised(
            lambda: ideas.update_challenge(session, challenge_id=challenge_id, actor=key, data=late),
            InvalidChallenge,
        )
        assert fields(error) == ["open_until"]
        raised(
            lambda: ideas.update_challenge(session, challenge_id="nope", actor=key, data=patch),
            ChallengeNotFound,
        )


def test_challenge_lists_filter_open_and_closed(world: World) -> None:
    open_id = new_challenge(world, open_until=date(2099, 1, 1))
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    with session_scope(world.factory) as session:
        query = ideas.ChallengeQuery(status="open", organisations=[world.cast.lead])
        open_ids = [c.id for c in ideas.list_challenges(session, query=query, cursor=None, limit=500)[0]]
        assert open_id in open_ids
        assert closed_id not in open_ids
        query = ideas.ChallengeQuery(status="closed")
        closed_ids = [c.id for c in ideas.list_challenges(session, query=query, cursor=None, limit=500)[0]]
        assert closed_id in closed_ids
        assert open_id not in closed_ids
        other = ideas.ChallengeQuery(organisations=[world.cast.company])
        assert ideas.list_challenges(session, query=other, cursor=None, limit=10) == ([], None)
        error = raised(
            lambda: ideas.list_challenges(
                session, query=ideas.ChallengeQuery(status="soon"), cursor=None, limit=10
            ),
            InvalidArenaQuery,
        )
        assert fields(error) == ["status"]
        assert "open, closed" in (error.hint or "")
        error = raised(
            lambda: ideas.list_challenges(
                session, query=ideas.ChallengeQuery(organisations=["nobody"]), cursor=None, limit=10
            ),
            InvalidArenaQuery,
        )
        assert fields(error) == ["organisation"]


def test_challenge_pages_follow_the_cursor(world: World) -> None:
    for _ in range(3):
        new_challenge(world)
    with session_scope(world.factory) as session:
        everything, _ = ideas.list_challenges(session, query=ideas.ChallengeQuery(), cursor=None, limit=1000)
        seen: list[str] = []
        cursor: str | None = None
        while True:
            page, cursor = ideas.list_challenges(
                session, query=ideas.ChallengeQuery(), cursor=cursor, limit=2
            )
            seen.extend(c.id for c in page)
            if cursor is None:
                break
        assert seen == [c.id for c in everything]
        created = [c.created_at for c in everything]
        assert created == sorted(created, reverse=True)


# --- ideas (service) ---------------------------------------------------------------------------------------


def test_an_idea_links_needs_datasets_and_a_challenge(world: World) -> None:
    need_id = new_need(world)
    challenge_id = new_challenge(world)
    dataset_id, dataset_name = new_dataset(world)
    idea_id = new_idea(world, needs=[need_id], datasets=[dataset_name, dataset_id], challenge_id=challenge_id)
    with session_scope(world.factory) as session:
        idea = ideas.get_idea(session, idea_id=idea_id)
        secret = b"s" * 32
        (out,) = ideas.ideas_out(session, [idea], secret=secret)
        assert out.author == pseudonym(secret, world.cast.author)
        assert world.cast.author not in out.author
        assert out.provenance == "citizen"
        assert out.organisation is None
        assert [(n.id, n.title) for n in out.needs] == [(need_id, "Lediga platser per kommun")]
        assert [d.id for d in out.datasets] == [dataset_id]
        assert out.datasets[0].title_sv.startswith("Datamängd")
        assert out.datasets[0].title_en.startswith("Dataset")
        assert out.challenge is not None
        assert out.challenge.id == challenge_id
        assert out.challenge.open
        assert out.edit_until == out.created_at + timedelta(hours=24)
        assert [i.id for i in ideas.ideas_for_need(session, need_id)] == [idea_id]
        assert [i.id for i in ideas.ideas_for_challenge(session, challenge_id)] == [idea_id]
        (challenge,) = ideas.challenges_out(
            session, [ideas.get_challenge(session, challenge_id=challenge_id)]
        )
        assert challenge.ideas == 1


@pytest.mark.parametrize(
    ("role", "organisation", "provenance"),
    [
        ("company_member", "company", "company"),
        ("lead_staff", "lead", "agency"),
        ("co_staff", "co", "agency"),
    ],
)
def test_writing_for_an_organisation_gives_its_provenance(
    world: World, role: str, organisation: str, provenance: str
) -> None:
    need_id = new_need(world)
    org_id = getattr(world.cast, organisation)
    idea_id = new_idea(world, getattr(world.cast, role), needs=[need_id], organisation=org_id)
    plain_id = new_idea(world, getattr(world.cast, role), needs=[need_id])
    with session_scope(world.factory) as session:
        idea, plain = ideas.get_idea(session, idea_id=idea_id), ideas.get_idea(session, idea_id=plain_id)
        assert (idea.provenance, idea.organisation_id) == (provenance, org_id)
        assert (plain.provenance, plain.organisation_id) == ("citizen", None)


def test_idea_input_errors_name_the_field_and_value(world: World) -> None:
    need_id = new_need(world)
    draft_id = new_need(world, submit=False)
    hidden_id = new_need(world)
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    with session_scope(world.factory) as session:
        session.add(
            HiddenItem(
                item_type="need", item_id=hidden_id, need_id=hidden_id, cause="moderator", hidden_at=NOW
            )
        )
        session.flush()
        author = actor(session, world.cast.author)

        def error_of(error: type[DomainError], **data: Any) -> DomainError:
            payload = {"title": "Idé", "summary": "En idé.", **data}
            return raised(
                lambda: ideas.create_idea(session, actor=author, data=IdeaIn.model_validate(payload)), error
            )

        assert fields(error_of(InvalidIdea)) == ["needs"]
        error = error_of(InvalidIdea, needs=["nope", draft_id, hidden_id])
        assert fields(error) == ["needs", "needs", "needs"]
        assert "unknown need 'nope'" in error.message
        assert f"unknown need '{draft_id}'" in error.message
        assert f"need '{hidden_id}' is hidden" in error.message
        assert error.hint
        error = error_of(InvalidIdea, needs=[need_id], datasets=["no-such-dataset"])
        assert fields(error) == ["datasets"]
        assert "'no-such-dataset'" in error.message
        assert error.hint
        error = error_of(InvalidIdea, challenge_id="no-such-challenge")
        assert fields(error) == ["challenge_id"]
        error = error_of(ChallengeClosed, challenge_id=closed_id)
        assert fields(error) == ["challenge_id"]
        assert "2020-01-01" in error.message
        error = error_of(InvalidIdea, needs=[need_id], organisation="no-such-org")
        assert fields(error) == ["organisation"]
        error_of(NotAllowed, needs=[need_id], organisation=world.cast.lead)
        error = error_of(PersonalDataFound, needs=[need_id], description="Mejla mig på a.b@example.org")
        assert fields(error) == ["description"]
        assert "example.org" not in error.message
        key = actor_for_organisation(session, organisation_id=world.cast.lead)
        data = IdeaIn(title="Idé", summary="En idé.", needs=[need_id])
        raised(lambda: ideas.create_idea(session, actor=key, data=data), NotAllowed)


def test_only_the_author_edits_an_idea_for_24_hours(world: World) -> None:
    need_id, other_need = new_need(world), new_need(world)
    dataset_id, _name = new_dataset(world)
    idea_id = new_idea(world, needs=[need_id])
    with session_scope(world.factory) as session:
        patch = IdeaPatch(summary="Bättre sammanfattning.", needs=[other_need], datasets=[dataset_id])
        for role in ("citizen", "lead_staff", "moderator"):
            who = actor(session, getattr(world.cast, role))
            with pytest.raises(NotAllowed):
                ideas.update_idea(session, idea_id=idea_id, actor=who, data=patch)
        author = actor(session, world.cast.author)
        idea = ideas.update_idea(session, idea_id=idea_id, actor=author, data=patch)
        (out,) = ideas.ideas_out(session, [idea], secret=b"x")
        assert out.title == "En app för studieplatser"
        assert out.summary == "Bättre sammanfattning."
        assert [n.id for n in out.needs] == [other_need]
        assert [d.id for d in out.datasets] == [dataset_id]
        error = raised(
            lambda: ideas.update_idea(session, idea_id=idea_id, actor=author, data=IdeaPatch(needs=[])),
            InvalidIdea,
        )
        assert fields(error) == ["needs"]
        late = idea.created_at + timedelta(hours=24, minutes=1)
        raised(
            lambda: ideas.update_idea(session, idea_id=idea_id, actor=author, data=patch, now=late),
            EditWindowClosed,
        )
        raised(lambda: ideas.update_idea(session, idea_id="nope", actor=author, data=patch), IdeaNotFound)


def test_idea_lists_filter_and_page(world: World) -> None:
    need_id = new_need(world)
    challenge_id = new_challenge(world)
    dataset_id, dataset_name = new_dataset(world)
    first = new_idea(world, needs=[need_id], title="Vägvisaren för vuxna")
    second = new_idea(world, needs=[need_id], datasets=[dataset_id], title="Karta över platser")
    third = new_idea(world, challenge_id=challenge_id, datasets=[dataset_name], title="Platsbanken")
    with session_scope(world.factory) as session:

        def ids(**query: Any) -> list[str]:
            rows, _ = ideas.list_ideas(session, query=ideas.IdeaQuery(**query), cursor=None, limit=1000)
            return [row.id for row in rows]

        assert ids(needs=[need_id]) == [second, first]
        assert ids(challenges=[challenge_id]) == [third]
        assert ids(datasets=[dataset_name]) == [third, second]
        assert ids(datasets=[dataset_id], needs=[need_id]) == [second]
        assert ids(needs=[need_id], q="VÄGVISAREN, vuxna!") == [first]  # folded like needs
        assert ids(needs=[need_id], q="finns inte") == []
        pages: list[str] = []
        cursor: str | None = None
        while True:
            page, cursor = ideas.list_ideas(
                session, query=ideas.IdeaQuery(needs=[need_id]), cursor=cursor, limit=1
            )
            pages.extend(row.id for row in page)
            if cursor is None:
                break
        assert pages == [second, first]
        for query, field in (
            ({"needs": ["nope"]}, "need"),
            ({"challenges": ["nope"]}, "challenge"),
            ({"datasets": ["nope"]}, "dataset"),
        ):
            with pytest.raises(InvalidArenaQuery) as info:
                ids(**query)
            error = info.value
            assert fields(error) == [field]
            assert "'nope'" in error.field_errors[0].message
            assert error.hint
        raised(
            lambda: ideas.list_ideas(session, query=ideas.IdeaQuery(), cursor="bad!", limit=5), DomainError
        )
        raised(lambda: ideas.get_idea(session, idea_id="nope"), IdeaNotFound)


# --- the API -----------------------------------------------------------------------------------------------


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_ideas_through_the_api(world: World, people: dict[str, Browser]) -> None:
    need_id = new_need(world)
    _dataset_id, dataset_name = new_dataset(world)
    company = browser(world, world.cast.company_member)
    response = company.client.post(
        "/v1/ideas",
        json={
            "title": "Matchning av platser",
            "summary": "Ett API som matchar platser.",
            "needs": [need_id],
            "datasets": [dataset_name],
            "organisation": world.cast.company,
        },
        headers=company.headers,
    )
    assert response.status_code == 201, response.text
    idea = response.json()
    assert idea["provenance"] == "company"
    assert idea["organisation"]["id"] == world.cast.company
    keys: PlatformKeys = world.app.state.keys
    assert idea["author"] == pseudonym(keys.pairwise_secret, world.cast.company_member)
    assert idea["needs"] == [{"id": need_id, "title": "Lediga platser per kommun"}]
    assert idea["datasets"][0]["name"] == dataset_name
    anonymous = people["anonymous"].client
    assert anonymous.get(f"/v1/ideas/{idea['id']}").json() == idea
    listed = anonymous.get("/v1/ideas", params={"need": need_id, "dataset": dataset_name}).json()
    assert [item["id"] for item in listed["items"]] == [idea["id"]]
    assert listed["next"] is None
    changed = company.client.patch(
        f"/v1/ideas/{idea['id']}", json={"title": "Ny rubrik"}, headers=company.headers
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Ny rubrik"
    body = problem(anonymous.get("/v1/ideas/nope"), 404)
    assert body["code"] == "idea_not_found"
    assert body["hint"]
    no_csrf = company.client.post(
        "/v1/ideas", json={"title": "Idé", "summary": "Utan token.", "needs": [need_id]}
    )
    assert no_csrf.status_code == 403


def test_bad_input_is_problem_json_naming_the_field(world: World, people: dict[str, Browser]) -> None:
    author = people["author"]
    need_id = new_need(world)
    cases: list[tuple[dict[str, Any], int, str, str]] = [
        (
            {"title": "Idé", "summary": "Okänd datamängd.", "needs": [need_id], "datasets": ["nope"]},
            400,
            "datasets",
            "invalid_idea",
        ),
        ({"title": "Idé", "summary": "Inget behov."}, 400, "needs", "invalid_idea"),
        (
            {"title": "Idé", "summary": "Okänd utmaning.", "challenge_id": "nope"},
            400,
            "challenge_id",
            "invalid_idea",
        ),
        (
            {"title": "x", "summary": "För kort rubrik.", "needs": [need_id]},
            400,
            "title",
            "invalid_parameters",
        ),
        (
            {"title": "Idé", "summary": "Ring 070-123 45 67", "needs": [need_id]},
            400,
            "summary",
            "personal_data_found",
        ),
        (
            {"title": "Idé", "summary": "Extra fält.", "needs": [need_id], "colour": "red"},
            400,
            "colour",
            "invalid_parameters",
        ),
    ]
    for payload, status, field, code in cases:
        body = problem(author.client.post("/v1/ideas", json=payload, headers=author.headers), status)
        assert body["code"] == code, body
        assert field in [error["field"] for error in body["errors"]], body
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    body = problem(
        author.client.post(
            "/v1/ideas",
            json={"title": "Idé", "summary": "Sent.", "challenge_id": closed_id},
            headers=author.headers,
        ),
        409,
    )
    assert body["code"] == "challenge_closed"
    assert body["errors"][0]["field"] == "challenge_id"
    staff = people["lead_staff"]
    body = problem(
        staff.client.post(
            "/v1/challenges",
            json={"title": "Gammal", "summary": "Stängd.", "open_until": "2020-01-01"},
            headers=staff.headers,
        ),
        400,
    )
    assert body["code"] == "invalid_challenge"
    assert body["errors"][0]["field"] == "open_until"
    client = people["anonymous"].client
    for url, field in (
        ("/v1/ideas?need=nope", "need"),
        ("/v1/ideas?challenge=nope", "challenge"),
        ("/v1/ideas?dataset=nope", "dataset"),
        ("/v1/challenges?status=soon", "status"),
        ("/v1/challenges?organisation=nobody", "organisation"),
        ("/v1/ideas?colour=red", "colour"),
    ):
        body = problem(client.get(url), 400)
        assert [error["field"] for error in body["errors"]] == [field], body
        assert body["hint"]
    assert problem(client.get("/v1/challenges/nope"), 404)["code"] == "challenge_not_found"


def test_challenges_through_the_api_and_keys(world: World, people: dict[str, Browser]) -> None:
    need_id = new_need(world)
    staff = people["lead_staff"]
    response = staff.client.post(
        "/v1/challenges",
        json={"title": "Fler vuxna", "summary": "Hur?", "open_until": "2099-12-31", "needs": [need_id]},
        headers=staff.headers,
    )
    assert response.status_code == 201, response.text
    challenge = response.json()
    assert challenge["organisation"]["id"] == world.cast.lead
    assert challenge["open"] is True
    assert challenge["needs"] == [{"id": need_id, "title": "Lediga platser per kommun"}]
    client = people["anonymous"].client
    listed = client.get("/v1/challenges", params={"status": "open", "organisation": world.cast.lead}).json()
    assert challenge["id"] in [item["id"] for item in listed["items"]]
    lead_key = {"Authorization": f"Bearer {api_key(world, world.cast.lead)}"}
    changed = client.patch(f"/v1/challenges/{challenge['id']}", json={"summary": "Så här."}, headers=lead_key)
    assert changed.status_code == 200
    assert changed.json()["summary"] == "Så här."
    made = client.post("/v1/challenges", json={"title": "Nyckel", "summary": "Via API."}, headers=lead_key)
    assert made.status_code == 201
    assert made.json()["organisation"]["id"] == world.cast.lead
    other_key = {"Authorization": f"Bearer {api_key(world, world.cast.other)}"}
    problem(
        client.patch(f"/v1/challenges/{challenge['id']}", json={"summary": "Nej."}, headers=other_key), 403
    )
    company_key = {"Authorization": f"Bearer {api_key(world, world.cast.company)}"}
    problem(
        client.post("/v1/challenges", json={"title": "Företag", "summary": "Nej."}, headers=company_key), 403
    )
    read_only = {"Authorization": f"Bearer {api_key(world, world.cast.lead, scopes=('catalogue:write',))}"}
    problem(client.post("/v1/challenges", json={"title": "Scope", "summary": "Nej."}, headers=read_only), 403)
    idea_by_key = client.post(
        "/v1/ideas", json={"title": "Idé", "summary": "Via nyckel.", "needs": [need_id]}, headers=lead_key
    )
    assert idea_by_key.status_code == 401  # ideas are written by signed-in people


Call = Callable[[Browser, World], Any]


def _new_idea_call(b: Browser, w: World) -> Any:
    return b.client.post(
        "/v1/ideas",
        json={"title": "Idé", "summary": "Från matrisen.", "needs": [new_need(w)]},
        headers=b.headers,
    )


def _patch_idea_call(b: Browser, w: World) -> Any:
    idea_id = new_idea(w, needs=[new_need(w)])
    return b.client.patch(f"/v1/ideas/{idea_id}", json={"title": "Ändrad"}, headers=b.headers)


def _new_challenge_call(b: Browser, _w: World) -> Any:
    return b.client.post(
        "/v1/challenges", json={"title": "Matris", "summary": "Från matrisen."}, headers=b.headers
    )


def _patch_challenge_call(b: Browser, w: World) -> Any:
    challenge_id = new_challenge(w)
    return b.client.patch(f"/v1/challenges/{challenge_id}", json={"title": "Ändrad"}, headers=b.headers)


MATRIX: dict[tuple[str, str], tuple[frozenset[str], Call]] = {
    ("POST", "/v1/ideas"): (SIGNED_IN, _new_idea_call),
    ("PATCH", "/v1/ideas/{idea_id}"): (frozenset({"author"}), _patch_idea_call),
    ("POST", "/v1/challenges"): (AGENCY_STAFF, _new_challenge_call),
    ("PATCH", "/v1/challenges/{challenge_id}"): (frozenset({"lead_staff"}), _patch_challenge_call),
}


def test_the_matrix_covers_every_idea_and_challenge_write_route() -> None:
    routed = {
        (method, route.path)
        for route in arena_api.router.routes
        if isinstance(route, APIRoute) and route.path.startswith(("/v1/ideas", "/v1/challenges"))
        for method in (route.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    assert routed == set(MATRIX)


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix(world: World, people: dict[str, Browser], route: tuple[str, str]) -> None:
    allowed, call = MATRIX[route]
    for role in ROLES:
        response = call(people[role], world)
        if role in allowed:
            assert response.status_code in (200, 201), f"{role}: {response.text}"
        elif role == "anonymous":
            assert response.status_code == 401, f"{role}: {response.text}"
        else:
            assert response.status_code == 403, f"{role}: {response.text}"
            assert response.headers["content-type"].startswith("application/problem+json")


def test_a_closed_challenge_is_listed_closed(world: World, people: dict[str, Browser]) -> None:
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    with session_scope(world.factory) as session:
        row = session.get(Challenge, closed_id)
        assert row is not None
        assert not ideas.is_open(row, today=date(2026, 11, 30))
    body = people["anonymous"].client.get(f"/v1/challenges/{closed_id}").json()
    assert body["open"] is False
    assert body["open_until"] == "2020-01-01"
