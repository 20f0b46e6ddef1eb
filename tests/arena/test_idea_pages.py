"""The idea and challenge pages: they render in Swedish and English, the forms create and redirect, bad
forms come back with an error summary linked to the fields, unknown filters are errors, and only agency
staff get the challenge form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from samskapa.arena import ideas, pages, personal_data, service
from samskapa.arena.models import Challenge, ChallengeNeed, Idea, IdeaNeed
from samskapa.arena.vocabulary import PROVENANCES
from samskapa.core.db import session_scope
from samskapa.web import templating
from samskapa.web.i18n import MESSAGES
from tests.arena.conftest import ROLES, Browser, World, browser
from tests.arena.test_ideas import new_challenge, new_dataset, new_idea, new_need


def html(response: Any, status: int = 200) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    text: str = response.text
    assert text.count("<h1") == 1
    return text


def summary_links(text: str) -> list[str]:
    """The anchors the error summary links to."""
    match = re.search(r'<div class="error-summary".*?</div>', text, re.S)
    assert match is not None, "no error summary"
    return re.findall(r'href="#([^"]+)"', match.group(0))


@pytest.mark.parametrize(
    ("lang", "ideas_title", "challenges_title"),
    [("sv", "Idéer", "Utmaningar"), ("en", "Ideas", "Challenges")],
)
def test_the_lists_render_in_both_languages(
    world: World, lang: str, ideas_title: str, challenges_title: str
) -> None:
    need_id = new_need(world)
    challenge_id = new_challenge(world)
    idea_id = new_idea(world, needs=[need_id], challenge_id=challenge_id, title="Studiekartan")
    client = browser(world, None).client
    text = html(client.get(f"/arena/ideas?lang={lang}"))
    assert f'<html lang="{lang}">' in text
    assert f"<h1>{ideas_title}</h1>" in text
    assert f'href="/arena/ideas/{idea_id}"' in text
    assert ("Medborgare" if lang == "sv" else "Citizen") in text
    text = html(client.get(f"/arena/ideas?lang={lang}&need={need_id}"))
    assert "Studiekartan" in text
    text = html(client.get(f"/arena/challenges?lang={lang}&status=open"))
    assert f"<h1>{challenges_title}</h1>" in text
    assert f'href="/arena/challenges/{challenge_id}"' in text
    text = html(client.get(f"/arena/ideas/{idea_id}?lang={lang}"))
    assert "<h1>Studiekartan</h1>" in text
    assert f'href="/arena/needs/{need_id}"' in text
    assert f'href="/arena/challenges/{challenge_id}"' in text
    text = html(client.get(f"/arena/challenges/{challenge_id}?lang={lang}"))
    assert "Studiekartan" in text
    propose = "Föreslå en idé för utmaningen" if lang == "sv" else "Propose an idea for the challenge"
    assert f'<a class="button" href="/arena/ideas/new?challenge={challenge_id}">{propose}</a>' in text


def test_unknown_filters_are_errors_on_the_page(world: World) -> None:
    client = browser(world, None).client
    text = html(client.get("/arena/ideas?need=no-such-need&lang=en"), 400)
    assert summary_links(text) == ["filter-need"]
    assert "unknown need &#39;no-such-need&#39;" in text
    assert 'aria-invalid="true"' in text
    text = html(client.get("/arena/ideas?dataset=nope&challenge=nope"), 400)
    assert summary_links(text) == ["filter-challenge"]
    text = html(client.get("/arena/challenges?status=soon"), 400)
    assert summary_links(text) == ["filter-status"]
    text = html(client.get("/arena/challenges?organisation=nobody"), 400)
    assert summary_links(text) == ["filter-organisation"]
    assert client.get("/arena/ideas/nope").status_code == 404
    assert client.get("/arena/challenges/nope").status_code == 404


def test_the_idea_form_creates_an_idea(world: World) -> None:
    need_id = new_need(world)
    _dataset_id, dataset_name = new_dataset(world)
    anonymous = browser(world, None).client
    to_login = anonymous.get(f"/arena/ideas/new?need={need_id}")
    assert to_login.status_code == 303
    assert to_login.headers["location"].startswith("/login?next=")
    company = browser(world, world.cast.company_member)
    text = html(company.client.get(f"/arena/ideas/new?need={need_id}&lang=en"))
    assert f'name="needs" value="{need_id}" checked' in text
    assert f'<option value="{world.cast.company}"' in text  # may write for the company
    response = company.client.post(
        "/arena/ideas",
        data={
            "csrf_token": company.csrf,
            "title": "Platsmatchning",
            "summary": "Matchar sökande med lediga platser.",
            "description": "Första stycket.\n\nAndra stycket.",
            "needs": [need_id],
            "datasets": f" {dataset_name} , ",
            "organisation": world.cast.company,
            "challenge_id": "",
        },
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    idea_id = location.removeprefix("/arena/ideas/").split("?")[0]
    with session_scope(world.factory) as session:
        idea = session.get(Idea, idea_id)
        assert idea is not None
        assert idea.provenance == "company"
        assert idea.author_id == world.cast.company_member
    text = html(company.client.get(location + "&lang=en"))
    assert "Your idea is published." in text
    assert '<span class="tag">Company</span>' in text
    assert f'href="/datasets/{dataset_name}"' in text
    assert "<p>Andra stycket.</p>" in text
    text = html(company.client.get(f"/arena/ideas/{idea_id}?lang=sv"))
    assert '<span class="tag">Företag</span>' in text


def test_a_bad_idea_form_comes_back_with_the_errors(world: World) -> None:
    need_id = new_need(world)
    author = browser(world, world.cast.author)
    response = author.client.post(
        "/arena/ideas?lang=en",
        data={"csrf_token": author.csrf, "title": "", "summary": "Kort men bra.", "datasets": "nope"},
    )
    text = html(response, 400)
    assert summary_links(text) == ["title", "needs"]
    assert "Choose at least one need, or a challenge" in text
    assert "Kort men bra." in text  # what was written is kept
    response = author.client.post(
        "/arena/ideas",
        data={
            "csrf_token": author.csrf,
            "title": "Idé med okänd data",
            "summary": "Bra idé.",
            "needs": [need_id],
            "datasets": "no-such-dataset",
        },
    )
    text = html(response, 400)
    assert summary_links(text) == ["datasets"]
    assert "unknown dataset &#39;no-such-dataset&#39;" in text
    assert f'value="{need_id}" checked' in text
    response = author.client.post(
        "/arena/ideas?lang=sv",
        data={
            "csrf_token": author.csrf,
            "title": "Ring mig",
            "summary": "Ring 070-123 45 67.",
            "needs": [need_id],
        },
    )
    text = html(response, 400)
    assert summary_links(text) == ["summary"]
    assert "ett telefonnummer" in text
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    response = author.client.post(
        "/arena/ideas",
        data={
            "csrf_token": author.csrf,
            "title": "Sent svar",
            "summary": "För sent.",
            "challenge_id": closed_id,
        },
    )
    assert summary_links(html(response, 400)) == ["challenge_id"]
    response = author.client.post(
        "/arena/ideas",
        data={
            "csrf_token": author.csrf,
            "title": "Idé",
            "summary": "Någon annans.",
            "needs": [need_id],
            "organisation": world.cast.lead,
        },
    )
    assert summary_links(html(response, 400)) == ["organisation"]
    forged = author.client.post("/arena/ideas", data={"csrf_token": "wrong", "title": "x", "summary": "y"})
    assert forged.status_code == 403
    anonymous = browser(world, None).client.post("/arena/ideas", data={"title": "x"})
    assert anonymous.status_code == 303
    with session_scope(world.factory) as session:
        rows, _ = ideas.list_ideas(session, query=ideas.IdeaQuery(needs=[need_id]), cursor=None, limit=10)
        assert rows == []  # nothing was written by the refused forms


def test_only_agency_staff_get_the_challenge_form(world: World) -> None:
    for role in ("citizen", "author", "moderator", "company_member"):
        person = browser(world, getattr(world.cast, role))
        text = html(person.client.get("/arena/challenges/new?lang=en"), 403)
        assert "Only agencies can put challenges" in text
        posted = person.client.post(
            "/arena/challenges", data={"csrf_token": person.csrf, "title": "Nej", "summary": "Nej."}
        )
        assert posted.status_code == 403
    anonymous = browser(world, None).client
    assert anonymous.get("/arena/challenges/new").status_code == 303
    assert anonymous.post("/arena/challenges", data={"title": "x"}).status_code == 303
    staff = browser(world, world.cast.lead_staff)
    html(staff.client.get("/arena/challenges/new?lang=sv"))


def test_the_challenge_form_creates_and_reports_errors(world: World) -> None:
    need_id = new_need(world)
    staff = browser(world, world.cast.co_staff)
    bad = staff.client.post(
        "/arena/challenges?lang=en",
        data={"csrf_token": staff.csrf, "title": "Ok rubrik", "summary": "", "open_until": "31/12/2099"},
    )
    text = html(bad, 400)
    assert summary_links(text) == ["summary", "open_until"]
    assert "Write the date as YYYY-MM-DD" in text
    past = staff.client.post(
        "/arena/challenges",
        data={
            "csrf_token": staff.csrf,
            "title": "Ok rubrik",
            "summary": "Sammanfattning.",
            "open_until": "2020-01-01",
        },
    )
    assert summary_links(html(past, 400)) == ["open_until"]
    response = staff.client.post(
        "/arena/challenges",
        data={
            "csrf_token": staff.csrf,
            "title": "Kommunens fråga",
            "summary": "Hur hittar fler vuxna till komvux?",
            "open_until": "2099-12-31",
            "needs": [need_id],
        },
    )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    challenge_id = location.removeprefix("/arena/challenges/").split("?")[0]
    text = html(staff.client.get(location + "&lang=sv"))
    assert "Utmaningen är publicerad." in text
    assert "2099-12-31" in text
    assert f'href="/arena/needs/{need_id}"' in text
    with session_scope(world.factory) as session:
        assert ideas.get_challenge(session, challenge_id=challenge_id).organisation_id == world.cast.co
    author = browser(world, world.cast.author)
    text = html(author.client.get(f"/arena/ideas/new?challenge={challenge_id}"))
    assert f'<option value="{challenge_id}" selected>' in text
    answered = author.client.post(
        "/arena/ideas",
        data={
            "csrf_token": author.csrf,
            "title": "Svar",
            "summary": "Ett svar.",
            "challenge_id": challenge_id,
        },
    )
    assert answered.status_code == 303
    text = html(author.client.get(f"/arena/challenges/{challenge_id}"))
    assert "Svar" in text
    assert "Inga idéer ännu." not in text
    closed_id = new_challenge(world, open_until=date(2020, 1, 1))
    text = html(author.client.get(f"/arena/challenges/{closed_id}?lang=en"))
    assert "The challenge is closed and takes no more ideas." in text
    assert f"/arena/ideas/new?challenge={closed_id}" not in text


class Outline(HTMLParser):
    """Headings, form fields and their labels, and ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.fields: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and values.get("for"):
            self.label_for.add(str(values["for"]))
        elif tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.fields.append(str(values.get("id")))


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    return parser


def test_the_pages_are_well_formed_for_assistive_technology(world: World) -> None:
    need_id = new_need(world)
    challenge_id = new_challenge(world)
    idea_id = new_idea(world, needs=[need_id], challenge_id=challenge_id)
    staff = browser(world, world.cast.lead_staff)
    pages = [
        ("GET", "/arena/ideas", None),
        ("GET", "/arena/ideas?need=nope", None),
        ("GET", f"/arena/ideas/{idea_id}", None),
        ("GET", "/arena/ideas/new", None),
        ("POST", "/arena/ideas", {"csrf_token": staff.csrf, "title": "", "summary": ""}),
        ("GET", "/arena/challenges", None),
        ("GET", f"/arena/challenges/{challenge_id}", None),
        ("GET", "/arena/challenges/new", None),
        ("POST", "/arena/challenges", {"csrf_token": staff.csrf, "title": "", "open_until": "x"}),
    ]
    for method, url, form in pages:
        for lang in ("sv", "en"):
            target = f"{url}{'&' if '?' in url else '?'}lang={lang}"
            response = staff.client.post(target, data=form) if method == "POST" else staff.client.get(target)
            assert response.status_code in (200, 400), f"{url}: {response.status_code}"
            page = outline(response.text)
            assert page.headings[0] == 1, url
            assert page.headings.count(1) == 1, url
            steps = zip(page.headings, page.headings[1:], strict=False)
            assert all(after <= before + 1 for before, after in steps), (url, page.headings)
            assert [f for f in page.fields if f not in page.label_for] == [], url
            assert len(page.ids) == len(set(page.ids)), url
            if response.status_code == 400:
                assert all(anchor in page.ids for anchor in summary_links(response.text)), url


def test_every_text_the_pages_use_has_both_languages() -> None:
    templates = Path(templating.__file__).parent / "templates"
    used: set[str] = set()
    for path in [*templates.glob("arena_idea*.html"), *templates.glob("arena_challenge*.html")]:
        used.update(re.findall(r'\bt\("([a-z0-9_.]+)"\)', path.read_text(encoding="utf-8")))
    source = Path(pages.__file__).read_text(encoding="utf-8")
    section = source[source.index("# --- ideas and challenges") : source.index("# --- services, pilots")]
    used.update(re.findall(r'"(arena\.(?:ideas|challenges)\.[a-z0-9_.]+)"', section))
    used.update(f"arena.ideas.provenance.{code}" for code in PROVENANCES)
    used.update(f"arena.ideas.kind.{kind}" for kind in personal_data.KINDS)
    used.update(f"arena.challenges.filter.status.{status}" for status in ideas.CHALLENGE_STATUSES)
    missing = [key for key in sorted(used) if key not in MESSAGES]
    assert missing == []
    for key in used:
        assert MESSAGES[key]["sv"].strip()
        assert MESSAGES[key]["en"].strip()


# --- every page form against every role -------------------------------------------------------------------


@dataclass(frozen=True)
class PageForm:
    """One page form of the role matrix: who may post it, the route it posts to (the path as the app
    declares it), a fresh target for each role (the values of the path's placeholders and any others the
    form needs), the fields it posts, the rows it writes for the target (their ids), where it sends the
    one who was allowed (given the target and the written row) and what the written row must hold (given
    the person who posted)."""

    allowed: frozenset[str]
    path: str
    setup: Callable[[World], dict[str, str]]
    fields: Callable[[World, dict[str, str]], dict[str, str | list[str]]]
    written: Callable[[World, dict[str, str]], list[str]]
    location: Callable[[dict[str, str], str], str]
    check: Callable[[World, dict[str, str], str, str], None]


def run_page_form(world: World, people: dict[str, Browser], name: str, form: PageForm) -> None:
    """Posts the form once for each role (with its session's csrf token) on a fresh target: signed out,
    to the sign-in page; not allowed, 403; allowed, 303 to what was written. The database says the same."""
    for role in ROLES:
        target = form.setup(world)
        before = form.written(world, target)
        b = people[role]
        data = {**form.fields(world, target), **({"csrf_token": b.csrf} if b.csrf else {})}
        response = b.client.post(form.path.format(**target), data=data)
        after = form.written(world, target)
        where = f"{name} as {role}"
        if role == "anonymous":
            assert response.status_code == 303, where
            assert response.headers["location"].startswith("/login?next="), where
            assert after == before, where
        elif role in form.allowed:
            assert response.status_code == 303, f"{where}: {response.status_code} {response.text[:1500]}"
            new = [row for row in after if row not in before]
            assert len(new) == 1, (where, before, after)
            assert len(after) == len(before) + 1, (where, before, after)
            assert response.headers["location"] == form.location(target, new[0]), where
            assert b.person_id is not None
            form.check(world, target, new[0], b.person_id)
        else:
            assert response.status_code == 403, f"{where}: {response.status_code}"
            assert after == before, where


def _fresh_need(w: World) -> dict[str, str]:
    return {"need": new_need(w)}


def _ideas_of_need(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        query = select(IdeaNeed.idea_id).where(IdeaNeed.need_id == target["need"]).order_by(IdeaNeed.idea_id)
        return list(session.scalars(query))


def _challenges_of_need(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        query = select(ChallengeNeed.challenge_id).where(ChallengeNeed.need_id == target["need"])
        return sorted(session.scalars(query))


def _idea_written(w: World, target: dict[str, str], idea_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        idea = session.get(Idea, idea_id)
        assert idea is not None
        assert (idea.author_id, idea.title, idea.organisation_id) == (person_id, "Matrisidé", None)


def _challenge_written(w: World, target: dict[str, str], challenge_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        challenge = session.get(Challenge, challenge_id)
        assert challenge is not None
        assert (challenge.created_by, challenge.title) == (person_id, "Matrisutmaning")
        assert challenge.open_until == date(2099, 12, 31)
        staff_of = service.actor_for_person(session, person_id=person_id).agency_staff_of
        assert challenge.organisation_id in staff_of


SIGNED_IN = frozenset(ROLES) - {"anonymous"}
AGENCY_STAFF = frozenset({"lead_staff", "co_staff", "other_staff"})  # the municipality is an agency type
PAGE_MATRIX: dict[str, PageForm] = {
    "propose an idea": PageForm(
        allowed=SIGNED_IN,
        path="/arena/ideas",
        setup=_fresh_need,
        fields=lambda _w, t: {"title": "Matrisidé", "summary": "En idé för behovet.", "needs": [t["need"]]},
        written=_ideas_of_need,
        location=lambda _t, idea_id: f"/arena/ideas/{idea_id}?done=created",
        check=_idea_written,
    ),
    "put a challenge": PageForm(
        allowed=AGENCY_STAFF,
        path="/arena/challenges",
        setup=_fresh_need,
        fields=lambda _w, t: {
            "title": "Matrisutmaning",
            "summary": "En utmaning för behovet.",
            "open_until": "2099-12-31",
            "needs": [t["need"]],
        },
        written=_challenges_of_need,
        location=lambda _t, challenge_id: f"/arena/challenges/{challenge_id}?done=created",
        check=_challenge_written,
    ),
}


@pytest.mark.parametrize("name", sorted(PAGE_MATRIX))
def test_page_role_matrix(world: World, people: dict[str, Browser], name: str) -> None:
    run_page_form(world, people, name, PAGE_MATRIX[name])
