"""Errors of the arena area."""

from __future__ import annotations

from samskapa.core.errors import Conflict, Forbidden, Invalid, NotFound


class NeedNotFound(NotFound):
    code = "need_not_found"
    title = "Need not found"


class InvalidNeed(Invalid):
    code = "invalid_need"
    title = "Invalid need"


class InvalidArenaQuery(Invalid):
    code = "invalid_arena_query"
    title = "Invalid arena query"


class IllegalTransition(Conflict):
    """The lifecycle does not allow this move from the need's current state."""

    code = "illegal_transition"
    title = "Illegal transition"


class NotAllowed(Forbidden):
    """The move exists, but this actor may not make it."""

    code = "arena_not_allowed"
    title = "Not allowed"


class EditWindowClosed(Forbidden):
    code = "edit_window_closed"
    title = "Edit window closed"


class AlreadySupported(Conflict):
    code = "already_supported"
    title = "Already supported"
