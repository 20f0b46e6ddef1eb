"""Use cases of the common language. Called by the API, the pages and the CLI alike; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.text import fold
from samskapa.taxonomy import repository
from samskapa.taxonomy.errors import ConceptNotFound, InvalidTaxonomyQuery, VersionNotFound
from samskapa.taxonomy.mapping import aggregate_skills
from samskapa.taxonomy.models import Concept, Relation, TaxonomyVersion
from samskapa.taxonomy.schemas import (
    ChangeOut,
    ChangesPage,
    ConceptDetail,
    ConceptPage,
    ConceptRef,
    Labels,
    Lang,
    RelatedConcept,
    RelatedPage,
    SkillItem,
    SkillsResult,
    Suggestion,
    SuggestResult,
    TaxonomyStats,
    TypeCount,
)
from samskapa.taxonomy.suggest import SuggestIndex
from samskapa.taxonomy.views import concept_ref, ref_fields, ref_or_missing

CONCEPT_TYPES = (
    "occupation",
    "skill",
    "skill-group",
    "isco-group",
    "ssyk-group",
    "occupation-name",
    "keyword",
    "sun-level",
    "sun-field",
    "sni",
    "country",
    "region",
    "municipality",
    "language",
)
SCHEMES = (
    "esco",
    "isco-08",
    "ssyk-2012",
    "jobtech",
    "sun-2020",
    "sni-2007",
    "iso-3166",
    "iso-639",
    "nuts",
    "scb-lan",
    "scb-kommun",
)
MAPPING_KINDS = ("close_match", "exact_match", "broad_match", "narrow_match")
RELATED_KINDS = ("related", "substitutes")
NARROWER_SHOWN = 200


def _check_choices(name: str, values: Sequence[str], allowed: Sequence[str]) -> None:
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidTaxonomyQuery(
            f"Unknown {name}: {', '.join(unknown)}.",
            hint=f"Use one of: {', '.join(allowed)}.",
            extra={"parameter": name, "allowed": list(allowed)},
        )


def current_version(session: Session) -> int | None:
    """The number of the latest taxonomy version, or None before the first load."""
    latest = repository.latest_version(session)
    return latest.number if latest is not None else None


def require_version(session: Session, number: int) -> TaxonomyVersion:
    """The version `number`, or a 404 naming the versions that exist."""
    version = repository.get_version(session, number)
    if version is None:
        latest = current_version(session)
        raise VersionNotFound(
            f"There is no taxonomy version {number}.",
            hint=f"Versions run from 1 to {latest}." if latest else "The taxonomy is not loaded yet.",
        )
    return version


def resolve_concept(session: Session, *, key: str) -> Concept:
    """A concept by id, URI or JobTech id; unknown keys get a hint on the id forms."""
    concept = repository.find_concept(session, key)
    if concept is None:
        raise ConceptNotFound(
            f"No concept has the id or URI '{key}'.",
            hint="Ids look like 'ssyk:2512', 'isco:2512', 'kommun:0180', 'esco:occupation:<uuid>' "
            "or a JobTech "
            "id such as 'rQds_YGd_quU'. Find one with /v1/suggest?q=… or /v1/concepts?text=….",
        )
    return concept


def list_concepts(
    session: Session,
    *,
    types: Sequence[str] = (),
    schemes: Sequence[str] = (),
    text: str | None = None,
    version: int | None = None,
    include_deprecated: bool = False,
    cursor: str | None = None,
    limit: int,
    lang: Lang,
) -> ConceptPage:
    """Filtered concepts in id order, one page at a time."""
    _check_choices("type", types, CONCEPT_TYPES)
    _check_choices("scheme", schemes, SCHEMES)
    if version is not None:
        require_version(session, version)
    if text is not None and not text.strip():
        raise InvalidTaxonomyQuery("The text filter is empty.", hint="Leave 'text' out or give some letters.")
    after = str(decode_cursor(cursor).get("after")) if cursor else None
    query = repository.concept_query(
        types=types,
        schemes=schemes,
        text=text,
        version=version,
        include_deprecated=include_deprecated,
        after=after,
    ).limit(limit + 1)
    rows = list(session.scalars(query))
    next_cursor = encode_cursor({"after": rows[limit - 1].id}) if len(rows) > limit else None
    return ConceptPage(items=[concept_ref(row, lang) for row in rows[:limit]], next=next_cursor)


def _labels_by_lang(labels: dict[str, dict[str, list[str]]]) -> dict[str, Labels]:
    return {
        lang: Labels(
            pref=next(iter(kinds.get("pref", [])), None),
            alt=kinds.get("alt", []),
            hidden=kinds.get("hidden", []),
        )
        for lang, kinds in labels.items()
    }


def get_concept(session: Session, *, key: str, lang: Lang, version: int | None = None) -> ConceptDetail:
    """A concept with labels in both languages, hierarchy, mappings, relations and skills."""
    concept = resolve_concept(session, key=key)
    latest = current_version(session) or 0
    if version is not None and version != latest:
        return _concept_at_version(session, concept, lang, require_version(session, version).number)
    labels: dict[str, dict[str, list[str]]] = {}
    for label in repository.labels_of(session, concept.id):
        labels.setdefault(label.lang, {}).setdefault(label.kind, []).append(label.text)
    outgoing = [
        (r.kind, r.target_id, r.weight, r.provenance) for r in repository.relations_from(session, concept.id)
    ]
    incoming = repository.relations_to(
        session, concept.id, ("broader", *MAPPING_KINDS, *RELATED_KINDS), limit=NARROWER_SHOWN * 2
    )
    counts = repository.count_relations_to(
        session, concept.id, ("broader", "essential_skill", "optional_skill")
    )
    definitions = {
        lang_: text for lang_, text in (("sv", concept.definition_sv), ("en", concept.definition_en)) if text
    }
    return _detail(
        session,
        concept,
        lang,
        version=latest,
        labels=labels,
        definitions=definitions,
        outgoing=outgoing,
        incoming=incoming,
        counts=counts,
    )


def _concept_at_version(session: Session, concept: Concept, lang: Lang, version: int) -> ConceptDetail:
    document = repository.revision_at(session, concept.id, version)
    if document is None:
        raise ConceptNotFound(
            f"Concept '{concept.id}' did not exist yet in version {version}.",
            hint=f"It was introduced in version {concept.introduced_version}.",
        )
    outgoing = [tuple(item) for item in document["relations"]]
    detail = _detail(
        session,
        concept,
        lang,
        version=version,
        labels=document["labels"],
        definitions=document["definitions"],
        outgoing=outgoing,
        incoming=[],
        counts={},
    )
    detail.status = document["status"]
    return detail


def _detail(
    session: Session,
    concept: Concept,
    lang: Lang,
    *,
    version: int,
    labels: dict[str, dict[str, list[str]]],
    definitions: dict[str, str],
    outgoing: Sequence[tuple[Any, ...]],
    incoming: Sequence[Relation],
    counts: dict[str, int],
) -> ConceptDetail:
    ids = [item[1] for item in outgoing] + [r.source_id for r in incoming]
    if concept.replaced_by_id:
        ids.append(concept.replaced_by_id)
    refs = repository.concepts_by_ids(session, ids)
    out_by_kind: dict[str, list[tuple[Any, ...]]] = {}
    for item in outgoing:
        out_by_kind.setdefault(item[0], []).append(item)

    def related(kinds: Sequence[str]) -> list[RelatedConcept]:
        found = [
            RelatedConcept(
                **ref_or_missing(refs, target, lang).model_dump(),
                kind=kind,
                direction="outgoing",
                weight=weight,
                provenance=provenance,
            )
            for kind in kinds
            for (_, target, weight, provenance) in out_by_kind.get(kind, [])
        ]
        found.extend(
            RelatedConcept(
                **ref_fields(refs[r.source_id], lang),
                kind=r.kind,
                direction="incoming",
                weight=r.weight,
                provenance=r.provenance,
            )
            for r in incoming
            if r.kind in kinds and r.source_id in refs
        )
        return found

    narrower = [
        concept_ref(refs[r.source_id], lang) for r in incoming if r.kind == "broader" and r.source_id in refs
    ]
    return ConceptDetail(
        id=concept.id,
        uri=concept.uri,
        type=concept.type,
        scheme=concept.scheme,
        notation=concept.notation,
        level=concept.level,
        external_id=concept.external_id,
        skill_type=concept.skill_type,
        reuse_level=concept.reuse_level,
        status=concept.status,
        replaced_by=ref_or_missing(refs, concept.replaced_by_id, lang) if concept.replaced_by_id else None,
        labels=_labels_by_lang(labels),
        definitions=definitions,
        version=version,
        introduced_version=concept.introduced_version,
        modified_version=concept.modified_version,
        deprecated_version=concept.deprecated_version,
        broader=[ref_or_missing(refs, item[1], lang) for item in out_by_kind.get("broader", [])],
        narrower=narrower[:NARROWER_SHOWN],
        narrower_count=counts.get("broader", len(narrower)),
        mappings=related(MAPPING_KINDS),
        related=related(RELATED_KINDS),
        essential_skills=[
            ref_or_missing(refs, item[1], lang) for item in out_by_kind.get("essential_skill", [])
        ],
        optional_skills=[
            ref_or_missing(refs, item[1], lang) for item in out_by_kind.get("optional_skill", [])
        ],
        needed_by={kind: counts[kind] for kind in ("essential_skill", "optional_skill") if counts.get(kind)},
        links={
            "self": f"/v1/concepts/{concept.id}",
            "skills": f"/v1/concepts/{concept.id}/skills",
            "related": f"/v1/concepts/{concept.id}/related",
            "occupations": f"/v1/concepts/{concept.id}/occupations",
        },
    )


def broader_chain(session: Session, *, key: str, lang: Lang, max_depth: int = 12) -> list[ConceptRef]:
    """The concepts above this one, from the top down, following the first broader concept at each level."""
    concept = resolve_concept(session, key=key)
    chain: list[Concept] = []
    seen = {concept.id}
    current = concept.id
    while len(chain) < max_depth:
        parents = repository.relations_from(session, current, ["broader"])
        parent = repository.find_concept(session, parents[0].target_id) if parents else None
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        chain.append(parent)
        current = parent.id
    return [concept_ref(item, lang) for item in reversed(chain)]


def skills_of(session: Session, *, key: str, lang: Lang, limit: int) -> SkillsResult:
    """Essential and optional skills; for names and SSYK/ISCO groups through SSYK → ISCO → ESCO."""
    concept = resolve_concept(session, key=key)
    aggregate = aggregate_skills(session, concept)
    skill_ids = list(aggregate.essential | aggregate.optional)
    refs = repository.concepts_by_ids(session, [*skill_ids, *aggregate.via, *aggregate.occupations])
    total = max(len(aggregate.occupations), 1)
    items: list[SkillItem] = []
    for skill_id in skill_ids:
        essential, optional = aggregate.essential[skill_id], aggregate.optional[skill_id]
        items.append(
            SkillItem(
                **ref_or_missing(refs, skill_id, lang).model_dump(),
                relation="essential" if essential >= optional else "optional",
                share=round((essential + optional) / total, 4),
                essential_in=essential,
                optional_in=optional,
            )
        )
    items.sort(key=lambda item: (-item.share, -item.essential_in, item.label or "", item.id))
    return SkillsResult(
        concept=concept_ref(concept, lang),
        via=[ref_or_missing(refs, cid, lang) for cid in aggregate.via],
        occupations=[ref_or_missing(refs, cid, lang) for cid in aggregate.occupations],
        essential=[item for item in items if item.relation == "essential"][:limit],
        optional=[item for item in items if item.relation == "optional"][:limit],
    )


def related_concepts(
    session: Session,
    *,
    key: str,
    kinds: Sequence[str] = (),
    lang: Lang,
    cursor: str | None,
    limit: int,
    incoming_only: bool = False,
) -> RelatedPage:
    """Concepts linked to this one by any (or the given) relation kinds, both directions, paged."""
    concept = resolve_concept(session, key=key)
    position = decode_cursor(cursor) if cursor else {"phase": "incoming" if incoming_only else "outgoing"}
    items: list[RelatedConcept] = []
    if position.get("phase") == "outgoing":
        outgoing = list(repository.relations_from(session, concept.id, kinds or None))
        after = position.get("after")
        outgoing = [r for r in outgoing if after is None or f"{r.kind}|{r.target_id}" > after]
        refs = repository.concepts_by_ids(session, [r.target_id for r in outgoing[: limit + 1]])
        for r in outgoing[:limit]:
            items.append(
                RelatedConcept(
                    **ref_or_missing(refs, r.target_id, lang).model_dump(),
                    kind=r.kind,
                    direction="outgoing",
                    weight=r.weight,
                    provenance=r.provenance,
                )
            )
        if len(outgoing) > limit:
            last = outgoing[limit - 1]
            return RelatedPage(
                concept=concept_ref(concept, lang),
                items=items,
                next=encode_cursor({"phase": "outgoing", "after": f"{last.kind}|{last.target_id}"}),
            )
        position = {"phase": "incoming"}
    room = limit - len(items)
    incoming = (
        list(
            repository.relations_to(
                session, concept.id, kinds or None, after=position.get("after"), limit=room + 1
            )
        )
        if room > 0
        else []
    )
    refs = repository.concepts_by_ids(session, [r.source_id for r in incoming])
    for r in incoming[:room]:
        items.append(
            RelatedConcept(
                **ref_or_missing(refs, r.source_id, lang).model_dump(),
                kind=r.kind,
                direction="incoming",
                weight=r.weight,
                provenance=r.provenance,
            )
        )
    next_cursor = None
    if room <= 0 or len(incoming) > room:
        after = incoming[room - 1].source_id if room > 0 else position.get("after")
        next_cursor = encode_cursor({"phase": "incoming", "after": after})
    return RelatedPage(concept=concept_ref(concept, lang), items=items, next=next_cursor)


def occupations_needing(
    session: Session, *, key: str, lang: Lang, cursor: str | None, limit: int
) -> RelatedPage:
    """The occupations (and skills) that need this skill, essential or optional."""
    concept = resolve_concept(session, key=key)
    if concept.type != "skill":
        raise InvalidTaxonomyQuery(
            f"'{concept.id}' is a {concept.type}, not a skill.",
            hint="Ask /occupations of a skill; for an occupation's skills use /v1/concepts/{id}/skills.",
        )
    return related_concepts(
        session,
        key=concept.id,
        kinds=("essential_skill", "optional_skill"),
        lang=lang,
        cursor=cursor,
        limit=limit,
        incoming_only=True,
    )


def changes(session: Session, *, since: int, cursor: str | None, limit: int) -> ChangesPage:
    """CREATED / UPDATED / DEPRECATED events of every version after `since`, in order."""
    latest = current_version(session) or 0
    if since < 0 or since > latest:
        raise InvalidTaxonomyQuery(
            f"'since' must be between 0 and {latest}.",
            hint="Use 0 for every change, or the last version you have seen.",
        )
    after_id = int(decode_cursor(cursor).get("after", 0)) if cursor else 0
    rows = repository.changes_since(session, since=since, after_id=after_id, limit=limit + 1)
    items = [
        ChangeOut(
            version=row.version,
            concept_id=row.concept_id,
            event=row.event,
            changed=[part for part in row.changed.split(",") if part],
        )
        for row in rows[:limit]
    ]
    next_cursor = encode_cursor({"after": rows[limit - 1].id}) if len(rows) > limit else None
    return ChangesPage(since=since, items=items, next=next_cursor)


def versions(session: Session) -> Sequence[TaxonomyVersion]:
    """Every taxonomy version, oldest first."""
    return repository.all_versions(session)


def stats(session: Session) -> TaxonomyStats:
    """Counts of concepts by type, scheme and status, of relations by kind, and of labels."""
    return TaxonomyStats(
        version=current_version(session),
        concepts=[
            TypeCount(type=t, scheme=s, status=st, count=c)
            for t, s, st, c in repository.counts_by_type(session)
        ],
        relations=dict(repository.count_relations(session)),
        labels=repository.count_labels(session),
    )


def ref(session: Session, *, key: str, lang: Lang) -> ConceptRef:
    """A short reference to a concept."""
    return concept_ref(resolve_concept(session, key=key), lang)


def build_suggest_index(session: Session) -> SuggestIndex:
    """A fresh autocomplete index over the labels of every active concept."""
    return SuggestIndex(repository.label_rows_for_index(session), version=current_version(session))


def suggest(
    index: SuggestIndex, *, q: str, lang: Lang | None, types: Sequence[str], limit: int
) -> SuggestResult:
    """Autocomplete: concepts whose labels match `q`, tolerant of typos and unfinished words."""
    _check_choices("type", types, CONCEPT_TYPES)
    if not fold(q):
        raise InvalidTaxonomyQuery("The query 'q' has no letters or digits.", hint="Type part of a label.")
    hits = index.search(q, langs=[lang] if lang else [], types=types, limit=limit)
    display: Lang = lang or "sv"
    items = []
    for hit in hits:
        label, _ = index.preferred_label(hit.concept_id, hit.lang if lang is None else display)
        items.append(
            Suggestion(
                id=hit.concept_id,
                type=hit.type,
                scheme=index.scheme_of(hit.concept_id),
                label=label,
                matched=hit.matched,
                matched_kind=hit.matched_kind,
                lang=hit.lang,
                score=hit.score,
            )
        )
    return SuggestResult(query=q, items=items)


def unknown_concept_ids(session: Session, *, ids: Sequence[str], types: Sequence[str] = ()) -> list[str]:
    """Those of `ids` that are not active concepts (of one of `types`, when given), for validating input."""
    found = repository.concepts_by_ids(session, ids)
    return [
        concept_id
        for concept_id in ids
        if concept_id not in found
        or found[concept_id].status != "active"
        or (types and found[concept_id].type not in types)
    ]
