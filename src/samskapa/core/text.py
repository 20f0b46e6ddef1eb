"""Text normalisation shared by search and matching: case-folded, accents stripped except å, ä, ö."""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w+#]+", re.UNICODE)

# Swedish letters are letters of their own, not accented variants: å, ä and ö must survive folding.
_KEEP = frozenset("åäöÅÄÖ")


def strip_accents(text: str) -> str:
    """Accents removed (é → e, ü → u) except from the Swedish letters å, ä and ö; case kept."""
    if text.isascii():  # nothing to strip, and most labels and ad text are ASCII
        return text
    return "".join(map(_stripped, unicodedata.normalize("NFC", text)))


@functools.lru_cache(maxsize=4096)
def _stripped(char: str) -> str:
    """One character without its accents (its compatibility decomposition without combining marks)."""
    if char in _KEEP:
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, strip accents other than å/ä/ö, and collapse punctuation to single spaces."""
    return _NON_WORD.sub(" ", strip_accents(text).casefold()).replace("_", " ").strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text."""
    return fold(text).split()
