"""Normalisation for the dictionary tier: tokens with offsets, folding, Snowball stems, Swedish compounds.

Every token keeps its character offsets into the original text, so whatever is matched on normalised
forms maps back to exactly `text[start:end]`.

- Tokens are runs of letters and digits (with combining marks), joined by an inner `.` or apostrophe
  (`Node.js`, `ASP.NET`, `3.5`, `don't`) or a hyphen (`e-post`), with a leading `.` before letters (`.NET`)
  and trailing `+`/`#` (`C++`, `C#`). The dictionary splits labels at hyphens, and splits a hyphenated word of
  the text only when every part is known, so `TIG-svetsning` and `TIG svetsning` match the same label while
  `e-post` never yields `post`.
- Folding lower-cases and strips accents except å, ä, ö (Swedish letters of their own), like
  `samskapa.core.text.fold` but per token.
- Stems are Snowball (package `snowballstemmer`), Swedish or English, memoised per process.
- Language detection counts function words of Swedish and English and the letters å/ä/ö; it never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from samskapa.core.text import strip_accents

LANGUAGES: tuple[str, ...] = ("sv", "en")

_WORD = r"(?:[^\W_]|[\u0300-\u036f])"
TOKEN_RE = re.compile(rf"{_WORD}+(?:[.'’-]{_WORD}+)*[+#]*|(?<![^\W_])\.(?=[^\W\d_]){_WORD}+")
# The same without combining marks, about twice as fast; used when the text has none (NFC text).
_FAST_RE = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*[+#]*|(?<![^\W_])\.(?=[^\W\d_])[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def token_pattern(text: str) -> re.Pattern[str]:
    """The tokeniser for `text` (the fast one when it has no combining marks)."""
    return TOKEN_RE if _COMBINING.search(text) else _FAST_RE


def split_chunks(text: str) -> list[str]:
    """The text cut at spaces and line breaks (in C): chunk i starts where the chunks before it and one
    separator each end, and tokenising the chunks one by one gives the text's tokens (a separator is one
    character and never part of a token)."""
    return text.replace("\n", " ").split(" ")


_SWEDISH_LETTERS = str.maketrans("", "", "åäö")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    folded: str


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Lower-case and strip accents other than å/ä/ö; a right single quote becomes `'`."""
    if token.isascii():
        return token.lower()
    lowered = token.lower()
    if len(lowered) == len(token) and lowered.translate(_SWEDISH_LETTERS).isascii():
        return lowered  # plain Swedish: nothing to strip
    return strip_accents(token).casefold().replace("’", "'")


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` with their offsets; `text[t.start:t.end] == t.text` always."""
    return [
        Token(m.start(), m.end(), m.group(), fold_token(m.group()))
        for m in token_pattern(text).finditer(text)
    ]


def fold_text(text: str) -> str:
    """`fold_token` over a whole text (token boundaries stay where they were)."""
    if text.isascii():
        return text.lower()
    return fold_token.__wrapped__(text)


def folded_words(text: str) -> list[str]:
    """The folded tokens of a text (labels are normalised this way)."""
    folded = fold_text(text)
    return token_pattern(folded).findall(folded)


_STEMMERS = {"sv": "swedish", "en": "english"}


def stemmer_for(lang: str) -> Callable[[str], str]:
    """A memoised Snowball stemmer of a folded word for `lang` (sv or en)."""
    return _stemmer(lang if lang in _STEMMERS else "en")


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(_STEMMERS[lang])

    @lru_cache(maxsize=500_000)
    def stem(word: str) -> str:
        # Digits, symbols and very short words are kept as they are: stemming "c++" or "it" only harms.
        if len(word) <= 3 or not word.isalpha():
            return word
        return str(stemmer.stemWord(word))

    return stem


def split_compound(
    word: str, is_head: Callable[[str], bool], is_tail: Callable[[str], bool]
) -> tuple[int, int] | None:
    """Split a Swedish compound into a known head and a known tail, allowing a linking `s`.

    Returns `(head_end, tail_start)` offsets inside `word` (equal without a linking s), or None. The longest
    known tail wins (the last part of a Swedish compound carries its meaning); parts are at least 3 letters
    (head) and 4 letters (tail). `lagerarbetare` → (5, 5); `kvalitetsarbete` → (8, 9).
    """
    if len(word) < 7 or not word.isalpha():
        return None
    for cut in range(3, len(word) - 3):
        head = word[:cut]  # the head is a set lookup, the tail may need a stem: test the head first
        if is_head(head):
            if is_tail(word[cut:]):
                return cut, cut
        elif head.endswith("s") and len(head) > 3 and is_head(head[:-1]) and is_tail(word[cut:]):
            return cut - 1, cut
    return None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words (and letters) that tell Swedish from English. Counted, never looked up in bulk.
_SV_WORDS = _words(
    "och att det som en är på av för med har till den inte om ett var jag du vi ni de kan ska vill eller"
    " hos från efter under också samt både inom där här vår våra din dina erfarenhet arbete tjänsten"
    " söker krav meriterande mycket goda kunskaper"
)
_EN_WORDS = _words(
    "the and of to in is for with on are be as you we our your this that have has will an by or at from"
    " it not can who work experience skills team role required knowledge ability"
)


def detect_language(text: str, default: str = "sv") -> str:
    """`sv` or `en` by counting function words (and å/ä/ö as Swedish evidence); `default` on a tie.

    Simple and documented rather than clever: each Swedish function word is a vote for sv, each English one
    for en, and every å/ä/ö adds half a vote for sv. Works from a handful of words; never raises.
    """
    try:
        sv = en = 0.0
        for word in folded_words(text[:20_000]):
            if word in _SV_WORDS:
                sv += 1
            if word in _EN_WORDS:
                en += 1
        sv += 0.5 * sum(text[:20_000].count(ch) for ch in "åäöÅÄÖ")
    except Exception:  # pragma: no cover - detection must never raise
        return default
    if sv > en:
        return "sv"
    if en > sv:
        return "en"
    return default
