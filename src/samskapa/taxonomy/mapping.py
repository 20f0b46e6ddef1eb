"""Skills of anything occupation-like, through the mappings: name → SSYK-4 → ISCO-08 → ESCO occupations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from samskapa.taxonomy import repository
from samskapa.taxonomy.errors import InvalidTaxonomyQuery
from samskapa.taxonomy.models import Concept

SKILL_KINDS = ("essential_skill", "optional_skill")


@dataclass
class SkillAggregate:
    """ESCO occupations reached from a concept and how often each skill is essential or optional for them."""

    via: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    essential: Counter[str] = field(default_factory=Counter)
    optional: Counter[str] = field(default_factory=Counter)


def _descendants(session: Session, roots: list[str], *, keep_type: str | None = None) -> list[str]:
    """Every concept below `roots` along `broader` (roots included), optionally of one type only."""
    seen: dict[str, None] = dict.fromkeys(roots)
    frontier = list(roots)
    while frontier:
        children = [source for source, _ in repository.sources_of(session, frontier, "broader")]
        frontier = [child for child in children if child not in seen]
        seen.update(dict.fromkeys(frontier))
    ids = list(seen)
    if keep_type is None:
        return ids
    concepts = repository.concepts_by_ids(session, ids)
    return [cid for cid in ids if cid in concepts and concepts[cid].type == keep_type]


def _esco_occupations_under_isco(session: Session, isco_ids: list[str]) -> list[str]:
    groups = _descendants(session, isco_ids, keep_type="isco-group")
    return _descendants(session, groups, keep_type="occupation")


def _isco_for_ssyk(session: Session, ssyk_ids: list[str]) -> list[str]:
    level4 = _descendants(session, ssyk_ids, keep_type="ssyk-group")
    relations = repository.relations_from_many(session, level4, ["close_match", "exact_match"])
    return sorted({relation.target_id for relation in relations if relation.target_id.startswith("isco:")})


def aggregate_skills(session: Session, concept: Concept) -> SkillAggregate:
    """Resolve a concept to ESCO occupations and count their essential and optional skills."""
    result = SkillAggregate()
    if concept.type in ("occupation", "skill") and concept.scheme == "esco":
        occupations = [concept.id]
    elif concept.type == "isco-group":
        occupations = _esco_occupations_under_isco(session, [concept.id])
    elif concept.type in ("ssyk-group", "occupation-name"):
        ssyk = [concept.id]
        if concept.type == "occupation-name":
            ssyk = [r.target_id for r in repository.relations_from(session, concept.id, ["broader"])]
            result.via.extend(ssyk)
        isco = _isco_for_ssyk(session, ssyk)
        result.via.extend(isco)
        occupations = _esco_occupations_under_isco(session, isco)
    else:
        raise InvalidTaxonomyQuery(
            f"Skills are not defined for a concept of type '{concept.type}'.",
            hint="Ask for the skills of an ESCO occupation or skill, an occupation name, "
            "an SSYK or an ISCO group.",
        )
    result.occupations = occupations
    for relation in repository.relations_from_many(session, occupations, SKILL_KINDS):
        counter = result.essential if relation.kind == "essential_skill" else result.optional
        counter[relation.target_id] += 1
    return result
