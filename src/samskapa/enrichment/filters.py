"""Filters: negation scopes and boilerplate sections, in Swedish and English.

**Decision.** A concept found inside a negation scope or a boilerplate section is not dropped silently: it
is flagged (`negated=True`, or `section="benefits" | "about" | "application"`) and the service moves it
from `concepts` (what the text asks for or offers as skills) to `filtered`, so pages can still show it
struck through and nothing found is lost.

**Negation.** The text is cut into clauses at `. ! ? ; :`, line breaks, bullets and dashes. In a clause:
- a *forward* cue (`ingen`, `inga`, `inget`, `inte`, `ej`, `icke`, `utan krav/erfarenhet/förkunskaper`,
  `behöver (du) inte`; `no`, `not`, `without`, `never`, `don't need`, `no need`) negates what follows it, up
  to the end of the clause or a contrast word (`men`, `utan`, `dock`, `but`, `however`, `rather`);
  `inte bara`/`inte enbart`/`not only`/`not just` are not cues;
- a *backward* cue (`krävs inte/ej`, `är inget krav`, `är inte ett krav`, `behövs inte/ej`, `är inte
  nödvändigt`; `not required`, `not needed`, `not necessary`, `is not a requirement`, `not a must`) negates
  what precedes it in the clause.

**Sections.** A line that is a known heading (alone on its line, or followed by a colon) starts a section;
it runs to the next heading of any kind (known content headings such as "Kvalifikationer",
"Requirements" also end it, as does any short line ending with a colon) or the end of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_CLAUSE_END = re.compile(r"[.!?;:\n\r•·▪●]|\s[–—-]\s")

_NOT_ONLY = r"(?!\s+(?:bara|enbart|endast|only|just|merely)\b)"
_FORWARD = re.compile(
    r"\b(?:ingen|inga|inget|icke|ej|inte" + _NOT_ONLY + r"|utan\s+(?:krav|erfarenhet|förkunskaper|tidigare)"
    r"|no|not" + _NOT_ONLY + r"|without|never|non|don't|doesn't|do\s+not|does\s+not)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:men|utan|dock|but|however|rather|instead)\b", re.IGNORECASE)
_BACKWARD = re.compile(
    r"\b(?:krävs\s+(?:inte|ej)|är\s+inget\s+(?:krav|måste)|är\s+inte\s+(?:ett\s+krav|nödvändig[t]?|ett\s+måste)"
    r"|behövs\s+(?:inte|ej)|är\s+ej\s+ett\s+krav|not\s+required|not\s+needed|not\s+necessary"
    r"|is\s+not\s+(?:a\s+)?(?:requirement|must|required)|not\s+a\s+(?:requirement|must))\b",
    re.IGNORECASE,
)

BOILERPLATE_HEADINGS: dict[str, tuple[str, ...]] = {
    "benefits": (
        "vi erbjuder",
        "vi erbjuder dig",
        "vad vi erbjuder",
        "förmåner",
        "våra förmåner",
        "we offer",
        "what we offer",
        "benefits",
        "perks",
        "our benefits",
    ),
    "about": (
        "om oss",
        "om företaget",
        "om arbetsgivaren",
        "om organisationen",
        "about us",
        "about the company",
        "who we are",
        "company description",
    ),
    "application": (
        "ansökan",
        "ansök",
        "så ansöker du",
        "sista ansökningsdag",
        "kontakt",
        "kontaktuppgifter",
        "how to apply",
        "application",
        "apply",
        "contact",
        "contact information",
    ),
}
CONTENT_HEADINGS: tuple[str, ...] = (
    "om tjänsten",
    "arbetsuppgifter",
    "dina arbetsuppgifter",
    "kvalifikationer",
    "krav",
    "vi söker",
    "vem är du",
    "din profil",
    "profil",
    "meriterande",
    "about the role",
    "the role",
    "responsibilities",
    "requirements",
    "qualifications",
    "who you are",
    "your profile",
    "nice to have",
)

_HEADING_KIND = {heading: kind for kind, items in BOILERPLATE_HEADINGS.items() for heading in items}
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_HEADING_TEXT = re.compile(r"^[\s#*•\-–]*(?P<text>[^\n:]{1,60})(?:(?P<colon>:)(?P<rest>[^\n]*))?$")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def negation_scopes(text: str) -> list[Span]:
    """The character spans of the text that a negation governs (kind "negation")."""
    scopes: list[Span] = []
    position = 0
    for boundary in [*(m.start() for m in _CLAUSE_END.finditer(text)), len(text)]:
        if boundary > position:
            scopes.extend(_clause_scopes(text, position, boundary))
        position = boundary + 1
    return scopes


def _clause_scopes(text: str, start: int, end: int) -> list[Span]:
    clause = text[start:end]
    found: list[Span] = []
    for cue in _BACKWARD.finditer(clause):
        found.append(Span(start, start + cue.start(), "negation"))
    for cue in _FORWARD.finditer(clause):
        if _BACKWARD.match(clause, cue.start()) or any(
            b.start() <= cue.start() < b.end() for b in _BACKWARD.finditer(clause)
        ):
            continue
        contrast = _CONTRAST.search(clause, cue.end())
        stop = contrast.start() if contrast else len(clause)
        found.append(Span(start + cue.end(), start + stop, "negation"))
    return found


def _heading(line: str) -> tuple[str, bool] | None:
    """(normalised heading text, is a heading line) of a line, or None when it is no heading."""
    parsed = _HEADING_TEXT.match(line.rstrip("\n\r"))
    if parsed is None:
        return None
    words = parsed.group("text").strip().casefold()
    rest = (parsed.group("rest") or "").strip()
    if parsed.group("colon"):
        return words, True
    if rest or not words:
        return None
    return words, False


def boilerplate_sections(text: str) -> list[Span]:
    """The spans of benefits, about-us and application sections (kind benefits, about or application)."""
    sections: list[Span] = []
    current: tuple[int, str] | None = None
    for line in _LINE.finditer(text):
        if not line.group():
            break
        heading = _heading(line.group())
        if heading is None:
            continue
        words, with_colon = heading
        kind = _HEADING_KIND.get(words)
        is_content = words in CONTENT_HEADINGS
        generic = with_colon and len(words.split()) <= 4
        if kind is None and not is_content and not generic:
            continue
        if current is not None:
            sections.append(Span(current[0], line.start(), current[1]))
            current = None
        if kind is not None:
            current = (line.start(), kind)
    if current is not None:
        sections.append(Span(current[0], len(text), current[1]))
    return sections


class SpanIndex:
    """Which span (if any) contains a range; spans may overlap, the first containing one wins."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda span: span.start)
        self._starts = [span.start for span in self.spans]

    def find(self, start: int, end: int) -> Span | None:
        for index in range(bisect_right(self._starts, start) - 1, -1, -1):
            span = self.spans[index]
            if span.contains(start, end):
                return span
        return None
