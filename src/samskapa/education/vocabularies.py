"""Controlled values of education offerings (mode, credit units, pace) with Swedish and English names."""

from __future__ import annotations

# How the teaching is given (ELM `mode`; Susa-navet's "undervisningsform" and "studieort").
MODES = {
    "campus": ("På campus", "On campus"),
    "distance": ("Distans", "Distance"),
    "blended": ("Blandad (campus och distans)", "Blended (campus and distance)"),
}

# The unit the credits are counted in (ELM `creditPoint` with its framework).
CREDIT_UNITS = {
    "hp": ("Högskolepoäng", "Higher education credits"),
    "ects": ("ECTS-poäng", "ECTS credits"),
    "yh": ("Yrkeshögskolepoäng", "Higher vocational education credits"),
    # Preparatory courses at universities (behörighetsgivande förutbildning) count these, not hp.
    "fup": ("Förutbildningspoäng", "Preparatory education credits"),
}

# Short forms after a number ("7,5 hp").
CREDIT_UNIT_ABBREVIATIONS = {
    "hp": ("hp", "credits"),
    "ects": ("ECTS", "ECTS"),
    "yh": ("yh-poäng", "YH credits"),
    "fup": ("fup", "prep. credits"),
}

# The usual paces have names; any other percentage is shown as the number.
PACES = {
    100: ("Helfart", "Full time"),
    75: ("Trekvartsfart", "Three-quarter time"),
    50: ("Halvfart", "Half time"),
    25: ("Kvartsfart", "Quarter time"),
}


def _index(lang: str) -> int:
    return 0 if lang == "sv" else 1


def pace_name(pace: int, lang: str) -> str:
    """A pace in percent as people say it: "Halvfart" / "Half time", otherwise "30 %"."""
    names = PACES.get(pace)
    if names is not None:
        return names[_index(lang)]
    return f"{pace} %" if lang == "sv" else f"{pace}%"


def credits_text(credits: float, unit: str, lang: str) -> str:
    """Credits as written in a course title: "7,5 hp" in Swedish, "7.5 credits" in English."""
    number = f"{credits:g}"
    if lang == "sv":
        number = number.replace(".", ",")
    abbreviations = CREDIT_UNIT_ABBREVIATIONS.get(unit)
    return f"{number} {abbreviations[_index(lang)] if abbreviations else unit}"


def names_in(lang: str) -> dict[str, dict[str, str]]:
    """The controlled values with their names in `lang` (sv or en), for pages, filters and forms."""
    index = _index(lang)
    return {
        "mode": {code: names[index] for code, names in MODES.items()},
        "credit_unit": {code: names[index] for code, names in CREDIT_UNITS.items()},
        "pace": {str(pace): names[index] for pace, names in PACES.items()},
    }
