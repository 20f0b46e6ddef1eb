"""The public contract of the taxonomy API: Pydantic models, separate from the tables."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["sv", "en"]


class Labels(BaseModel):
    pref: str | None = Field(default=None, description="Preferred label (skos:prefLabel).")
    alt: list[str] = Field(default_factory=list, description="Alternative labels (skos:altLabel).")
    hidden: list[str] = Field(
        default_factory=list, description="Hidden labels, for search only (skos:hiddenLabel)."
    )


class ConceptRef(BaseModel):
    id: str = Field(description="Stable concept id, e.g. `ssyk:2512`, `isco:2512`, `esco:skill:<uuid>`.")
    uri: str = Field(description="The concept's URI (ESCO, JobTech or Samskapa namespace).")
    type: str = Field(description="Concept type, e.g. occupation, skill, occupation-name, ssyk-group.")
    scheme: str = Field(
        description="The classification the concept belongs to, e.g. esco, ssyk-2012, jobtech."
    )
    notation: str | None = Field(default=None, description="The code of the concept in its scheme, if any.")
    label: str | None = Field(
        description="Preferred label in the requested language, falling back to the other."
    )
    label_lang: Lang | None = Field(description="Language of `label`.")
    status: str = Field(
        description="active, deprecated, or referenced (named by a source but not described)."
    )


class RelatedConcept(ConceptRef):
    kind: str = Field(
        description="Relation kind: broader, related, essential_skill, optional_skill, "
        "substitutes, close_match, …"
    )
    direction: Literal["outgoing", "incoming"] = Field(
        description="Whether this concept is the relation's source."
    )
    weight: float | None = Field(default=None, description="Substitutability percentage, where given.")
    provenance: str = Field(description="Which source states the relation: esco, jobtech or scb.")


class ConceptDetail(BaseModel):
    id: str
    uri: str
    type: str
    scheme: str
    notation: str | None
    level: int | None = Field(
        description="Level in a hierarchical classification (SSYK 1–4, ISCO 1–4, SUN, SNI)."
    )
    external_id: str | None = Field(
        description="The JobTech concept id, where the concept comes from JobTech."
    )
    skill_type: str | None = Field(description="ESCO skill type: skill/competence or knowledge.")
    reuse_level: str | None = Field(
        description="ESCO reuse level: transversal, cross-sector, sector-specific, occupation-specific."
    )
    status: str
    replaced_by: ConceptRef | None = Field(
        default=None, description="The concept that replaces a deprecated one."
    )
    labels: dict[str, Labels] = Field(description="Labels per language (sv, en).")
    definitions: dict[str, str] = Field(description="Definition per language.")
    version: int = Field(description="The taxonomy version this view shows.")
    introduced_version: int | None
    modified_version: int | None
    deprecated_version: int | None
    broader: list[ConceptRef]
    narrower: list[ConceptRef] = Field(description="Narrower concepts (first 200; see narrower_count).")
    narrower_count: int
    mappings: list[RelatedConcept] = Field(
        description="Mappings across schemes (close_match, exact_match, …)."
    )
    related: list[RelatedConcept] = Field(description="Related and substitutable concepts, both directions.")
    essential_skills: list[ConceptRef]
    optional_skills: list[ConceptRef]
    needed_by: dict[str, int] = Field(description="For a skill: how many concepts need it, by relation kind.")
    links: dict[str, str]


class ConceptPage(BaseModel):
    items: list[ConceptRef]
    next: str | None = Field(description="Cursor of the next page; absent on the last page.")
    next_url: str | None = None


class SkillItem(ConceptRef):
    relation: Literal["essential", "optional"] = Field(
        description="essential when the occupations reached list it as essential at least as often as "
        "optional"
    )
    share: float = Field(description="Share of the ESCO occupations reached that list the skill (0–1).")
    essential_in: int = Field(description="How many of those occupations list it as essential.")
    optional_in: int = Field(description="How many of those occupations list it as optional.")


class SkillsResult(BaseModel):
    concept: ConceptRef
    via: list[ConceptRef] = Field(
        description="The mapping path taken, e.g. occupation name → SSYK-4 → ISCO-08."
    )
    occupations: list[ConceptRef] = Field(description="The ESCO occupations whose skills are aggregated.")
    essential: list[SkillItem]
    optional: list[SkillItem]


class RelatedPage(BaseModel):
    concept: ConceptRef
    items: list[RelatedConcept]
    next: str | None


class Suggestion(BaseModel):
    id: str
    type: str
    scheme: str
    label: str = Field(description="The preferred label in the requested language (or the other one).")
    matched: str = Field(description="The label that matched the query.")
    matched_kind: Literal["pref", "alt", "hidden"]
    lang: Lang
    score: float


class SuggestResult(BaseModel):
    query: str
    items: list[Suggestion]


class VersionOut(BaseModel):
    number: int
    created_at: datetime
    concepts: int
    created: int
    updated: int
    deprecated: int
    note: str
    links: dict[str, str]


class ChangeOut(BaseModel):
    version: int
    concept_id: str
    event: Literal["CREATED", "UPDATED", "DEPRECATED"]
    changed: list[str] = Field(
        description="For UPDATED: the parts that changed (labels, definitions, relations…)."
    )


class ChangesPage(BaseModel):
    since: int
    items: list[ChangeOut]
    next: str | None


class TypeCount(BaseModel):
    type: str
    scheme: str
    status: str
    count: int


class TaxonomyStats(BaseModel):
    version: int | None
    concepts: list[TypeCount]
    relations: dict[str, int]
    labels: int
