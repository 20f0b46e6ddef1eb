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


class NeedClosed(Conflict):
    """The need was merged or withdrawn: it takes no more supports or comments."""

    code = "need_closed"
    title = "Need closed"


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


class ReleaseNotFound(NotFound):
    code = "release_not_found"
    title = "Release not found"


class InvalidRelease(Invalid):
    code = "invalid_release"
    title = "Invalid release"


class VerificationClosed(Conflict):
    """The release cannot be verified now (not the latest, or the need is not released)."""

    code = "verification_closed"
    title = "Verification not open"


class AlreadyVerified(Conflict):
    code = "already_verified"
    title = "Already verified"


# --- ideas and challenges ----------------------------------------------------------------------------------


class IdeaNotFound(NotFound):
    code = "idea_not_found"
    title = "Idea not found"


class InvalidIdea(Invalid):
    code = "invalid_idea"
    title = "Invalid idea"


class ChallengeNotFound(NotFound):
    code = "challenge_not_found"
    title = "Challenge not found"


class InvalidChallenge(Invalid):
    code = "invalid_challenge"
    title = "Invalid challenge"


class ChallengeClosed(Conflict):
    """The challenge no longer takes ideas (its `open_until` has passed)."""

    code = "challenge_closed"
    title = "Challenge closed"


# --- services, pilots and feedback -------------------------------------------------------------------------


class ServiceNotFound(NotFound):
    code = "service_not_found"
    title = "Service not found"


class InvalidService(Invalid):
    code = "invalid_service"
    title = "Invalid service"


class PilotNotFound(NotFound):
    code = "pilot_not_found"
    title = "Pilot not found"


class InvalidPilot(Invalid):
    code = "invalid_pilot"
    title = "Invalid pilot"


class PilotDecided(Conflict):
    """The pilot has its decision (scale, iterate or stop) already; it is closed."""

    code = "pilot_decided"
    title = "Pilot already decided"


class FeedbackNotFound(NotFound):
    code = "feedback_not_found"
    title = "Feedback not found"


class InvalidFeedback(Invalid):
    code = "invalid_feedback"
    title = "Invalid feedback"


class FeedbackConverted(Conflict):
    """The feedback became a need already."""

    code = "feedback_converted"
    title = "Feedback already a need"


# --- notifications -----------------------------------------------------------------------------------------


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    title = "Notification not found"


class InvalidNotificationRequest(Invalid):
    code = "invalid_notification_request"
    title = "Invalid notification request"
