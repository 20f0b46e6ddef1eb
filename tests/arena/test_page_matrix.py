"""The guard of the page forms' role matrices: every form the arena's pages (and the notification pages)
post to is tested against every role, in exactly one place. The need, idea and showcase pages keep their
forms in a PAGE_MATRIX; the notification and moderation forms are tested for every role by the tests named
below."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from types import ModuleType

from fastapi.routing import iter_route_contexts

from tests.arena import (
    test_idea_pages,
    test_moderation_pages,
    test_need_pages,
    test_notifications,
    test_showcase_pages,
)
from tests.arena.conftest import World

PREFIXES = ("/arena", "/me/notifications")
READING = frozenset({"GET", "HEAD", "OPTIONS"})

# Forms whose role matrix is a test of its own: (module, test) for each path.
TESTED_FOR_EVERY_ROLE: dict[str, tuple[ModuleType, str]] = {
    "/me/notifications/read": (test_notifications, "test_page_forms_for_every_role"),
    "/me/notifications/settings": (test_notifications, "test_page_forms_for_every_role"),
    "/arena/moderation": (test_moderation_pages, "test_the_bulk_form_for_each_role"),
}


def shape(path: str) -> str:
    """The path with its placeholders unnamed (the need matrix writes {id} for every id)."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def covered() -> list[tuple[str, str]]:
    """(the path's shape, where it is covered) for every form of every page matrix and role test."""
    found = [
        (shape(path), f"test_need_pages:{name}")
        for name, (_a, _s, path, _f) in test_need_pages.PAGE_MATRIX.items()
    ]
    found += [
        (shape(form.path), f"test_idea_pages:{name}") for name, form in test_idea_pages.PAGE_MATRIX.items()
    ]
    found += [
        (shape(form.path), f"test_showcase_pages:{name}")
        for name, form in test_showcase_pages.PAGE_MATRIX.items()
    ]
    found += [
        (shape(path), f"{module.__name__}:{test}") for path, (module, test) in TESTED_FOR_EVERY_ROLE.items()
    ]
    return found


def test_every_page_form_is_in_exactly_one_role_matrix(world: World) -> None:
    posted = {
        shape(context.path or "")
        for context in iter_route_contexts(world.app.routes)
        if (context.path or "").startswith(PREFIXES) and (context.methods or set()) - READING
    }
    assert posted  # the app serves the forms
    places = covered()
    counts = Counter(path for path, _where in places)
    assert {path: where for path, where in places if path not in posted} == {}  # no stale entry
    assert sorted(path for path in posted if counts[path] == 0) == []  # no form left out
    assert sorted(path for path, count in counts.items() if count > 1) == []  # none covered twice


def test_the_role_tests_named_exist_and_go_through_every_role() -> None:
    for module, name in TESTED_FOR_EVERY_ROLE.values():
        test = getattr(module, name)
        assert callable(test), name
        assert "ROLES" in inspect.getsource(test) or any(
            "ROLES" in str(mark.args) for mark in getattr(test, "pytestmark", [])
        ), name
