"""Every arena page, rendered by headless Chromium, has no axe-core violation of WCAG 2.2 A/AA, in Swedish and
English, for an anonymous visitor and for signed-in people of the cast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page

from samskapa.arena import ideas, moderation, releases, service, showcase
from samskapa.arena.schemas import ChallengeIn, CommentIn, IdeaIn, ReportIn, ServiceIn
from samskapa.core.db import session_scope
from tests.arena.conftest import actor, need_in, person_of
from tests.browser.conftest import Language, Site, axe_check, axe_violations

LANGUAGES: tuple[Language, ...] = ("sv", "en")
# Staff moves that take a submitted need to in_progress, with their reason codes.
MOVES_TO_IN_PROGRESS = (
    ("triaged", "in_scope"),
    ("under_assessment", "assessment_started"),
    ("planned", "next_release"),
    ("in_progress", "work_started"),
)


@dataclass(frozen=True)
class Target:
    path: str  # formatted with the ids the `ids` fixture makes
    viewers: tuple[str, ...]  # "anonymous" or roles of the cast (tests/arena/conftest.py ROLES)
    status: int = 200


# The arena's pages, each for the viewers whose view of it differs (anonymous readers; the people who see its
# forms). Each listed page must answer with its status to every listed viewer, in both languages: none is
# skipped. Pages that need a signed-in person send anonymous visitors to the sign-in page, which is not the
# arena's, so they are listed for signed-in viewers only.
PAGES = [
    Target("/arena", ("anonymous", "citizen")),
    Target("/arena/dashboard", ("anonymous", "lead_staff")),
    Target("/arena/dashboard/{lead}", ("anonymous", "lead_staff")),
    Target("/arena/needs/new", ("citizen",)),
    Target("/arena/needs/{need}", ("anonymous", "author", "lead_staff")),  # submitted: staff triage it
    Target("/arena/needs/{released}", ("author", "citizen")),  # released: the author verifies it
    Target("/arena/needs/{need}/edit", ("author",)),
    Target("/arena/ideas", ("anonymous", "citizen")),
    Target("/arena/ideas/new", ("citizen",)),
    Target("/arena/ideas/{idea}", ("anonymous", "citizen")),
    Target("/arena/challenges", ("anonymous", "lead_staff")),
    Target("/arena/challenges/new", ("lead_staff",)),
    Target("/arena/challenges/new", ("citizen",), status=403),  # the pages saying who may write one
    Target("/arena/challenges/{challenge}", ("anonymous", "citizen", "lead_staff")),
    Target("/arena/services", ("anonymous", "citizen")),
    Target("/arena/services/new", ("lead_staff",)),
    Target("/arena/services/new", ("citizen",), status=403),
    Target("/arena/services/{service}", ("anonymous", "citizen", "lead_staff")),
    Target("/arena/services/{service}/pilots/new", ("lead_staff",)),
    Target("/arena/services/{service}/pilots/new", ("citizen",), status=403),
    Target("/arena/moderation", ("moderator",)),  # the queue, with a reported comment
    Target("/arena/moderation", ("citizen",), status=403),
    Target("/arena/moderation/log", ("anonymous", "moderator")),
    Target("/me/notifications", ("author",)),  # the author has notifications of the released need
]


def _params() -> list[object]:
    return [
        pytest.param(target.path, lang, viewer, target.status, id=f"{target.path}-{lang}-{viewer}")
        for target in PAGES
        for lang in LANGUAGES
        for viewer in target.viewers
    ]


@pytest.fixture(scope="module")
def ids(site: Site) -> dict[str, str]:
    """The ids the page paths are made from: a submitted need of the author led by the lead agency, with a
    citizen's comment (reported by the author) and an official reply; another need released with the
    catalogue dataset; a challenge of the lead agency taking the first up, an idea of the citizen for it
    using the dataset, and a service of the lead agency built on both."""
    cast = site.world.cast
    with session_scope(site.world.factory) as session:
        author, staff = actor(session, cast.author), actor(session, cast.lead_staff)
        need = service.create_need(session, actor=author, data=need_in(cast))
        released = service.create_need(session, actor=author, data=need_in(cast, title="Platser per län"))
        for to, reason in MOVES_TO_IN_PROGRESS:
            service.transition(session, need_id=released.id, actor=staff, to=to, reason_code=reason)
        releases.record_release(
            session,
            actor=staff,
            need_id=released.id,
            dataset=site.dataset,
            data_service=None,
            version="2026-11",
            coverage="full",
            note="",
        )
        comment = service.add_comment(
            session,
            need_id=need.id,
            actor=actor(session, cast.citizen),
            data=CommentIn(text="Vi saknar också siffror per län.", stance="for"),
        )
        service.add_comment(
            session, need_id=need.id, actor=staff, data=CommentIn(text="Vi tittar på det i nästa version.")
        )
        moderation.report(
            session,
            actor=actor(session, cast.author),
            need_id=need.id,
            comment_id=comment.id,
            data=ReportIn(reason="off_topic", note="Hör till en annan behovsbeskrivning."),
            threshold=3,
        )
        challenge = ideas.create_challenge(
            session,
            actor=staff,
            data=ChallengeIn(
                title="Hitta platserna", summary="Visa lediga utbildningsplatser per kommun.", needs=[need.id]
            ),
        )
        idea = ideas.create_idea(
            session,
            actor=actor(session, cast.citizen),
            data=IdeaIn(
                title="En karta över platser",
                summary="En karta som visar lediga platser per kommun.",
                needs=[need.id],
                datasets=[site.dataset],
            ),
        )
        showcased = showcase.create_service(
            session,
            actor=staff,
            data=ServiceIn(
                name="Platskartan",
                summary_sv="Lediga utbildningsplatser på en karta.",
                summary_en="Vacant education places on a map.",
                url="https://example.org/platskartan",
                datasets=[site.dataset],
                needs=[need.id],
                accessibility_conformance="partial",
                accessibility_statement="Kartan saknar en textversion; tabellen visar samma siffror.",
            ),
        )
        made = {
            "need": need.id,
            "released": released.id,
            "challenge": challenge.id,
            "idea": idea.id,
            "service": showcased.id,
        }
    return {"lead": cast.lead, **made}


@pytest.mark.parametrize(("path", "lang", "viewer", "status"), _params())
def test_arena_page_has_no_accessibility_violations(
    site: Site,
    ids: dict[str, str],
    viewer_page: Callable[[Language, str | None], Page],
    path: str,
    lang: Language,
    viewer: str,
    status: int,
) -> None:
    person = None if viewer == "anonymous" else person_of(site.world.cast, viewer)
    page = viewer_page(lang, person)
    address = path.format(**ids)
    response = page.goto(address)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status} to {viewer}"
    assert page.url == site.url + address  # the page itself, not a redirect
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    # the page sees the fixture's session cookie: its navigation offers the account, else the sign-in
    assert page.locator('nav a[href="/account"]').count() == (0 if person is None else 1)
    axe_check(page)


def test_axe_check_reports_violations(open_context: Callable[..., BrowserContext]) -> None:
    """The check is not vacuous: axe-core run this way reports an unlabelled field and a missing language."""
    page = open_context("sv").new_page()
    page.set_content(
        "<html><head><title>t</title></head><body><main><input type='text'></main></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "html-has-lang"} <= found
    with pytest.raises(AssertionError, match="label"):
        axe_check(page)


# The arena's forms for writing something new, with the viewer who may use each.
FORMS = [
    ("/arena/needs/new", "citizen"),
    ("/arena/ideas/new", "citizen"),
    ("/arena/challenges/new", "lead_staff"),
    ("/arena/services/new", "lead_staff"),
    ("/arena/services/{service}/pilots/new", "lead_staff"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "viewer"), FORMS)
def test_arena_form_with_errors_has_no_accessibility_violations(
    site: Site,
    ids: dict[str, str],
    viewer_page: Callable[[Language, str | None], Page],
    path: str,
    viewer: str,
    lang: Language,
) -> None:
    """Sent empty, each form comes back with an error summary whose links lead to the fields, and the page
    with the errors has no violation either."""
    page = viewer_page(lang, person_of(site.world.cast, viewer))
    page.goto(path.format(**ids))
    with page.expect_navigation() as navigation:
        page.locator("main form.form button[type=submit]:not(.secondary)").first.click()
    response = navigation.value
    assert response is not None
    assert response.status in (400, 422), f"{path} answered {response.status} to an empty form"
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    links = summary.locator("a[href^='#']")
    assert links.count() >= 1
    for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"the error summary links to {href}, which is not on the page"
    axe_check(page)
