"""The dictionary tier: leftmost-longest Aho-Corasick matching over every sv/en label of the taxonomy.

**What is in it.** Every Swedish and English label (pref, alt, hidden) of active concepts of the types
skill, occupation, occupation-name and language, plus:
- derived forms: the parts of `A/B` labels (`Lagerarbetare/Terminalarbetare`) and the head of JobTech's
  qualified labels (`Java, programmeringsspråk` → `Java`; ESCO's `X (computer programming)` → `X`);
- English names of the spoken languages (`data/language-names-en.csv`; the taxonomy names them in Swedish);
- the JobTech term lists (`data/jobtech-terms-*.csv.gz`): a soft-skill term maps to a skill when its concept
  or the term itself equals a skill label, a job-title term to an occupation name when its concept equals an
  occupation-name label; terms that map to nothing are left out (`Dictionary.coverage` has the figures);
- a few curated aliases (`data/aliases.csv`) for common terms the taxonomy lacks.

**How it matches.** Text and labels go through the same tokeniser (`normalise.py`). Each token becomes a
key (the Snowball stem of the folded word, in the text's language) and each distinct key a fixed-width block
(`|` + three letters); a label is the string of its tokens' blocks, and so is the text. Aho-Corasick over
these strings with leftmost-longest iteration (`iter_long`) can only match whole tokens: never inside a
word. A Swedish word unknown as a whole is split into a known head and tail (`javautvecklare` → `java` +
`utvecklare`), and a hyphenated one at its hyphens when every part is known; the parts then match with
their own offsets (only labels in the text's language match a part). A stem-only match counts only when
the words differ by inflectional endings (`welders`/`welder`, `utvecklaren`/`utvecklare`, not
`management`/`manager`). Short labels and acronyms (`IT`, `C#`, `SQL`, two-letter labels, labels that are
stop words) match only in the label's case; one-letter labels, one-word hidden labels and two-letter
occupation acronyms are left out.

**Ambiguity.** A surface form with several concepts keeps the best by: exact before stem-only, a label in the
text's language, type (language > skill > occupation name > occupation), label kind
(pref > alt > derived/term/alias > hidden), ESCO reuse level (transversal first); the others are recorded as
alternatives.

A process reads the dictionary once per taxonomy version (`snapshot.dictionary_for`: from the database's
snapshot when it is fresh, else built here from the labels); the automaton for a language is made on first
use (read from where an earlier process kept it, `snapshot.AutomatonFiles`, or built), and a pattern's
candidates are ranked on its first hit.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, NamedTuple, Protocol, cast

import ahocorasick  # type: ignore[import-not-found]
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.core.text import fold
from samskapa.enrichment.normalise import (
    fold_token,
    folded_words,
    split_chunks,
    split_compound,
    stemmer_for,
    token_pattern,
)
from samskapa.taxonomy.models import Concept, Label, TaxonomyVersion

TYPES: tuple[str, ...] = ("skill", "occupation", "occupation-name", "language")
TYPE_RANK = {"language": 4, "skill": 3, "occupation-name": 2, "occupation": 1}
KIND_RANK = {"pref": 5, "alt": 4, "derived": 3, "term": 3, "alias": 3, "hidden": 1}
BASE_CONFIDENCE = {"pref": 0.95, "alt": 0.9, "derived": 0.85, "term": 0.8, "alias": 0.8, "hidden": 0.75}
REUSE_RANK = {"transversal": 4, "cross-sector": 3, "sector-specific": 2, "occupation-specific": 1}
MAX_LABEL_WORDS = 12


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Labels that are one of these words match only with the label's own (upper) case: "IT", never "it".
STOP_WORDS = _words(
    "och att det som en är på av för med har till den inte om ett var jag du vi ni de kan ska mig dig man"
    " sig oss er han hon ingen inga utan eller men så när bra nya ny all alla hel"
    " the and of to in is for with on are be as you we our your this that have has will an by or at from it"
    " not can who all any may use up out one new go do no so if"
)

# In the order of its code points, so that sorting blocks as strings sorts them by number.
_ALPHABET = "+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WIDTH = 4  # "|" + three letters of the alphabet: 262,144 token keys
_UNKNOWN = "|~~~"


def _block(number: int) -> str:
    """The block of the number-th token key."""
    a, rest = divmod(number, 64 * 64)
    b, c = divmod(rest, 64)
    return "|" + _ALPHABET[a] + _ALPHABET[b] + _ALPHABET[c]


# Stems conflate derivations too ("management"/"manager", "experience"/"experiment", "care"/"careful"). A
# stem-only match is kept only when the words differ by inflectional endings (English or Swedish).
_INFLECTIONS = _words(
    "s es 's ed d ing e ies y n en et na er ar or erna arna orna a t ns ens ets nas ernas arnas ornas ers ars"
) | {""}


@lru_cache(maxsize=200_000)
def _inflected(word: str, label_word: str) -> bool:
    """Whether two words are inflections of one another: what follows their common prefix is an ending."""
    if word == label_word:
        return True
    common = 0
    for a, b in zip(word, label_word, strict=False):
        if a != b:
            break
        common += 1
    return word[common:] in _INFLECTIONS and label_word[common:] in _INFLECTIONS


@dataclass(frozen=True, slots=True)
class ConceptRef:
    id: str
    type: str
    label_sv: str | None
    label_en: str | None
    reuse_level: str | None

    def label(self, lang: str) -> str:
        preferred = self.label_sv if lang == "sv" else self.label_en
        return preferred or self.label_en or self.label_sv or self.id


class Candidate(NamedTuple):
    """One surface form of one concept, tokenised and folded."""

    concept: ConceptRef
    lang: str
    kind: str
    folded: tuple[str, ...]
    case_text: tuple[str, ...] | None
    confidence: float
    source: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    candidates: tuple[Candidate, ...]
    concepts: tuple[ConceptRef, ...]
    tied: bool
    case_sensitive: bool


class Piece(NamedTuple):
    """A token (or a part of a split compound) of the scanned text."""

    start: int
    end: int
    text: str
    folded: str
    part: int  # 1: starts inside its word (a compound's tail), 2: ends inside it (a head)


_Decision = tuple[ConceptRef, Candidate, bool, bool, tuple[ConceptRef, ...], float]


class Match(NamedTuple):
    start: int
    end: int
    concept: ConceptRef
    candidate: Candidate
    exact: bool
    compound_part: bool
    alternatives: tuple[ConceptRef, ...]
    confidence: float


@dataclass
class Coverage:
    rows: int = 0
    rows_mapped: int = 0
    concepts: int = 0
    concepts_mapped: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "rows_mapped": self.rows_mapped,
            "concepts": self.concepts,
            "concepts_mapped": self.concepts_mapped,
        }


def _data_text(name: str) -> str:
    raw = resources.files("samskapa.enrichment").joinpath("data").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def _rows(name: str) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(io.StringIO(_data_text(name)), delimiter=";")


_LENGTHS = 16  # an automaton value is pattern number * 16 + its length in tokens (at most MAX_LABEL_WORDS)


@dataclass(frozen=True)
class MatcherParts:
    """What a language's automaton is made of, computed from the surface forms (`matcher_parts`) or read
    from a snapshot: the token keys (code i is `_block(i)`), the words a Swedish compound may start with,
    the patterns (strings of blocks) and, per pattern, the indexes of its surface forms."""

    lang: str
    stems: list[str]
    heads: list[str]
    keys: list[str]
    patterns: Sequence[Sequence[int]]


def key_frequencies(lang: str) -> dict[str, float]:
    """How often each token key (Snowball stem of a folded word) occurs in ordinary text of `lang`: the
    summed frequencies of its words in `wordfreq`'s small list (Wikipedia, subtitles, news, books, web)."""
    import wordfreq  # noqa: PLC0415 (data-build time only: 0.15 s of imports a worker never needs)

    stem = stemmer_for(lang)
    found: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict(lang, wordlist="small").items():
        key = stem(fold_token(word))
        found[key] = found.get(key, 0.0) + frequency
    return found


def matcher_parts(lang: str, forms: Sequence[Candidate]) -> MatcherParts:
    """Each distinct token key (the stem of the folded word in `lang`) gets a block; a form's pattern is the
    string of its words' blocks, and forms with the same pattern share it.

    The keys are numbered by how often they occur in ordinary text (`key_frequencies`), and the patterns
    are kept in the order of their strings, which is the order of their codes. pyahocorasick looks a
    letter up among a node's children one by one, in the order they were added; so the words a text is
    mostly made of ("och", "the", "erfarenhet") are found first. On generated ads the scan of the blocks ran
    20 to 35 % faster than with the keys numbered in the order the labels first use them."""
    stem = stemmer_for(lang)
    word_key: dict[str, str] = {}
    for form in forms:
        for word in form.folded:
            if word not in word_key:
                word_key[word] = stem(word)
    frequency = key_frequencies(lang)
    stems = sorted(dict.fromkeys(word_key.values()), key=lambda key: -frequency.get(key, 0.0))
    codes = {key: _block(number) for number, key in enumerate(stems)}
    patterns: dict[str, list[int]] = {}
    for index, form in enumerate(forms):
        patterns.setdefault("".join(codes[word_key[word]] for word in form.folded), []).append(index)
    heads = [word for word in word_key if len(word) >= 3 and word.isalpha()]
    keys = sorted(patterns)
    return MatcherParts(lang, stems, heads, keys, [patterns[key] for key in keys])


class AutomatonStore(Protocol):
    """Where the automata are kept between processes (`snapshot.AutomatonFiles`): reading one is a tenth of
    building it."""

    def read(self, parts: MatcherParts) -> Any | None:
        """The automaton of `parts` as kept, or None (then it is built and kept)."""

    def keep(self, parts: MatcherParts, automaton: Any) -> None:
        """Keep the automaton just built from `parts`."""


class Matcher:
    """The automaton of one text language over every surface form of a dictionary.

    Each distinct token key (stem of the folded word) gets a code of three characters from a 64-letter
    alphabet; a token is the block `|` + code, a label the concatenation of its tokens' blocks, and the text
    the concatenation of its tokens' blocks (unknown tokens `|~~~`). `|` occurs only at block starts, so a
    match always starts and ends on token boundaries, and a small alphabet keeps pyahocorasick's transitions
    fast (a code point per token would give the root tens of thousands of children).

    Scanning cuts the text at spaces and line breaks into chunks (in C) and looks up each chunk's blocks: a
    chunk is tokenised once per worker (`_learn`), and its tokens' offsets are worked out only for the chunks
    a match touches (`_pieces`, and then kept). What a pattern decides for the same chunks is remembered too.
    Every cache is bounded.
    """

    def __init__(
        self,
        lang: str,
        forms: Sequence[Candidate],
        parts: MatcherParts | None = None,
        store: AutomatonStore | None = None,
    ) -> None:
        """The automaton of `lang` over `forms`, from `parts` when a snapshot has them (`matcher_parts`),
        read from `store` when it has it, else built (and kept there)."""
        if parts is None:
            parts = matcher_parts(lang, forms)
        self.lang = lang
        self._stem = stemmer_for(lang)
        self._codes = {key: _block(number) for number, key in enumerate(parts.stems)}
        self._chunks: dict[str, str] = {"": ""}
        self._tokens: dict[str, tuple[str, str, tuple[tuple[int, int], ...] | None]] = {}
        self._chunk_pieces: dict[str, list[Piece]] = {}
        # what a pattern decided for the same chunks: () for no match, else the offsets in the first and
        # last chunk and the choice
        self._decisions: dict[tuple[object, ...], tuple[()] | tuple[int, int, _Decision]] = {}
        self._heads = frozenset(parts.heads)
        self._forms = forms
        self._pattern_forms = parts.patterns
        # A pattern's candidates are ranked on its first hit: most of the 130,000 patterns are never hit.
        self._candidates: list[_Pattern | None] = [None] * len(parts.keys)
        automaton = None if store is None else store.read(parts)
        self.stored = automaton is not None  # read from the store, not built here
        if automaton is None:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for number, key in enumerate(parts.keys):
                automaton.add_word(key, number * _LENGTHS + len(key) // _WIDTH)
            automaton.make_automaton()
            if store is not None:
                store.keep(parts, automaton)
        self._automaton = automaton

    def _pattern_at(self, number: int) -> _Pattern:
        found = self._candidates[number]
        if found is None:
            forms = self._forms
            found = self._candidates[number] = self._pattern([forms[i] for i in self._pattern_forms[number]])
        return found

    def _rank(self, candidate: Candidate) -> tuple[int, int, int, int]:
        return (
            int(candidate.lang == self.lang),
            TYPE_RANK.get(candidate.concept.type, 0),
            KIND_RANK.get(candidate.kind, 0),
            REUSE_RANK.get(candidate.concept.reuse_level or "", 0),
        )

    def _pattern(self, found: list[Candidate]) -> _Pattern:
        """The candidates of a pattern, best first, with the distinct concepts and whether the top two tie."""
        if len(found) == 1:
            only = found[0]
            return _Pattern((only,), (only.concept,), False, only.case_text is not None)
        ranked = sorted(found, key=self._rank, reverse=True)
        concepts: list[ConceptRef] = []
        for candidate in ranked:
            if candidate.concept not in concepts:
                concepts.append(candidate.concept)
        tied = False
        if len(concepts) > 1:
            runner_up = next(c for c in ranked if c.concept is not ranked[0].concept)
            tied = self._rank(runner_up) == self._rank(ranked[0])
        return _Pattern(tuple(ranked), tuple(concepts), tied, any(c.case_text is not None for c in ranked))

    def _learn(self, chunk: str) -> str:
        """The blocks of a chunk of text between spaces: none for a chunk without tokens (`-`, `•`), one per
        token (`Java,`), or more for words joined by other than a space (`Java/Kubernetes`, `mål.\nVi`) or a
        split word (`javautvecklare`). Its pieces are worked out only if a match touches it (`_pieces`)."""
        if len(self._chunks) > 300_000:
            self._chunks.clear()
            self._tokens.clear()
            self._chunk_pieces.clear()
        tokens = self._tokens
        known = tokens.get(chunk)  # a chunk that is a token seen before ("Java" after "Java,")
        if known is not None:
            found = self._chunks[chunk] = known[0]
            return found
        blocks = []
        for raw in token_pattern(chunk).findall(chunk):
            known = tokens.get(raw)
            if known is None:
                known = tokens[raw] = self._analyse(raw)
            blocks.append(known[0])
        found = self._chunks[chunk] = "".join(blocks)
        return found

    def _pieces(self, chunk: str) -> list[Piece]:
        """One piece per block of a chunk, with offsets into the chunk (remembered: a chunk that a match
        touched is often in the next match too, "Python" in "Python" and in "Python and SQL")."""
        pieces = self._chunk_pieces.get(chunk)
        if pieces is not None:
            return pieces
        pieces = self._chunk_pieces[chunk] = []
        for token in token_pattern(chunk).finditer(chunk):
            raw = token.group()
            _, folded, parts = self._tokens.get(raw) or self._analyse(raw)
            start = token.start()
            if parts is None:
                pieces.append(Piece(start, token.end(), raw, folded, 0))
                continue
            for begin, end in parts:
                inside = (1 if begin > 0 else 0) | (2 if end < len(raw) else 0)
                pieces.append(Piece(start + begin, start + end, raw[begin:end], folded[begin:end], inside))
        return pieces

    def _analyse(self, raw: str) -> tuple[str, str, tuple[tuple[int, int], ...] | None]:
        """(blocks, folded, parts) of a token: one block, or one per part of a split word (`java` +
        `utvecklare`, `TIG` + `svetsning`), with the parts' offsets; an unknown token is the block `|~~~`.
        (Plain tuples of strings and numbers: the garbage collector stops tracking them.)"""
        folded = fold_token(raw)
        codes = self._codes
        stem = self._stem
        code = codes.get(stem(folded))
        if code is not None or len(raw) != len(folded):
            return code or _UNKNOWN, folded, None
        split: list[tuple[int, int]] = []
        if "-" in folded:
            offset = 0
            for word in folded.split("-"):
                split.append((offset, offset + len(word)))
                offset += len(word) + 1
            if not all(end - begin >= 2 and stem(folded[begin:end]) in codes for begin, end in split):
                split = []
        elif self.lang == "sv":
            cut = split_compound(folded, self._heads.__contains__, self._is_tail)
            if cut is not None:
                split = [(0, cut[0]), (cut[1], len(folded))]
        if not split:
            return _UNKNOWN, folded, None
        return "".join(codes[stem(folded[begin:end])] for begin, end in split), folded, tuple(split)

    def _is_tail(self, word: str) -> bool:
        return len(word) >= 4 and self._stem(word) in self._codes

    def match(self, text: str) -> list[Match]:
        # The text is cut into chunks, not tokenised: a worker has seen most chunks before, so a chunk's
        # blocks are a dictionary lookup and tokens (with their offsets) are needed only where something
        # matched.
        chunks = split_chunks(text)
        known = list(map(self._chunks.get, chunks))
        if None in known:  # chunks not seen before (few once a worker has read some text)
            learn = self._learn
            blocks = [
                learn(chunk) if block is None else block for block, chunk in zip(known, chunks, strict=True)
            ]
        else:
            blocks = cast(list[str], known)
        hits = list(self._automaton.iter_long("".join(blocks)))
        if not hits:
            return []
        ends = list(accumulate(map(len, blocks)))  # chunk i's blocks end at ends[i]
        before = list(accumulate(map(len, chunks), initial=0))  # chunk i starts at before[i] + i
        matches: list[Match] = []
        decisions = self._decisions
        if len(decisions) > 200_000:
            decisions.clear()
        for end_char, value in hits:
            pattern, length = divmod(value, _LENGTHS)
            last = end_char // _WIDTH
            last_chunk = bisect_right(ends, last * _WIDTH)
            # blocks of the last chunk after the match (tail), and of the first chunk before it (lead)
            tail = ends[last_chunk] // _WIDTH - last - 1
            first = last - length + 1
            # a match of one token is inside one chunk (most hits): one search and no slice
            first_chunk = last_chunk if length == 1 else bisect_right(ends, first * _WIDTH)
            lead = first - (ends[first_chunk] - len(blocks[first_chunk])) // _WIDTH
            key = (
                (pattern, lead, tail, chunks[last_chunk])
                if length == 1
                else (pattern, lead, tail, *chunks[first_chunk : last_chunk + 1])
            )
            # The same chunks against the same pattern always decide the same: remember the decision.
            decision = decisions.get(key)
            if decision is None:
                if first_chunk == last_chunk:
                    span = self._pieces(chunks[last_chunk])
                else:
                    span = [
                        piece
                        for chunk in chunks[first_chunk : last_chunk + 1]
                        for piece in self._pieces(chunk)
                    ]
                span = span[lead : len(span) - tail]
                found = self._choose(span, self._pattern_at(pattern))
                # offsets relative to the first chunk (the match's start) and the last (its end)
                decision = decisions[key] = () if found is None else (span[0].start, span[-1].end, found)
            if decision:
                start, end, found = decision
                start += before[first_chunk] + first_chunk
                end += before[last_chunk] + last_chunk
                matches.append(tuple.__new__(Match, (start, end, *found)))  # not Match(): a Python function
        return matches

    def _choose(self, span: list[Piece], pattern: _Pattern) -> _Decision | None:
        folded = tuple(piece.folded for piece in span)
        raw = tuple(piece.text for piece in span) if pattern.case_sensitive else ()
        best: Candidate | None = None
        exact = False
        part = bool(span[0].part & 1 or span[-1].part & 2)  # the match starts or ends inside a word
        for candidate in pattern.candidates:
            if candidate.case_text is not None and candidate.case_text != raw:
                continue
            if part and candidate.lang != self.lang:
                continue  # a part of a Swedish compound is a Swedish word: "data" in "datavetenskap"
            if candidate.folded == folded:
                best, exact = candidate, True
                break
            if (
                best is None
                and not (len(folded) == 1 and len(folded[0]) <= 4)
                and all(map(_inflected, folded, candidate.folded))
            ):
                best = candidate
        if best is None:
            return None
        concepts = pattern.concepts
        alternatives = () if len(concepts) == 1 else tuple(c for c in concepts if c is not best.concept)
        confidence = best.confidence
        if not exact:
            confidence *= 0.85
        if part:
            confidence *= 0.9
        if pattern.tied and best is pattern.candidates[0]:
            confidence *= 0.9
        if len(folded) == 1 and len(folded[0]) <= 3:
            confidence *= 0.9
        return (best.concept, best, exact, part, alternatives, round(min(max(confidence, 0.0), 1.0), 3))


@dataclass
class Dictionary:
    """Every surface form of the taxonomy version `version`; `matcher(lang)` builds the automata lazily."""

    version: int
    concepts: dict[str, ConceptRef]
    forms: Sequence[Candidate]
    coverage: dict[str, Coverage] = field(default_factory=dict)
    parts: dict[str, MatcherParts] = field(default_factory=dict)  # from a snapshot, by language
    _matchers: dict[str, Matcher] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def matcher(self, lang: str, store: AutomatonStore | None = None) -> Matcher:
        """The matcher of `lang`, made on first use (its automaton read from `store` when it has it)."""
        found = self._matchers.get(lang)
        if found is None:
            with self._lock:
                found = self._matchers.get(lang)
                if found is None:
                    found = self._matchers[lang] = Matcher(lang, self.forms, self.parts.get(lang), store)
        return found

    def match(self, text: str, lang: str) -> list[Match]:
        return self.matcher(lang).match(text)


# JobTech qualifies many skill labels ("Java, programmeringsspråk"). The head alone is a surface form of the
# concept when the qualifier names a category of thing (a language, a tool, a system, experience), not when
# it narrows the meaning ("Matematik, undervisning", "E-post, sårbarhetsanalys").
_CATEGORY_QUALIFIERS = (
    "språk",
    "verktyg",
    "system",
    "plattform",
    "hanterare",
    "editor",
    "ramverk",
    "protokoll",
    "vana",
    "erfarenhet",
    "kunskap",
    "CMS",
)


def _derived(text: str, concept_id: str) -> list[str]:
    """Extra surface forms of a label: the parts of `A/B`, the head of `X, category` and `X (qualifier)`."""
    out: list[str] = []
    if "/" in text:
        out.extend(part.strip() for part in text.split("/") if part.strip())
    if concept_id.startswith("jobtech:") and ", " in text:
        head, qualifier = text.split(", ", 1)
        if qualifier.endswith(_CATEGORY_QUALIFIERS):
            out.append(head)
    if text.endswith(")") and " (" in text:
        out.append(text.split(" (", 1)[0])
    return [item for item in out if item and item != text]


_NON_WORD = re.compile(r"[^\w+#]+")
_SWEDISH = str.maketrans("", "", "åäö")


def _label_key(text: str) -> str:
    """`samskapa.core.text.fold` (the labels' `folded` column), with a fast path for plain text."""
    lowered = text.casefold()
    if lowered.translate(_SWEDISH).isascii():
        return _NON_WORD.sub(" ", lowered).replace("_", " ").strip()
    return fold(text)


def _hyphen_parts(word: str) -> list[str]:
    """A hyphenated label word splits into its parts when each has at least two characters (not `e-post`)."""
    if "-" not in word:
        return [word]
    parts = word.split("-")
    return parts if all(len(part) >= 2 for part in parts) else [word]


class _Forms:
    """Collects the surface forms, dropping unusable ones and keeping the best kind of each duplicate."""

    def __init__(self, concepts: dict[str, ConceptRef]) -> None:
        self.concepts = concepts
        self.forms: dict[tuple[str, str, tuple[str, ...]], Candidate] = {}

    def add(self, concept_id: str, lang: str, kind: str, text: str, source: str, confidence: float) -> None:
        concept = self.concepts.get(concept_id)
        if concept is None:
            return
        words = tuple(folded_words(text))
        if "-" in text:
            words = tuple(part for word in words for part in _hyphen_parts(word))
        if not words or len(words) > MAX_LABEL_WORDS:
            return
        case_text: tuple[str, ...] | None = None
        if len(words) == 1:
            word = words[0]
            if len(word) == 1 or kind == "hidden":
                return  # one letter is never evidence; one-word hidden labels are search noise ("care")
            if len(word) == 2 and concept.type == "occupation":
                return  # "AB" (able seaman), "RN": two-letter occupation acronyms are ordinary words in ads
            if len(word) == 2 or word in STOP_WORDS or (len(word) <= 4 and text.isupper()):
                # Acronyms match in their own case only ("IT", "SQL", "C#"); "Vi", "Go", "it" never.
                if not (text.isupper() or not word.isalpha()):
                    return
                case_text = tuple(token_pattern(text).findall(text))
        key = (concept_id, lang, words)
        previous = self.forms.get(key)
        if previous is not None and KIND_RANK.get(previous.kind, 0) >= KIND_RANK.get(kind, 0):
            return
        self.forms[key] = Candidate(concept, lang, kind, words, case_text, confidence, source)


def build_dictionary(session: Session) -> Dictionary:
    """Read the labels of the newest taxonomy version and the bundled term lists into a Dictionary."""
    version = current_version(session)
    concepts: dict[str, ConceptRef] = {}
    for concept_id, type_, label_sv, label_en, reuse in session.execute(
        select(
            Concept.id, Concept.type, Concept.pref_label_sv, Concept.pref_label_en, Concept.reuse_level
        ).where(Concept.type.in_(TYPES), Concept.status == "active")
    ):
        concepts[concept_id] = ConceptRef(concept_id, type_, label_sv, label_en, reuse)
    forms = _Forms(concepts)
    by_label: dict[str, dict[str, list[str]]] = {}  # type -> folded label (core fold) -> concept ids
    rows = session.execute(
        select(Label.concept_id, Label.lang, Label.kind, Label.text, Label.folded)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.type.in_(TYPES), Concept.status == "active", Label.lang.in_(("sv", "en")))
    )
    for concept_id, lang, kind, text, folded in rows:
        forms.add(concept_id, lang, kind, text, "taxonomy", BASE_CONFIDENCE.get(kind, 0.75))
        labels = by_label.setdefault(concepts[concept_id].type, {})
        labels.setdefault(folded, []).append(concept_id)
        if "/" in text or ", " in text or " (" in text:
            for derived in _derived(text, concept_id):
                forms.add(concept_id, lang, "derived", derived, "taxonomy", BASE_CONFIDENCE["derived"])
                labels.setdefault(_label_key(derived), []).append(concept_id)
    for row in _rows("language-names-en.csv"):
        forms.add(
            f"language:{row['code']}", "en", "alt", row["name"], "language-names", BASE_CONFIDENCE["alt"]
        )
    coverage: dict[str, Coverage] = {}
    for name, type_, file in (
        ("formaga", "skill", "jobtech-terms-formaga.csv.gz"),
        ("yrke", "occupation-name", "jobtech-terms-yrke.csv.gz"),
    ):
        labels = by_label.get(type_, {})
        stats = coverage[name] = Coverage()
        seen: set[str] = set()
        mapped: set[str] = set()
        for row in _rows(file):
            stats.rows += 1
            seen.add(row["concept"])
            ids = labels.get(_label_key(row["concept"]))
            if not ids and type_ == "skill":
                ids = labels.get(_label_key(row["term"]))
            if not ids:
                continue
            stats.rows_mapped += 1
            mapped.add(row["concept"])
            confidence = 0.7 if row["misspelled"] == "1" else BASE_CONFIDENCE["term"]
            forms.add(ids[0], "sv", "term", row["term"], f"jobtech-terms-{name}", confidence)
        stats.concepts, stats.concepts_mapped = len(seen), len(mapped)
    for row in _rows("aliases.csv"):
        forms.add(row["concept"], row["lang"], "alias", row["term"], "alias", float(row["confidence"]))
    return Dictionary(version=version, concepts=concepts, forms=list(forms.forms.values()), coverage=coverage)


def current_version(session: Session) -> int:
    return int(session.scalar(select(func.max(TaxonomyVersion.number))) or 0)


def describe(dictionary: Dictionary) -> dict[str, Any]:
    """Figures about a dictionary (for reports and the API's metadata)."""
    return {
        "taxonomy_version": dictionary.version,
        "concepts": len(dictionary.concepts),
        "surface_forms": len(dictionary.forms),
        "jobtech_terms": {name: stats.as_dict() for name, stats in dictionary.coverage.items()},
    }
