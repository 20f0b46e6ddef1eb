"""The need pages: the list, the form, the need page with its forms (for anonymous, author and staff, in
Swedish and English), bad input shown next to its field, every page form against every role, and one need
taken end to end through the pages, from a citizen's submission to a verified release on the dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import select

from samskapa.accounts.models import Organisation
from samskapa.arena import ideas, releases, service, showcase
from samskapa.arena.models import Comment, Follow, HiddenItem, Need, Report, Support, Verification
from samskapa.arena.schemas import CommentIn, IdeaIn, ServiceIn
from samskapa.catalogue import service as catalogue
from samskapa.core.db import session_scope
from samskapa.core.time import utcnow
from tests.arena.conftest import ROLES, Browser, World, actor, browser, need_in
from tests.arena.test_releases import in_progress_need, new_dataset, released_need


def submitted_need(world: World, **changes: Any) -> str:
    with session_scope(world.factory) as session:
        need = service.create_need(
            session, actor=actor(session, world.cast.author), data=need_in(world.cast, **changes)
        )
        return need.id


def post(b: Browser, path: str, data: dict[str, str]) -> Any:
    return b.client.post(path, data={"csrf_token": b.csrf, **data})


def error_linked(html: str, anchor: str) -> bool:
    """The error summary links to the field, and the field carries its message."""
    return f'href="#{anchor}"' in html and f'id="{anchor}-error"' in html and f'id="{anchor}"' in html


def state_of(world: World, need_id: str) -> str:
    with session_scope(world.factory) as session:
        need = session.get(Need, need_id)
        assert need is not None
        return need.state


# --- the list ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading"), [("sv", "Behov i samskapandearenan"), ("en", "Needs in the co-creation arena")]
)
def test_the_list_in_both_languages(
    world: World, people: dict[str, Browser], lang: str, heading: str
) -> None:
    need_id = submitted_need(world, title="Listad kommunstatistik")
    page = people["anonymous"].client.get(f"/arena?lang={lang}")
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text
    assert f'href="/arena/needs/{need_id}"' in page.text
    assert page.text.count("<h1") == 1
    clock = "Sorteras senast" if lang == "sv" else "Triage due"
    assert clock in page.text
    provenance = "Medborgare" if lang == "sv" else "Citizen"
    assert provenance in page.text


def test_the_list_filters_and_pages(world: World, people: dict[str, Browser]) -> None:
    wanted = submitted_need(world, title="Filtrerad problemställning", kind="problem")
    client = people["anonymous"].client
    page = client.get("/arena", params={"kind": "problem", "q": "filtrerad", "lang": "en"})
    assert f'href="/arena/needs/{wanted}"' in page.text
    none = client.get("/arena", params={"kind": "data_need", "q": "filtrerad"})
    assert f'href="/arena/needs/{wanted}"' not in none.text
    by_agency = client.get("/arena", params={"agency": world.cast.lead, "q": "filtrerad"})
    assert f'href="/arena/needs/{wanted}"' in by_agency.text
    for _ in range(21):
        submitted_need(world, title="Sidindelad fråga")
    first = client.get("/arena", params={"q": "sidindelad"})
    found = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert found is not None
    second = client.get(found.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    assert second.text.count('class="card"') == 1


def test_the_list_explains_bad_filters(world: World, people: dict[str, Browser]) -> None:
    page = people["anonymous"].client.get("/arena", params={"state": "bogus", "lang": "en"})
    assert page.status_code == 400
    assert error_linked(page.text, "state")
    unknown = people["anonymous"].client.get("/arena", params={"agency": "no-such-agency"})
    assert unknown.status_code == 400
    assert error_linked(unknown.text, "agency")


# --- writing a need ----------------------------------------------------------------------------------------


def test_the_form_needs_a_signed_in_person(world: World, people: dict[str, Browser]) -> None:
    page = people["anonymous"].client.get("/arena/needs/new")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Farena%2Fneeds%2Fnew"
    posted = people["anonymous"].client.post("/arena/needs", data={"title": "x"})
    assert posted.status_code == 303
    assert posted.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_form_renders_accessibly(world: World, people: dict[str, Browser], lang: str) -> None:
    page = people["citizen"].client.get(f"/arena/needs/new?lang={lang}")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1
    for field in (
        "kind",
        "title",
        "summary",
        "description",
        "affected_groups",
        "purpose",
        "granularity",
        "frequency",
        "coverage",
        "format",
        "region",
        "concepts",
        "lead_agency",
    ):
        assert f'<label for="{field}">' in html, field
    assert 'value="submit"' in html
    assert 'value="draft"' in html
    assert "onclick" not in html
    assert "oninput" not in html
    with session_scope(world.factory) as session:
        lead = session.get(Organisation, world.cast.lead)
        assert lead is not None
        assert f'<option value="{lead.id}">' in html
        company = session.get(Organisation, world.cast.company)
        assert company is not None
        assert f'<option value="{company.id}">' not in html  # only agencies lead needs


def test_submitting_and_drafting(world: World, people: dict[str, Browser]) -> None:
    citizen = people["citizen"]
    fields = {
        "kind": "data_need",
        "title": "Pendlingsdata per kommun",
        "summary": "Hur många pendlar mellan kommunerna varje dag?",
        "affected_groups": "pendlare, planerare",
        "granularity": "kommun",
        "region": "lan:01",
        "lead_agency": world.cast.lead,
    }
    response = post(citizen, "/arena/needs", {**fields, "action": "submit"})
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    need_id = location.split("/")[-1].split("?")[0]
    assert state_of(world, need_id) == "submitted"
    page = citizen.client.get(location + "&lang=en")
    assert "The need is submitted." in page.text
    assert "pendlare" in page.text
    assert "lan:01" in page.text
    draft = post(citizen, "/arena/needs", {**fields, "action": "draft"})
    draft_id = draft.headers["location"].split("/")[-1].split("?")[0]
    assert state_of(world, draft_id) == "draft"
    assert people["anonymous"].client.get(f"/arena/needs/{draft_id}").status_code == 404
    assert people["lead_staff"].client.get(f"/arena/needs/{draft_id}").status_code == 404
    own = citizen.client.get(f"/arena/needs/{draft_id}?lang=en")
    assert own.status_code == 200
    assert "This is a draft" in own.text
    submit = post(citizen, f"/arena/needs/{draft_id}/move", {"author-to": "submitted"})
    assert submit.status_code == 303
    assert state_of(world, draft_id) == "submitted"


@pytest.mark.parametrize(
    ("changes", "anchor", "lang", "message"),
    [
        ({"title": "ab"}, "title", "en", "The text is too short."),
        ({"title": ""}, "title", "sv", "Texten är för kort."),
        ({"summary": "Ring mig på 070-123 45 67."}, "summary", "en", "personal data"),
        ({"region": "lan:99"}, "region", "en", "not a known region"),
        ({"lead_agency": "no-such-agency"}, "lead_agency", "en", "unknown agency"),
        ({"kind": "wish"}, "kind", "en", "Choose one of the options."),
    ],
)
def test_bad_input_is_shown_next_to_its_field(
    world: World, people: dict[str, Browser], changes: dict[str, str], anchor: str, lang: str, message: str
) -> None:
    fields = {
        "kind": "problem",
        "title": "Ett bra problem",
        "summary": "En kort sammanfattning.",
        "action": "submit",
    }
    response = post(people["citizen"], f"/arena/needs?lang={lang}", {**fields, **changes})
    assert response.status_code == 400, response.text
    assert error_linked(response.text, anchor)
    assert message in response.text
    assert 'value="Ett bra problem"' in response.text or changes.get("title") is not None


def test_missing_csrf_is_refused(world: World, people: dict[str, Browser]) -> None:
    response = people["citizen"].client.post("/arena/needs", data={"title": "Utan token", "action": "submit"})
    assert response.status_code == 403


def test_editing_within_the_window(world: World, people: dict[str, Browser]) -> None:
    need_id = submitted_need(world)
    author = people["author"]
    form = author.client.get(f"/arena/needs/{need_id}/edit?lang=en")
    assert form.status_code == 200
    assert "Edit the need" in form.text
    values = {"title": "Ändrad rubrik", "summary": "Ändrad sammanfattning.", "concepts": "kommun:0180"}
    response = post(author, f"/arena/needs/{need_id}/edit", values)
    assert response.status_code == 303
    with session_scope(world.factory) as session:
        need = session.get(Need, need_id)
        assert need is not None
        assert need.title == "Ändrad rubrik"
    bad = post(author, f"/arena/needs/{need_id}/edit?lang=en", {**values, "concepts": "no:such"})
    assert bad.status_code == 400
    assert error_linked(bad.text, "concepts")
    assert people["citizen"].client.get(f"/arena/needs/{need_id}/edit").status_code == 403
    assert people["lead_staff"].client.get(f"/arena/needs/{need_id}/edit").status_code == 403
    assert people["anonymous"].client.get(f"/arena/needs/{need_id}/edit").status_code == 303


# --- the need page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_need_page_for_each_viewer(world: World, people: dict[str, Browser], lang: str) -> None:
    need_id = submitted_need(world, title="Sidan för varje läsare")
    anonymous = people["anonymous"].client.get(f"/arena/needs/{need_id}?lang={lang}")
    assert anonymous.status_code == 200
    assert anonymous.text.count("<h1") == 1
    assert "csrf_token" not in anonymous.text
    assert f'href="/login?next=/arena/needs/{need_id}"' in anonymous.text
    author = people["author"].client.get(f"/arena/needs/{need_id}?lang={lang}")
    assert f'href="/arena/needs/{need_id}/edit"' in author.text
    assert f'action="/arena/needs/{need_id}/move"' in author.text
    assert f'action="/arena/needs/{need_id}/answer"' not in author.text
    assert f'action="/arena/needs/{need_id}/report"' not in author.text
    staff = people["lead_staff"].client.get(f"/arena/needs/{need_id}?lang={lang}")
    assert f'action="/arena/needs/{need_id}/answer"' in staff.text
    assert f'action="/arena/needs/{need_id}/move"' not in staff.text
    assert 'optgroup label="' in staff.text
    assert f'href="/arena/needs/{need_id}/edit"' not in staff.text
    other = people["other_staff"].client.get(f"/arena/needs/{need_id}?lang={lang}")
    assert f'action="/arena/needs/{need_id}/answer"' not in other.text
    assert f'action="/arena/needs/{need_id}/support"' in other.text
    assert people["anonymous"].client.get("/arena/needs/no-such-need").status_code == 404


def test_the_page_shows_history_comments_and_releases(world: World, people: dict[str, Browser]) -> None:
    with session_scope(world.factory) as session:
        need_id, dataset_id, _release = released_need(session, world.cast)
        catalogue.record_usage(session, dataset_id=dataset_id, downloads=41, api_calls=5)
        service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.lead_staff),
            data=CommentIn(text="Vi svarar."),
        )
        service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.citizen),
            data=CommentIn(text="Bra initiativ.", stance="for"),
        )
    page = people["anonymous"].client.get(f"/arena/needs/{need_id}?lang=en").text
    assert "Official reply" in page
    assert "Stance: For" in page
    for state in ("Submitted", "Triaged", "Under assessment", "Planned", "In progress", "Released"):
        assert state in page
    assert "(in scope)" in page
    assert "downloads: 41" in page
    assert "API calls: 5" in page
    author = people["author"].client.get(f"/arena/needs/{need_id}?lang=en").text
    assert "/verify" in author  # the requester may verify
    assert f'action="/arena/needs/{need_id}/move"' not in author  # not by a plain move while released


# --- every page form, with its bad input -------------------------------------------------------------------


def test_each_form_works_and_explains_errors(world: World, people: dict[str, Browser]) -> None:
    need_id = submitted_need(world)
    citizen, author, lead = people["citizen"], people["author"], people["lead_staff"]
    page = f"/arena/needs/{need_id}"

    assert (
        post(
            citizen,
            f"{page}/support",
            {"support-stakeholder_type": "researcher", "support-use_note": "Forskning"},
        ).status_code
        == 303
    )
    twice = post(citizen, f"{page}/support?lang=en", {"support-stakeholder_type": "citizen"})
    assert twice.status_code == 409
    assert error_linked(twice.text, "support-stakeholder_type")
    assert post(citizen, f"{page}/support/withdraw", {}).status_code == 303
    bad_type = post(citizen, f"{page}/support?lang=en", {"support-stakeholder_type": "alien"})
    assert bad_type.status_code == 400
    assert error_linked(bad_type.text, "support-stakeholder_type")

    assert (
        post(citizen, f"{page}/comments", {"comment-text": "Viktigt!", "comment-stance": "for"}).status_code
        == 303
    )
    empty = post(citizen, f"{page}/comments?lang=en", {"comment-text": "", "comment-stance": "for"})
    assert empty.status_code == 400
    assert error_linked(empty.text, "comment-text")
    personal = post(citizen, f"{page}/comments?lang=sv", {"comment-text": "Mejla mig: a.b@example.org"})
    assert personal.status_code == 400
    assert "personuppgifter" in personal.text

    assert post(citizen, f"{page}/follow", {}).status_code == 303
    assert "Stop following" in citizen.client.get(f"{page}?lang=en").text
    assert post(citizen, f"{page}/unfollow", {}).status_code == 303

    assert post(citizen, f"{page}/report", {"report-reason": "spam"}).status_code == 303
    no_reason = post(people["co_staff"], f"{page}/report?lang=en", {"report-reason": ""})
    assert no_reason.status_code == 400
    assert error_linked(no_reason.text, "report-reason")

    missing = post(lead, f"{page}/answer?lang=en", {"answer-to": "triaged"})
    assert missing.status_code == 400
    assert error_linked(missing.text, "answer-reason_code")
    assert 'value="triaged" selected' in missing.text  # the choice is kept
    assert (
        post(lead, f"{page}/answer", {"answer-to": "triaged", "answer-reason_code": "in_scope"}).status_code
        == 303
    )
    illegal = post(lead, f"{page}/answer?lang=en", {"answer-to": "released", "answer-reason_code": "full"})
    assert illegal.status_code == 409
    assert error_linked(illegal.text, "answer-to")
    ask = post(
        lead,
        f"{page}/answer",
        {
            "answer-to": "needs_info",
            "answer-reason_code": "missing_format",
            "answer-message": "Vilket format?",
        },
    )
    assert ask.status_code == 303
    assert post(author, f"{page}/move", {"author-to": "triaged", "author-message": "CSV."}).status_code == 303
    assert state_of(world, need_id) == "triaged"
    not_author = post(citizen, f"{page}/move?lang=en", {"author-to": "withdrawn"})
    assert not_author.status_code == 403
    assert 'href="#history"' in not_author.text

    with session_scope(world.factory) as session:
        assert session.scalars(select(Support).where(Support.need_id == need_id)).first() is not None
        assert session.scalars(select(Comment).where(Comment.need_id == need_id)).first() is not None
        assert session.get(Follow, (need_id, world.cast.citizen)) is None
        assert session.scalars(select(Report).where(Report.need_id == need_id)).first() is not None


def test_the_release_and_verify_forms(world: World, people: dict[str, Browser]) -> None:
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, world.cast)
        _dataset_id, name = new_dataset(session, world.cast, title_en="Commuting flows")
    lead, author = people["lead_staff"], people["author"]
    page = f"/arena/needs/{need_id}"
    assert f'action="{page}/releases"' in lead.client.get(page).text
    assert f'action="{page}/releases"' not in people["other_staff"].client.get(page).text
    unknown = post(lead, f"{page}/releases?lang=en", {"release-dataset": "nope", "release-coverage": "full"})
    assert unknown.status_code == 400
    assert error_linked(unknown.text, "release-dataset")
    no_coverage = post(lead, f"{page}/releases?lang=en", {"release-dataset": name, "release-coverage": ""})
    assert no_coverage.status_code == 400
    assert error_linked(no_coverage.text, "release-coverage")
    done = post(
        lead,
        f"{page}/releases",
        {"release-dataset": name, "release-coverage": "full", "release-version": "3"},
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith("#releases")
    shown = author.client.get(f"{page}?lang=en").text
    assert f'href="/datasets/{name}"' in shown
    assert "Commuting flows" in shown
    with session_scope(world.factory) as session:
        (release,) = releases.releases_out(session, need_id)
    bad = post(author, f"/arena/releases/{release.id}/verify?lang=en", {"verify-verdict": "maybe"})
    assert bad.status_code == 400
    assert error_linked(bad.text, "verify-verdict")
    stranger = post(people["citizen"], f"/arena/releases/{release.id}/verify", {"verify-verdict": "met"})
    assert stranger.status_code == 403
    ok = post(
        author,
        f"/arena/releases/{release.id}/verify",
        {"verify-verdict": "partially_met", "verify-note": "Saknar år."},
    )
    assert ok.status_code == 303
    assert state_of(world, need_id) == "reopened"
    assert people["anonymous"].client.get(f"/arena/releases/{release.id}/verify").status_code == 405


# --- every page form against every role --------------------------------------------------------------------

Setup = Callable[[World], str]


def _submitted(w: World) -> str:
    return submitted_need(w)


def _in_progress(w: World) -> str:
    with session_scope(w.factory) as session:
        return in_progress_need(session, w.cast)


def _released(w: World) -> str:
    with session_scope(w.factory) as session:
        _need, _dataset, release_id = released_need(session, w.cast)
        return release_id


def _release_fields(w: World, need_id: str) -> dict[str, str]:
    with session_scope(w.factory) as session:
        dataset_id, _ = new_dataset(session, w.cast)
    return {"release-dataset": dataset_id, "release-coverage": "full"}


SIGNED_IN = frozenset(ROLES) - {"anonymous"}
STAFF = frozenset({"lead_staff", "co_staff"})
PAGE_MATRIX: dict[str, tuple[frozenset[str], Setup, str, Callable[[World, str], dict[str, str]]]] = {
    "support": (SIGNED_IN, _submitted, "/arena/needs/{id}/support", lambda _w, _n: {}),
    "withdraw support": (SIGNED_IN, _submitted, "/arena/needs/{id}/support/withdraw", lambda _w, _n: {}),
    "comment": (SIGNED_IN, _submitted, "/arena/needs/{id}/comments", lambda _w, _n: {"comment-text": "Ja."}),
    "follow": (SIGNED_IN, _submitted, "/arena/needs/{id}/follow", lambda _w, _n: {}),
    "unfollow": (SIGNED_IN, _submitted, "/arena/needs/{id}/unfollow", lambda _w, _n: {}),
    "report": (SIGNED_IN, _submitted, "/arena/needs/{id}/report", lambda _w, _n: {"report-reason": "spam"}),
    "author move": (
        frozenset({"author"}),
        _submitted,
        "/arena/needs/{id}/move",
        lambda _w, _n: {"author-to": "withdrawn"},
    ),
    "staff answer": (
        STAFF,
        _submitted,
        "/arena/needs/{id}/answer",
        lambda _w, _n: {"answer-to": "triaged", "answer-reason_code": "in_scope"},
    ),
    "release": (STAFF, _in_progress, "/arena/needs/{id}/releases", _release_fields),
    "verify": (
        frozenset({"author"}),
        _released,
        "/arena/releases/{id}/verify",
        lambda _w, _n: {"verify-verdict": "met"},
    ),
    "edit": (
        frozenset({"author"}),
        _submitted,
        "/arena/needs/{id}/edit",
        lambda _w, _n: {"title": "Nytt namn", "summary": "Ny sammanfattning."},
    ),
    "create": (
        SIGNED_IN,
        _submitted,
        "/arena/needs",
        lambda _w, _n: {"kind": "problem", "title": "Nytt", "summary": "Nytt problem.", "action": "submit"},
    ),
}


def test_the_page_matrix_covers_every_page_form(world: World) -> None:
    posts = {
        context.path or ""
        for context in iter_route_contexts(world.app.routes)
        if (context.path or "").startswith(("/arena/needs", "/arena/releases"))
        and "POST" in (context.methods or set())
    }
    covered = {path.replace("{id}", "{need_id}") for _a, _s, path, _f in PAGE_MATRIX.values()}
    covered = {path.replace("/arena/releases/{need_id}", "/arena/releases/{release_id}") for path in covered}
    assert posts == covered


@pytest.mark.parametrize("name", sorted(PAGE_MATRIX))
def test_page_role_matrix(world: World, people: dict[str, Browser], name: str) -> None:
    allowed, setup, path, fields = PAGE_MATRIX[name]
    for role in ROLES:
        item = setup(world)
        b = people[role]
        response = post(b, path.format(id=item), fields(world, item))
        if role == "anonymous":
            assert response.status_code == 303, name
            assert response.headers["location"].startswith("/login?next="), name
        elif role in allowed:
            assert response.status_code == 303, f"{name} {role}: {response.text[:2000]}"
            assert not response.headers["location"].startswith("/login")
        else:
            assert response.status_code == 403, f"{name} {role}: {response.status_code}"


# --- end to end --------------------------------------------------------------------------------------------


def test_a_need_end_to_end_through_the_pages(world: World) -> None:
    cast = world.cast
    anonymous = browser(world, None).client
    before = anonymous.get("/v1/arena/dashboard", params={"agency": cast.lead}).json()["figures"]
    with session_scope(world.factory) as session:
        _dataset_id, name = new_dataset(session, cast, title_sv="Yrkesutbildning per län")

    citizen = browser(world, cast.citizen)
    created = post(
        citizen,
        "/arena/needs",
        {
            "kind": "data_need",
            "title": "Yrkesutbildning per län",
            "summary": "Hur många går yrkesutbildning i varje län?",
            "lead_agency": cast.lead,
            "action": "submit",
        },
    )
    assert created.status_code == 303
    page = created.headers["location"].split("?")[0]
    need_id = page.split("/")[-1]

    lead = browser(world, cast.lead_staff)
    for to, reason in (
        ("triaged", "in_scope"),
        ("under_assessment", "assessment_started"),
        ("planned", "roadmap"),
        ("in_progress", "work_started"),
    ):
        moved = post(
            lead, f"{page}/answer", {"answer-to": to, "answer-reason_code": reason, "answer-message": ""}
        )
        assert moved.status_code == 303, moved.text
        assert state_of(world, need_id) == to
    released = post(
        lead,
        f"{page}/releases",
        {
            "release-dataset": name,
            "release-version": "2026",
            "release-coverage": "full",
            "release-note": "Nu finns den.",
        },
    )
    assert released.status_code == 303
    assert state_of(world, need_id) == "released"

    shown = citizen.client.get(f"{page}?lang=en").text
    release_id = re.search(r'action="/arena/releases/([^/"]+)/verify"', shown)
    assert release_id is not None
    verified = post(citizen, f"/arena/releases/{release_id.group(1)}/verify", {"verify-verdict": "met"})
    assert verified.status_code == 303
    assert state_of(world, need_id) == "fulfilled"
    final = anonymous.get(f"{page}?lang=en").text
    assert "Fulfilled" in final
    assert f'href="/datasets/{name}"' in final
    with session_scope(world.factory) as session:
        assert session.scalars(select(Verification).where(Verification.person_id == cast.citizen)).first()

    after = anonymous.get("/v1/arena/dashboard", params={"agency": cast.lead}).json()["figures"]
    assert after["needs"] == before["needs"] + 1
    assert after["time_to_release"]["answered"] == before["time_to_release"]["answered"] + 1
    assert after["time_to_release"]["median_working_days"] is not None
    assert after["time_to_decision"]["answered"] == before["time_to_decision"]["answered"] + 1
    assert after["decision_mix"]["planned"] == before["decision_mix"]["planned"] + 1


def test_hidden_needs_follow_the_viewer_rules(world: World, people: dict[str, Browser]) -> None:
    need_id = submitted_need(world, title="Dold i väntan på granskning")
    with session_scope(world.factory) as session:
        session.add(
            HiddenItem(
                item_type="need", item_id=need_id, need_id=need_id, cause="moderator", hidden_at=utcnow()
            )
        )
    assert people["anonymous"].client.get(f"/arena/needs/{need_id}").status_code == 410
    assert people["citizen"].client.get(f"/arena/needs/{need_id}").status_code == 410
    assert people["author"].client.get(f"/arena/needs/{need_id}").status_code == 200
    assert people["moderator"].client.get(f"/arena/needs/{need_id}").status_code == 200
    listed = people["anonymous"].client.get("/arena", params={"q": "granskning"}).text
    assert f'href="/arena/needs/{need_id}"' not in listed
    refused = post(people["citizen"], f"/arena/needs/{need_id}/comments", {"comment-text": "Hej."})
    assert refused.status_code == 410


def test_the_need_page_shows_the_ideas_and_services_for_it(world: World, people: dict[str, Browser]) -> None:
    need_id = submitted_need(world)
    page = people["anonymous"].client.get(f"/arena/needs/{need_id}?lang=en")
    assert "Nobody has proposed an idea yet." in page.text
    assert "No service in the showcase says it meets this need yet." in page.text
    assert f'href="/arena/ideas/new?need={need_id}"' in page.text
    with session_scope(world.factory) as session:
        ideas.create_idea(
            session,
            actor=actor(session, world.cast.citizen),
            data=IdeaIn(title="En karta över platserna", summary="Platserna på en karta.", needs=[need_id]),
        )
        showcase.create_service(
            session,
            actor=actor(session, world.cast.lead_staff),
            data=ServiceIn(
                name="Platskartan",
                summary_sv="Lediga platser på en karta.",
                summary_en="Free places on a map.",
                needs=[need_id],
                accessibility_conformance="full",
                accessibility_statement_url="https://example.org/a11y",
            ),
        )
    page = people["anonymous"].client.get(f"/arena/needs/{need_id}?lang=en")
    assert "Ideas for this need (1)" in page.text
    assert "En karta över platserna" in page.text
    assert "Services that meet this need (1)" in page.text
    assert "Platskartan</a>: Free places on a map." in page.text
