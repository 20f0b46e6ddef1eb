"""Errors of the arena area."""

from __future__ import annotations

from samskapa.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound


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


# --- moderation and personal data --------------------------------------------------------------------------


class Gone(DomainError):
    status = 410
    code = "gone"
    title = "Gone"


class PersonalDataFound(Invalid):
    """A text to be published carries personal data (the value is never echoed back)."""

    code = "personal_data_found"
    title = "Personal data found"


class NeedHidden(Gone):
    """The need is hidden pending moderation review (its author and moderators still see it)."""

    code = "need_hidden"
    title = "Hidden pending moderation"


class CommentNotFound(NotFound):
    code = "comment_not_found"
    title = "Comment not found"


class CommentHidden(Gone):
    code = "comment_hidden"
    title = "Hidden pending moderation"


class AlreadyReported(Conflict):
    code = "already_reported"
    title = "Already reported"


class InvalidModeration(Invalid):
    code = "invalid_moderation"
    title = "Invalid moderation request"


class ModeratorsOnly(Forbidden):
    code = "moderators_only"
    title = "Moderators only"


# --- the need pages and releases ----------------------------------------------------------------------------


# --- ideas and challenges ----------------------------------------------------------------------------------


# --- services, pilots and feedback -------------------------------------------------------------------------


# --- notifications -----------------------------------------------------------------------------------------
