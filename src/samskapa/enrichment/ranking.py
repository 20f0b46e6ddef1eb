"""Ranking mode: for a sentence (sv or en), the top-k ESCO skills with scores — and the harness's metrics.

The ranker is lexical and built once, in memory, from the taxonomy tables (no file, no model):

* **Documents.** Every active ESCO skill (`taxonomy_concept` type ``skill``, scheme ``esco``) with its
  English preferred, alternative and hidden labels (`taxonomy_label`) and English definition.
* **Terms.** The dictionary tier's folded tokens (`samskapa.enrichment.normalise`: ``c++``, ``c#``,
  ``node.js`` whole), stop words and words that state the ask rather than the skill ("experience",
  "knowledge", "skills", "erfarenhet") dropped, Snowball stems. The taxonomy is stemmed in English; a query
  gets the stems of its own language plus the English stems (ESCO has no Swedish labels in our database
  and Swedish job text is full of English technical words). Labels and queries also get bigrams of
  adjacent content stems — the phrase bonus: "project management" beats "project" and "management" apart.
* **Label score.** Each label is scored alone and a skill keeps its best label, so a skill with twenty
  synonyms is neither penalised for their length nor rewarded for their number: the idf mass of the label
  terms present in the sentence times the label's *coverage* (that mass / the label's whole idf mass) to
  ``coverage_power``. A label fully present scores its whole idf; one word of a long label scores little.
  Alternative labels count ``alt_weight`` (0.85), hidden ones ``hidden_weight`` (0.8) of a preferred one.
  Idf is computed over skills (the set of label terms of each), not over labels.
* **Description score.** BM25 (k1 1.2, b 0.75) of the query stems over the definition, weighted
  ``description_weight`` (0.1): a definition mentions many things the skill is not.
* **Diversity.** The first ``diversify_depth`` (10) places are filled greedily from the best ``pool`` (50):
  a skill whose matched words are already explained by a higher one loses ``diversity`` (0.3) times the
  covered share of its matched idf. Sentences name several skills; without this one phrase fills the top
  with its variants (four "wind turbine" skills).
* **Priors** (off by default): ``prior_weight`` — log(1 + the number of ESCO occupations listing the
  skill), and ``reuse_weight`` — a boost by ESCO reuse level (transversal > cross-sector > …). Both come
  from the taxonomy itself, so the product could ship them; on the validation splits neither moved RP@5
  beyond one sentence's worth of noise, so they stay off. The benchmark's `esco_priors.json` is evaluation
  data and is never used.

Choices were made on the validation splits (TECH 75, HOUSE 61 scored sentences, where one sentence is
1.3-1.6 points) and kept only when they are principled and did not hurt either split; see
`benchmarks/enrichment_eval.py` for the figures.

The index is an inverted file in numpy arrays (term → postings of label or skill rows with weights), so a
sentence costs a few `bincount`s over ~100k labels and a `maximum.reduceat`: a millisecond or two.
Scores are unnormalised; a sentence that matches nothing gives an empty list (never an error).

The metric functions at the end (`rp_at_k`, `reciprocal_rank`, `span_prf`, `bio_spans`, `jaccard`) are
what `benchmarks/enrichment_eval.py` reports.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select

from samskapa.enrichment.normalise import folded_words, stemmer_for
from samskapa.taxonomy.models import Concept, Label, Relation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# --- text ---------------------------------------------------------------------------------------------------
# Tokens, folding and Snowball stems are the dictionary tier's (`samskapa.enrichment.normalise`).

_STOP_EN = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "yours",
        "etc",
        "e",
        "g",
        "ie",
        "eg",
        "also",
        "able",
        "ability",
        "including",
        "include",
        "includes",
        "use",
        "using",
        "used",
        "via",
        "per",
        "must",
        "may",
        "well",
        "across",
        "experience",
        "experienced",
        "knowledge",
        "strong",
        "good",
        "excellent",
        "skills",
        "skill",
        "work",
        "working",
        "years",
        "year",
        "plus",
    )
)
_STOP_SV = frozenset(
    (
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "var",
        "jag",
        "sig",
        "men",
        "ska",
        "skall",
        "kan",
        "du",
        "vi",
        "eller",
        "från",
        "vid",
        "så",
        "under",
        "även",
        "mot",
        "hos",
        "efter",
        "samt",
        "inom",
        "ni",
        "er",
        "ert",
        "era",
        "dig",
        "din",
        "ditt",
        "dina",
        "sin",
        "sitt",
        "sina",
        "denna",
        "detta",
        "dessa",
        "man",
        "när",
        "också",
        "bör",
        "vara",
        "ha",
        "får",
        "mycket",
        "god",
        "goda",
        "erfarenhet",
        "kunskap",
        "kunskaper",
    )
)
# Words that describe the ask, not the skill, are kept out of queries and labels (they are in labels rarely
# enough that idf would otherwise make them look informative).
_STOP = {"en": _STOP_EN, "sv": _STOP_SV | _STOP_EN}


def stems(text: str, lang: str = "en") -> list[str]:
    """Content-word stems in text order (stop words and one-letter words other than c/r dropped)."""
    stop = _STOP.get(lang, _STOP_EN)
    stem = stemmer_for(lang)
    return [stem(word) for word in folded_words(text) if word not in stop and (len(word) > 1 or word in "cr")]


def _bigrams(terms: Sequence[str]) -> list[str]:
    return [f"{first} {second}" for first, second in itertools.pairwise(terms)]


# --- the ranker --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankerConfig:
    """The tuning knobs; the defaults are the documented choices (see the module docstring)."""

    coverage_power: float = 1.0
    alt_weight: float = 0.85
    hidden_weight: float = 0.8
    bigram_weight: float = 1.0
    description_weight: float = 0.1
    k1: float = 1.2
    b: float = 0.75
    prior_weight: float = 0.0
    reuse_weight: float = 0.0
    diversity: float = 0.3
    pool: int = 50
    diversify_depth: int = 10


@dataclass(frozen=True)
class RankedSkill:
    """One ranked skill: the concept id, its ESCO URI, English preferred label and the ranking score."""

    id: str
    uri: str
    label: str
    score: float


@dataclass(frozen=True)
class SkillDocument:
    """What the ranker indexes of one skill (the database rows, or hand-made ones in tests)."""

    id: str
    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    description: str = ""
    occupations: int = 0
    reuse_level: str = ""


@dataclass
class _Postings:
    """An inverted file: term → (rows, weights) slices of two flat arrays."""

    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weights: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))

    @classmethod
    def build(cls, by_term: Mapping[str, list[tuple[int, float]]]) -> _Postings:
        offsets: dict[str, tuple[int, int]] = {}
        rows: list[int] = []
        weights: list[float] = []
        for term, postings in by_term.items():
            offsets[term] = (len(rows), len(rows) + len(postings))
            rows.extend(row for row, _ in postings)
            weights.extend(weight for _, weight in postings)
        return cls(offsets, np.asarray(rows, dtype=np.int64), np.asarray(weights, dtype=np.float64))

    def accumulate(self, terms: Iterable[str], size: int) -> FloatArray:
        slices = [self.offsets[term] for term in terms if term in self.offsets]
        if not slices:
            return np.zeros(size, dtype=np.float64)
        rows = np.concatenate([self.rows[start:end] for start, end in slices])
        weights = np.concatenate([self.weights[start:end] for start, end in slices])
        return np.bincount(rows, weights=weights, minlength=size).astype(np.float64)


class SkillRanker:
    """Top-k ESCO skills for a sentence. Build once (`from_session`, `from_documents`), then `rank` freely."""

    def __init__(self, documents: Sequence[SkillDocument], config: RankerConfig | None = None) -> None:
        self.config = config or RankerConfig()
        cfg = self.config
        self._ids = [doc.id for doc in documents]
        self._uris = [doc.uri for doc in documents]
        self._labels = [doc.label for doc in documents]
        self._position: dict[str, int] | None = None
        n_docs = len(documents)

        # Labels, one row each, grouped by concept (for maximum.reduceat).
        label_terms: list[tuple[set[str], float]] = []
        label_concept: list[int] = []
        concept_terms: list[set[str]] = []
        for index, doc in enumerate(documents):
            seen: set[str] = set()
            kinds = [(doc.label, 1.0)]
            kinds += [(text, cfg.alt_weight) for text in doc.alt_labels]
            kinds += [(text, cfg.hidden_weight) for text in doc.hidden_labels]
            for text, weight in kinds:
                terms = stems(text)
                if not terms:
                    continue
                bag = set(terms) | set(_bigrams(terms))
                label_terms.append((bag, weight))
                label_concept.append(index)
                seen |= bag
            concept_terms.append(seen)
        document_frequency: dict[str, int] = defaultdict(int)
        for seen in concept_terms:
            for term in seen:
                document_frequency[term] += 1
        self._idf = {
            term: math.log(1 + (n_docs - count + 0.5) / (count + 0.5))
            for term, count in document_frequency.items()
        }

        by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
        totals = np.zeros(len(label_terms), dtype=np.float64)
        weights = np.zeros(len(label_terms), dtype=np.float64)
        for row, (bag, weight) in enumerate(label_terms):
            for term in bag:
                value = self._idf[term] * (cfg.bigram_weight if " " in term else 1.0)
                by_term[term].append((row, value))
                totals[row] += value
            weights[row] = weight
        self._label_postings = _Postings.build(by_term)
        self._label_bags = [frozenset(bag) for bag, _ in label_terms]
        self._label_totals = np.maximum(totals, 1e-9)
        self._label_weights = weights
        concept_of_label = np.asarray(label_concept, dtype=np.int64)
        self._label_concept = concept_of_label
        # First label row of each concept that has labels, for reduceat.
        self._label_starts = np.flatnonzero(np.r_[True, concept_of_label[1:] != concept_of_label[:-1]])
        self._label_owner = (
            concept_of_label[self._label_starts] if len(concept_of_label) else concept_of_label
        )

        self._desc_postings = _description_postings([doc.description for doc in documents], cfg)

        occupations = np.asarray([doc.occupations for doc in documents], dtype=np.float64)
        prior = np.log1p(occupations)
        self._prior = prior / prior.max() if n_docs and prior.max() > 0 else prior
        self._reuse = np.asarray([_REUSE.get(doc.reuse_level, 0.0) for doc in documents], dtype=np.float64)
        self._n_docs = n_docs
        self._n_labels = len(label_terms)

    # --- building --------------------------------------------------------------------------------------

    @classmethod
    def from_documents(
        cls, documents: Sequence[SkillDocument], config: RankerConfig | None = None
    ) -> SkillRanker:
        return cls(documents, config)

    @classmethod
    def from_session(cls, session: Session, config: RankerConfig | None = None) -> SkillRanker:
        """Build from the taxonomy tables: every active ESCO skill with its English labels and definition."""
        return cls(load_skill_documents(session), config)

    def __len__(self) -> int:
        return self._n_docs

    @property
    def skill_ids(self) -> list[str]:
        """The skill ids in build order (the order of `scores`)."""
        return self._ids

    @property
    def position(self) -> dict[str, int]:
        """Skill id → its index in build order."""
        if self._position is None:
            self._position = {concept_id: index for index, concept_id in enumerate(self._ids)}
        return self._position

    def ranked(self, index: int, score: float) -> RankedSkill:
        """The skill at `index` (build order) as a ranked item with `score`."""
        return RankedSkill(self._ids[index], self._uris[index], self._labels[index], round(score, 6))

    def ids_by_label(self) -> dict[str, str]:
        """English preferred label → skill id (the first id when two skills share a label)."""
        found: dict[str, str] = {}
        for concept_id, label in zip(self._ids, self._labels, strict=True):
            found.setdefault(label, concept_id)
        return found

    # --- ranking ---------------------------------------------------------------------------------------

    def scores(self, text: str, lang: str = "en") -> FloatArray:
        """The score of every skill (in build order) for `text`."""
        return self._score(text, lang)[0]

    def _score(self, text: str, lang: str) -> tuple[FloatArray, set[str], FloatArray | None]:
        cfg = self.config
        query: set[str] = set(stems(text, "en"))
        if lang != "en":
            query |= set(stems(text, lang))
        words = stems(text, "en")
        query |= set(_bigrams(words))
        if lang != "en":
            query |= set(_bigrams(stems(text, lang)))
        total = np.zeros(self._n_docs, dtype=np.float64)
        label_scores: FloatArray | None = None
        if not query or not self._n_docs:
            return total, query, label_scores
        found = self._label_postings.accumulate(query, self._n_labels)
        if self._n_labels:
            coverage = found / self._label_totals
            label_scores = found * np.power(coverage, cfg.coverage_power) * self._label_weights
            best = np.maximum.reduceat(label_scores, self._label_starts)
            total[self._label_owner] = best
        if cfg.description_weight:
            total += cfg.description_weight * self._desc_postings.accumulate(query, self._n_docs)
        if cfg.prior_weight:
            total += cfg.prior_weight * self._prior * (total > 0)
        if cfg.reuse_weight:
            total *= 1 + cfg.reuse_weight * self._reuse
        return total, query, label_scores

    def rank(self, text: str, lang: str = "en", k: int = 10) -> list[RankedSkill]:
        """The top-`k` skills for `text`, best first; only those scoring above 0 (so maybe fewer than k)."""
        if k <= 0:
            return []
        scores, query, label_scores = self._score(text, lang)
        positive = int(np.count_nonzero(scores > 0))
        if not positive:
            return []
        top = min(k, positive)
        pool = min(positive, max(top, self.config.pool))
        candidates = (
            np.argpartition(-scores, pool - 1)[:pool] if pool < len(scores) else np.arange(len(scores))
        )
        order = [int(i) for i in candidates[np.lexsort((candidates, -scores[candidates]))]]
        adjusted = {i: float(scores[i]) for i in order}
        if self.config.diversity and label_scores is not None:
            head = self._diversify(order[: self.config.pool], scores, query, label_scores, adjusted)
            order = head + [i for i in order if i not in set(head)]
        return [
            RankedSkill(self._ids[i], self._uris[i], self._labels[i], round(adjusted[i], 6))
            for i in order[:top]
        ]

    def _diversify(
        self,
        pool: list[int],
        scores: FloatArray,
        query: set[str],
        label_scores: FloatArray,
        adjusted: dict[int, float],
    ) -> list[int]:
        """Greedy re-ranking of the first `diversify_depth` places, whatever k is (so the top 10 is the same
        for k = 10 and k = 100): a skill whose matched words are already explained by a higher one loses
        `diversity` times the share of its matched idf already covered — one phrase does not fill the top
        with its variants, and a sentence naming several skills gets them all. Later places keep the score
        order."""
        matched: dict[int, list[tuple[str, float]]] = {}
        for concept in pool:
            start, end = self._label_range(concept)
            best = start + int(np.argmax(label_scores[start:end]))
            terms = [term for term in self._label_bags[best] & query if " " not in term]
            matched[concept] = [(term, self._idf.get(term, 0.0)) for term in terms]
        covered: set[str] = set()
        chosen: list[int] = []
        remaining = list(pool)
        while remaining and len(chosen) < self.config.diversify_depth:
            best_value, best_concept = -1.0, remaining[0]
            for concept in remaining:
                found = matched[concept]
                mass = sum(weight for _, weight in found) or 1.0
                seen = sum(weight for term, weight in found if term in covered)
                value = float(scores[concept]) * (1 - self.config.diversity * seen / mass)
                if value > best_value:
                    best_value, best_concept = value, concept
            adjusted[best_concept] = best_value
            chosen.append(best_concept)
            covered.update(term for term, _ in matched[best_concept])
            remaining.remove(best_concept)
        return chosen

    def _label_range(self, concept: int) -> tuple[int, int]:
        position = int(np.searchsorted(self._label_owner, concept))
        start = int(self._label_starts[position])
        end = (
            int(self._label_starts[position + 1])
            if position + 1 < len(self._label_starts)
            else self._n_labels
        )
        return start, end


_REUSE = {"transversal": 1.0, "cross-sector": 0.5, "sector-specific": 0.2, "occupation-specific": 0.0}


def _description_postings(descriptions: Sequence[str], cfg: RankerConfig) -> _Postings:
    """BM25 weights (k1, b) of every (stem, skill) of the definitions."""
    bags = [stems(text) for text in descriptions]
    lengths = np.asarray([len(bag) for bag in bags], dtype=np.float64)
    average = float(lengths.mean()) if bags and lengths.mean() > 0 else 1.0
    frequency: dict[str, int] = defaultdict(int)
    for bag in bags:
        for term in set(bag):
            frequency[term] += 1
    by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, bag in enumerate(bags):
        counts: dict[str, int] = defaultdict(int)
        for term in bag:
            counts[term] += 1
        norm = cfg.k1 * (1 - cfg.b + cfg.b * lengths[index] / average)
        for term, tf in counts.items():
            idf = math.log(1 + (len(bags) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            by_term[term].append((index, idf * tf * (cfg.k1 + 1) / (tf + norm)))
    return _Postings.build(by_term)


def load_skill_documents(session: Session) -> list[SkillDocument]:
    """Every active ESCO skill with its English labels, definition and number of occupations, by id."""
    concepts = session.execute(
        select(Concept.id, Concept.uri, Concept.pref_label_en, Concept.definition_en, Concept.reuse_level)
        .where(Concept.type == "skill", Concept.scheme == "esco", Concept.status != "deprecated")
        .order_by(Concept.id)
    ).all()
    wanted = {row.id for row in concepts}
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for concept_id, kind, text in session.execute(
        select(Label.concept_id, Label.kind, Label.text)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.type == "skill", Concept.scheme == "esco", Label.lang == "en")
        .order_by(Label.id)
    ):
        if concept_id in wanted:
            labels[concept_id][kind].append(text)
    occupations = dict(
        session.execute(
            select(Relation.target_id, func.count())
            .where(Relation.kind.in_(("essential_skill", "optional_skill")))
            .group_by(Relation.target_id)
        ).all()
    )
    documents = []
    for row in concepts:
        own = labels.get(row.id, {})
        preferred = row.pref_label_en or (own.get("pref") or [row.id])[0]
        documents.append(
            SkillDocument(
                id=row.id,
                uri=row.uri,
                label=preferred,
                alt_labels=tuple(own.get("alt", ())),
                hidden_labels=tuple(own.get("hidden", ())),
                description=row.definition_en or "",
                occupations=int(occupations.get(row.id, 0)),
                reuse_level=row.reuse_level or "",
            )
        )
    return documents


# --- metrics (the evaluation harness's; tested on hand-made examples) ---------------------------------------


def rp_at_k(gold: Iterable[str], ranked: Sequence[str], k: int) -> float:
    """R-precision at K: |gold ∩ top-K| / min(K, |gold|) (Decorte et al.); 0 when there is no gold."""
    wanted = set(gold)
    if not wanted or k <= 0:
        return 0.0
    return len(wanted & set(ranked[:k])) / min(k, len(wanted))


def reciprocal_rank(gold: Iterable[str], ranked: Sequence[str]) -> float:
    """1 / the rank of the first gold item in `ranked` (0 when none is there)."""
    wanted = set(gold)
    for position, item in enumerate(ranked, start=1):
        if item in wanted:
            return 1.0 / position
    return 0.0


Span = tuple[int, int, str]  # (start, end, kind) — exact matching on all three


SpanKey = TypeVar("SpanKey", bound=Hashable)


def span_prf(gold: Iterable[SpanKey], predicted: Iterable[SpanKey]) -> tuple[float, float, float]:
    """Exact span-level precision, recall and F1 (a predicted span counts only if it equals a gold span)."""
    wanted, found = set(gold), set(predicted)
    hits = len(wanted & found)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(wanted) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bio_spans(tags: Sequence[str], kind: str) -> list[Span]:
    """Spans (token start, token end exclusive, kind) of a BIO tag sequence; a stray I- starts a span."""
    spans: list[Span] = []
    start: int | None = None
    for position, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and start is not None
        if start is not None and not inside:
            spans.append((start, position, kind))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start = position
    return spans


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    """Size of the intersection over size of the union; 1.0 when both are empty."""
    a, b = set(first), set(second)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
