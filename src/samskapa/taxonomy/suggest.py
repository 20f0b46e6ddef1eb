"""Typo-tolerant autocomplete over preferred, alternative and hidden labels in Swedish and English.

An in-memory index built from the database: a sorted list of whole labels for prefix lookups, an inverted
index of words, and per-letter buckets of the vocabulary for fuzzy matching with RapidFuzz (optimal string
alignment distance: edits and swaps of two letters).
Every query word must match a word of the label (exactly, as a prefix, or within a small edit distance).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from samskapa.core.text import fold

KIND_PENALTY = {"pref": 0.0, "alt": 1.5, "hidden": 3.0}
PREFIX_EXPANSION_LIMIT = 400
ENTRY_EXPANSION_LIMIT = 2000


@dataclass(frozen=True)
class Hit:
    """One suggestion: the concept, the label that matched, and its score."""

    concept_id: str
    type: str
    matched: str
    matched_kind: str
    lang: str
    score: float


def _max_distance(token: str) -> int:
    if len(token) < 4:
        return 0
    return 1 if len(token) < 7 else 2


class SuggestIndex:
    """Immutable after build; safe to share between threads."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str, str, str]], *, version: int | None) -> None:
        self.version = version
        self.concept_ids: list[str] = []
        self.types: list[str] = []
        self.langs: list[str] = []
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.folded: list[str] = []
        self.pref: dict[str, dict[str, str]] = {}
        self.schemes: dict[str, str] = {}
        postings: dict[str, list[int]] = {}
        for concept_id, type_, scheme, lang, kind, text in rows:
            self.schemes[concept_id] = scheme
            folded = fold(text)
            if not folded:
                continue
            entry = len(self.texts)
            self.concept_ids.append(concept_id)
            self.types.append(type_)
            self.langs.append(lang)
            self.kinds.append(kind)
            self.texts.append(text)
            self.folded.append(folded)
            if kind == "pref":
                self.pref.setdefault(concept_id, {})[lang] = text
            for word in set(folded.split()):
                postings.setdefault(word, []).append(entry)
        self.postings = postings
        self.vocabulary = sorted(postings)
        self.by_label = sorted(range(len(self.folded)), key=self.folded.__getitem__)
        self.sorted_labels = [self.folded[i] for i in self.by_label]
        self._lang_index = {lang: code for code, lang in enumerate(sorted(set(self.langs)))}
        self._type_index = {type_: code for code, type_ in enumerate(sorted(set(self.types)))}
        self._lang_codes = np.array([self._lang_index[lang] for lang in self.langs], dtype=np.int16)
        self._type_codes = np.array([self._type_index[type_] for type_ in self.types], dtype=np.int16)
        self._kind_penalty = np.array([KIND_PENALTY[kind] for kind in self.kinds], dtype=np.float64)
        self._lengths = np.array([len(folded) for folded in self.folded], dtype=np.float64)
        self.buckets: dict[str, list[str]] = {}
        for word in self.vocabulary:
            self.buckets.setdefault(word[0], []).append(word)

    def __len__(self) -> int:
        return len(self.texts)

    def _prefix_words(self, token: str) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, token)
        end = bisect.bisect_left(self.vocabulary, token + "\uffff")
        # Short prefixes match thousands of words: expand only the first few, whole labels cover the rest.
        limit = PREFIX_EXPANSION_LIMIT if len(token) > 2 else 40
        return self.vocabulary[start : min(end, start + limit)]

    def _fuzzy_words(self, token: str, *, prefix: bool) -> dict[str, float]:
        limit = _max_distance(token)
        if limit == 0:
            return {}
        found: dict[str, float] = {}
        for first in dict.fromkeys(token[:2]):
            bucket = self.buckets.get(first, [])
            choices = [word[: len(token)] for word in bucket] if prefix else bucket
            for _, distance, index in process.extract(
                token, choices, scorer=OSA.distance, score_cutoff=limit, limit=50
            ):
                word = bucket[index]
                # A swap of two letters ("pyhton") is the commonest typo: cheaper than another word.
                swapped = sorted(choices[index]) == sorted(token)
                cost = (0.5 if swapped else 1.0) * distance + (
                    0.2 if prefix and len(word) > len(token) else 0.0
                )
                found[word] = min(found.get(word, cost), cost)
            if found:
                break
        return found

    def _word_costs(self, token: str, *, last: bool) -> dict[str, float]:
        costs: dict[str, float] = {}
        if last and len(token) == 1:
            # One letter says too little; whole labels starting with it are found separately.
            return {token: 0.0} if token in self.postings and len(self.postings[token]) < 500 else {}
        if token in self.postings:
            costs[token] = 0.0
        if last or len(token) >= 3:
            for word in self._prefix_words(token):
                costs.setdefault(word, 0.3 if last else 0.6)
        if not costs or (len(costs) == 1 and token not in costs):
            for word, cost in self._fuzzy_words(token, prefix=last).items():
                costs.setdefault(word, 1.0 + cost)
        return costs

    def _entry_costs(self, query_tokens: list[str]) -> dict[int, float]:
        """Entries matching every query word, with the summed cost; starts from the rarest word."""
        last = len(query_tokens) - 1
        per_token = [self._word_costs(token, last=i == last) for i, token in enumerate(query_tokens)]
        if any(not word_costs for word_costs in per_token):
            return {}
        sizes = [sum(len(self.postings[word]) for word in word_costs) for word_costs in per_token]
        order = sorted(range(len(per_token)), key=sizes.__getitem__)
        total: dict[int, float] = {}
        for word, cost in sorted(per_token[order[0]].items(), key=lambda item: item[1]):
            if cost > 0 and len(total) > ENTRY_EXPANSION_LIMIT:
                break  # enough candidates: a longer query narrows them, whole-label prefixes fill in
            for entry in self.postings[word]:
                if cost < total.get(entry, 99.0):
                    total[entry] = cost
        for index in order[1:]:
            word_costs = per_token[index]
            narrowed: dict[int, float] = {}
            for entry, cost in total.items():
                best = min(
                    (word_costs[w] for w in self.folded[entry].split() if w in word_costs), default=None
                )
                if best is not None:
                    narrowed[entry] = cost + best
            total = narrowed
            if not total:
                break
        return total

    def search(self, query: str, *, langs: Sequence[str], types: Sequence[str], limit: int) -> list[Hit]:
        """The best `limit` concepts for `query`, one hit per concept."""
        folded_query = fold(query)
        query_tokens = folded_query.split()
        if not query_tokens:
            return []
        costs = self._entry_costs(query_tokens)
        start = bisect.bisect_left(self.sorted_labels, folded_query)
        for offset in range(start, min(start + 200, len(self.sorted_labels))):
            label = self.sorted_labels[offset]
            if not label.startswith(folded_query):
                break
            costs[self.by_label[offset]] = -2.0 if label == folded_query else -1.0
        if not costs:
            return []
        entries = np.fromiter(costs.keys(), dtype=np.int64, count=len(costs))
        cost = np.fromiter(costs.values(), dtype=np.float64, count=len(costs))
        keep = np.ones(len(entries), dtype=bool)
        if langs:
            keep &= np.isin(self._lang_codes[entries], [self._lang_index.get(lang, -1) for lang in langs])
        if types:
            keep &= np.isin(self._type_codes[entries], [self._type_index.get(type_, -1) for type_ in types])
        entries, cost = entries[keep], cost[keep]
        scores = (
            100.0
            - 10.0 * cost
            - self._kind_penalty[entries]
            - 0.15 * np.abs(self._lengths[entries] - len(folded_query))
        )
        # Several labels of one concept may match: look at enough of the best to fill `limit` concepts.
        window = min(len(entries), limit * 30)
        top = (
            np.argpartition(-scores, window - 1)[:window]
            if window < len(entries)
            else np.arange(len(entries))
        )
        ordered = sorted(top.tolist(), key=lambda i: (-scores[i], self.folded[entries[i]], int(entries[i])))
        hits: list[Hit] = []
        seen: set[str] = set()
        for i in ordered:
            entry = int(entries[i])
            concept_id = self.concept_ids[entry]
            if concept_id in seen:
                continue
            seen.add(concept_id)
            hits.append(
                Hit(
                    concept_id=concept_id,
                    type=self.types[entry],
                    matched=self.texts[entry],
                    matched_kind=self.kinds[entry],
                    lang=self.langs[entry],
                    score=round(float(scores[i]), 2),
                )
            )
            if len(hits) == limit:
                break
        return hits

    def scheme_of(self, concept_id: str) -> str:
        """The scheme of an indexed concept."""
        return self.schemes[concept_id]

    def preferred_label(self, concept_id: str, lang: str) -> tuple[str, str]:
        """The concept's preferred label in `lang`, else in the other language."""
        labels = self.pref.get(concept_id, {})
        if lang in labels:
            return labels[lang], lang
        for other, text in labels.items():
            return text, other
        return concept_id, lang


class SuggestIndexHolder:
    """Keeps one index per process and rebuilds it when a newer taxonomy version is loaded."""

    def __init__(
        self, *, build: Callable[[], SuggestIndex], current_version: Callable[[], int | None]
    ) -> None:
        self._build = build
        self._current_version = current_version
        self._index: SuggestIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> SuggestIndex:
        """The index, built on first use and again whenever `current_version` moves on."""
        index = self._index
        if index is None or self._stale(index):
            with self._lock:
                index = self._index
                if index is None or self._stale(index):
                    index = self._index = self._build()
        return index

    def _stale(self, index: SuggestIndex) -> bool:
        # The index may be newer than a cached `current_version` (built just after a load): keep it then.
        return (index.version or 0) < (self._current_version() or 0)
