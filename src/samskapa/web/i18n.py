"""Swedish and English text for people. Every page string has both; a test checks that none is missing."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
DEFAULT_LANGUAGE: Language = "sv"
COOKIE = "samskapa_lang"

MESSAGES: dict[str, dict[Language, str]] = {
    "site.name": {"sv": "Samskapa", "en": "Samskapa"},
    "site.tagline": {
        "sv": "Gemensam datainfrastruktur för livslångt lärande och kompetensförsörjning",
        "en": "Shared data infrastructure for lifelong learning and competence supply",
    },
    "nav.home": {"sv": "Start", "en": "Home"},
    "nav.concepts": {"sv": "Begrepp", "en": "Concepts"},
    "nav.api": {"sv": "API", "en": "API"},
    "nav.main": {"sv": "Huvudmeny", "en": "Main menu"},
    "nav.skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "lang.switch": {"sv": "In English", "en": "På svenska"},
    "lang.switch.label": {"sv": "Byt språk till engelska", "en": "Switch language to Swedish"},
    "error.title": {"sv": "Något gick fel", "en": "Something went wrong"},
    "error.404": {"sv": "Sidan finns inte", "en": "Page not found"},
    "error.back": {"sv": "Till startsidan", "en": "Back to the home page"},
    "error.hint": {"sv": "Tips", "en": "Hint"},
    "footer.data": {
        "sv": "Data: ESCO (Europeiska kommissionen, CC BY 4.0), JobTech-taxonomin (Arbetsförmedlingen), SCB.",
        "en": "Data: ESCO (European Commission, CC BY 4.0), the JobTech taxonomy (Arbetsförmedlingen), SCB.",
    },
}


def translate(key: str, lang: Language) -> str:
    """The text for `key` in `lang`; an unknown key is a programming error."""
    return MESSAGES[key][lang]


def request_language(request: Request) -> Language:
    """The language of a page request: ?lang=, then the cookie, then Accept-Language, else Swedish."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    accept = request.headers.get("accept-language", "").lower()
    ranked = []
    for part in accept.split(","):
        piece = part.strip().split(";q=")
        code = piece[0][:2]
        try:
            weight = float(piece[1]) if len(piece) > 1 else 1.0
        except ValueError:
            weight = 0.0
        if code in LANGUAGES:
            ranked.append((weight, code))
    if ranked:
        return max(ranked)[1]  # type: ignore[return-value]
    return DEFAULT_LANGUAGE
