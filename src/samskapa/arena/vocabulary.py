"""The arena's fixed vocabularies and the need lifecycle: one transition table.

States (canonical, the same for every agency):

    draft -> submitted -> triaged -> under_assessment -> decision -> in_progress -> released -> verified

Decisions are `already_available`, `planned`, `conditionally_planned` and `declined`; the requester verifies
a release as `fulfilled` or `reopened`. `needs_info` is a pause in which the author is asked for more; the
author answers with `info_provided`, which returns the need to the state it was in when the question was
asked (`submitted`, `triaged` or `under_assessment`; remembered on the need). `merged` (a duplicate folded
into another need) and `withdrawn` (by its author) are terminal: nothing leaves them. `fulfilled`,
`declined` and `already_available` are closed answers, but the author may reopen them (`reopened`), because
an answer the requester does not accept is not the end of the conversation; a reopened need goes back to
`under_assessment`. Nothing is ever archived: there is no archive operation at all, so a need waiting for an
answer stays visible with its clocks until it is answered, merged or withdrawn.

Who may do what (roles are relative to one need):

- `author`: the person who wrote the need: submit, withdraw (before a decision), provide info, verify a
  release (fulfilled / reopened) and reopen a closed answer.
- `staff`: an admin or editor of the need's lead agency or of one of its co-agencies (or the agency
  organisation itself acting through an API key with the scope `arena:write`). While a need has no lead
  agency, staff of any agency-type organisation (agency, municipality, school) may triage it and become its
  lead. Staff triage, assess, decide, start, release, ask for info, merge, transfer the lead and extend the
  decision clock.
- `moderator`: a person with the role moderator in any organisation (the platform's moderators): merge
  duplicates.

Every transition carries a `reason_code` from the small list for its target state (required when the list
is not empty, absent otherwise) and a message (required where `MESSAGE_REQUIRED` says so: declines, asking
for information, transfers and extensions, whose reasons are public).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

KINDS: Final = ("problem", "data_need")
PROVENANCES: Final = ("citizen", "ngo", "company", "agency")
STAKEHOLDER_TYPES: Final = ("citizen", "ngo", "company", "agency", "researcher")
STANCES: Final = ("for", "against", "neutral")
AGENCY_TYPES: Final = ("agency", "municipality", "school")
STAFF_ROLES: Final = ("admin", "editor")
MODERATOR_ROLE: Final = "moderator"

# Organisation type -> the provenance label of its members' needs (schools count as agencies).
PROVENANCE_OF_TYPE: Final = {
    "agency": "agency",
    "municipality": "agency",
    "school": "agency",
    "ngo": "ngo",
    "company": "company",
}

STATES: Final = (
    "draft",
    "submitted",
    "triaged",
    "under_assessment",
    "needs_info",
    "already_available",
    "planned",
    "conditionally_planned",
    "declined",
    "in_progress",
    "released",
    "fulfilled",
    "reopened",
    "merged",
    "withdrawn",
)
DECISIONS: Final = ("already_available", "planned", "conditionally_planned", "declined")
# Nothing leaves these.
TERMINAL: Final = frozenset({"merged", "withdrawn"})
# Answered and closed, but the author may reopen them.
CLOSED: Final = frozenset({"fulfilled", "declined", "already_available"})
# States from which `needs_info` may be asked, and to which `info_provided` returns.
INFO_STATES: Final = ("submitted", "triaged", "under_assessment")
# While in these, the lead agency owes a dated update at least every 30 calendar days.
UPDATE_STATES: Final = frozenset({"planned", "conditionally_planned", "in_progress"})

AUTHOR: Final = "author"
STAFF: Final = "staff"
MODERATOR: Final = "moderator"

# Event kinds besides the plain `transition`.
TRANSITION: Final = "transition"
INFO_PROVIDED: Final = "info_provided"
TRANSFERRED: Final = "transferred"
DECISION_EXTENDED: Final = "decision_extended"
EVENT_KINDS: Final = (TRANSITION, INFO_PROVIDED, TRANSFERRED, DECISION_EXTENDED)


@dataclass(frozen=True)
class Rule:
    """One allowed move: who may make it."""

    source: str
    target: str
    actors: frozenset[str]


def _rules() -> dict[tuple[str, str], Rule]:
    author, staff, both = frozenset({AUTHOR}), frozenset({STAFF}), frozenset({STAFF, MODERATOR})
    moves: list[tuple[str, tuple[str, ...], frozenset[str]]] = [
        ("draft", ("submitted", "withdrawn"), author),
        ("submitted", ("triaged", "needs_info"), staff),
        ("submitted", ("merged",), both),
        ("submitted", ("withdrawn",), author),
        ("triaged", ("under_assessment", "needs_info"), staff),
        ("triaged", ("merged",), both),
        ("triaged", ("withdrawn",), author),
        ("under_assessment", (*DECISIONS, "needs_info"), staff),
        ("under_assessment", ("merged",), both),
        ("under_assessment", ("withdrawn",), author),
        # info_provided: back to the remembered state (checked by the service), by the author.
        ("needs_info", (*INFO_STATES, "withdrawn"), author),
        ("needs_info", ("merged",), both),
        ("planned", ("in_progress", "declined"), staff),
        ("conditionally_planned", ("planned", "in_progress", "declined"), staff),
        ("in_progress", ("released", "declined"), staff),
        ("released", ("fulfilled", "reopened"), author),
        ("fulfilled", ("reopened",), author),
        ("declined", ("reopened",), author),
        ("already_available", ("reopened",), author),
        ("reopened", ("under_assessment",), staff),
        ("reopened", ("merged",), both),
        ("reopened", ("withdrawn",), author),
    ]
    table: dict[tuple[str, str], Rule] = {}
    for source, targets, actors in moves:
        for target in targets:
            table[(source, target)] = Rule(source, target, actors)
    return table


TRANSITIONS: Final = _rules()

# Same-state events: who may make them.
TRANSFER_ACTORS: Final = frozenset({STAFF})
EXTEND_ACTORS: Final = frozenset({STAFF})
# A lead may be transferred while the need is open (not terminal, not closed, not a draft).
TRANSFER_STATES: Final = frozenset(STATES) - TERMINAL - CLOSED - {"draft"}
# The decision clock may be extended once, before the decision.
EXTEND_STATES: Final = frozenset({"submitted", "triaged", "under_assessment", "needs_info", "reopened"})

# Reason codes per target state (or same-state event kind). Required when the list is not empty.
REASON_CODES: Final[dict[str, tuple[str, ...]]] = {
    "draft": (),
    "submitted": (),
    "triaged": ("in_scope", "routed"),
    "under_assessment": ("assessment_started", "reassessment"),
    "needs_info": ("unclear_need", "missing_purpose", "missing_region", "missing_format"),
    "already_available": ("open_dataset", "existing_api", "on_request"),
    "planned": ("next_release", "roadmap"),
    "conditionally_planned": ("funding", "legal_review", "partner_needed", "data_quality"),
    "declined": ("personal_data", "no_data_held", "cost", "legal_barrier", "out_of_scope"),
    "in_progress": ("work_started",),
    "released": ("full", "partial"),
    "fulfilled": (),
    "reopened": ("not_met", "partially_met", "new_information", "changed_circumstances"),
    "merged": ("duplicate",),
    "withdrawn": (),
    INFO_PROVIDED: (),
    TRANSFERRED: ("better_placed", "responsibility_moved"),
    DECISION_EXTENDED: ("complexity", "consultation", "workload"),
}
MESSAGE_REQUIRED: Final = frozenset({"declined", "needs_info", TRANSFERRED, DECISION_EXTENDED})


def next_states(state: str) -> list[str]:
    """The states the table allows from `state` (in the order of STATES)."""
    targets = {target for (source, target) in TRANSITIONS if source == state}
    return [candidate for candidate in STATES if candidate in targets]
