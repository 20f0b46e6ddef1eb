"""The public contract of enrichment: what `enrich` returns (Pydantic, separate from the internals)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Method = Literal["dictionary", "semantic"]
Section = Literal["benefits", "about", "application"]


class EnrichedConcept(BaseModel):
    """One concept found in the text, with the evidence: `text == source_text[start:end]`."""

    id: str = Field(description="Concept id in the taxonomy (esco:skill:…, jobtech:…, language:sv …).")
    type: str = Field(description="skill, occupation, occupation-name or language.")
    label: str = Field(description="The concept's preferred label in the text's language where it has one.")
    start: int = Field(ge=0, description="Offset of the first character (Python str index, code points).")
    end: int = Field(ge=0, description="Offset after the last character.")
    text: str = Field(description="Exactly text[start:end].")
    confidence: float = Field(ge=0, le=1, description="Heuristic 0–1, see enrichment/service.py.")
    method: Method = "dictionary"
    matched_label: str = Field(description="The surface form (label, synonym or term) that matched, folded.")
    source: str = Field(description="taxonomy, jobtech-terms-yrke, language-names, alias or semantic.")
    exact: bool = Field(description="Folded words equal the label's; False = equal only after stemming.")
    compound_part: bool = Field(default=False, description="Matched a part of a split compound word.")
    negated: bool = False
    section: Section | None = Field(default=None, description="Boilerplate section the match lies in.")
    alternatives: list[str] = Field(default_factory=list, description="Other concepts with this form.")
    similarity: float | None = Field(
        default=None, description="Semantic tier only: the cosine of the sentence and the skill's label."
    )


class EnrichResult(BaseModel):
    lang: Literal["sv", "en"]
    lang_detected: bool = Field(description="True when the language was detected rather than given.")
    concepts: list[EnrichedConcept] = Field(description="Concepts the text asks for or describes.")
    filtered: list[EnrichedConcept] = Field(
        default_factory=list, description="Found but negated or in a benefits/about/application section."
    )
    model_version: str = Field(description="The pipeline's version, and the semantic model's when it ran.")
    taxonomy_version: int
    semantic_model: str | None = Field(
        default=None, description="The sentence-embedding model of the semantic tier; null when it is off."
    )


class LinkedSkill(BaseModel):
    """The ESCO skill the ranker puts first for a span's text."""

    id: str
    uri: str | None = Field(description="The ESCO URI where the skill has one.")
    label: str
    score: float = Field(description="The ranker's score (lexical, or hybrid with the semantic tier).")


class TaggedSpanOut(BaseModel):
    """A skill or knowledge span the span tagger found: `text == source_text[start:end]`."""

    start: int = Field(ge=0, description="Offset of the first character (Python str index, code points).")
    end: int = Field(ge=0, description="Offset after the last character.")
    text: str = Field(description="Exactly text[start:end].")
    type: Literal["skill", "knowledge"] = Field(
        description="SkillSpan's layers: skill (what a person does) or knowledge (what a person knows)."
    )
    confidence: float = Field(ge=0, le=1, description="Geometric mean of the span's tag probabilities.")
    skill: LinkedSkill | None = Field(description="The span linked to ESCO: the ranker's top skill.")
    negated: bool = False
    section: Section | None = Field(default=None, description="Boilerplate section the span lies in.")


class SpansResult(BaseModel):
    lang: Literal["en"]
    spans: list[TaggedSpanOut] = Field(description="Spans the text asks for or describes, in text order.")
    filtered: list[TaggedSpanOut] = Field(
        default_factory=list, description="Found but negated or in a benefits/about/application section."
    )
    tagger_model: str = Field(description="The span tagger: its encoder, trained on SkillSpan TRAIN.")
    linking: Literal["lexical", "hybrid"] | None = Field(
        description="The ranker that linked the spans: lexical, or hybrid with the semantic tier; null: none."
    )
    taxonomy_version: int | None
