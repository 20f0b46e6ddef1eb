"""Controlled values of job ads: employment types and working hours, with Swedish and English labels.

Each value has our own id, its labels and aliases: the JobTech Taxonomy concept ids and labels that
Arbetsförmedlingen's ads carry. `resolve` accepts any of them (labels case-insensitively) and returns our
id. JobTech concept ids: employment types as used in Arbetsförmedlingen's published ads
(`employment_type.concept_id`), cross-checked in two independent public clients of the JobTech API;
working hours from the JobTech static dataset `concepts-describing-working-hours` (type worktime-extent).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

LabelLang = Literal["sv", "en"]


def _fold(value: str) -> str:
    return " ".join(value.split()).casefold()


@dataclass(frozen=True, slots=True)
class Term:
    """One controlled value: our id, its labels and the other names it is known by."""

    id: str
    sv: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: LabelLang) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms; iterating yields the ids."""

    terms: tuple[Term, ...]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for term in self.terms:
            for name in (term.id, term.sv, term.en, *term.aliases):
                lookup[_fold(name)] = term.id
        object.__setattr__(self, "_lookup", lookup)

    def __iter__(self) -> Iterator[str]:
        return (term.id for term in self.terms)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and any(term.id == value for term in self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)

    def names(self, lang: LabelLang) -> dict[str, str]:
        """Id -> label in one language, in the vocabulary's order."""
        return {term.id: term.label(lang) for term in self.terms}

    def label(self, term_id: str, lang: LabelLang) -> str | None:
        for term in self.terms:
            if term.id == term_id:
                return term.label(lang)
        return None

    def resolve(self, value: str | None) -> str | None:
        """Our id for an id, a JobTech concept id or label, or a Swedish/English label; None if unknown."""
        if not value:
            return None
        return self._lookup.get(_fold(value))


EMPLOYMENT_TYPES = Vocabulary(
    (
        Term(
            "employment-type:regular",
            "Vanlig anställning",
            "Regular employment",
            (
                "PFZr_Syz_cUq",
                "kpPX_CNN_gDU",
                "Tillsvidareanställning (inkl. eventuell provanställning)",
                "Tillsvidareanställning",
                "Permanent employment",
            ),
        ),
        Term(
            "employment-type:summer",
            "Sommarjobb / feriejobb",
            "Summer job",
            ("Jh8f_q9J_pbJ", "Sommarjobb", "Feriejobb"),
        ),
        Term(
            "employment-type:on-demand",
            "Behovsanställning",
            "On-demand",
            ("1paU_aCR_nGn", "On-demand employment"),
        ),
        Term(
            "employment-type:seasonal",
            "Säsongsanställning",
            "Seasonal",
            ("EBhX_Qm2_8eX", "Seasonal employment"),
        ),
        Term(
            "employment-type:temporary",
            "Vikariat",
            "Temporary cover",
            ("gro4_cWF_6D7",),
        ),
        Term(
            "employment-type:fixed-term",
            "Visstidsanställning",
            "Fixed-term",
            ("sTu5_NBQ_udq", "Tidsbegränsad anställning", "Fixed-term employment"),
        ),
    )
)

WORKING_HOURS = Vocabulary(
    (
        Term("full-time", "Heltid", "Full-time", ("6YE1_gAC_R2G", "Full time")),
        Term("part-time", "Deltid", "Part-time", ("947z_JGS_Uk2", "Part time")),
    )
)


def resolve_employment_type(value: str | None) -> str | None:
    return EMPLOYMENT_TYPES.resolve(value)


def resolve_working_hours(value: str | None) -> str | None:
    return WORKING_HOURS.resolve(value)


def employment_type_names(lang: LabelLang) -> dict[str, str]:
    return EMPLOYMENT_TYPES.names(lang)


def working_hours_names(lang: LabelLang) -> dict[str, str]:
    return WORKING_HOURS.names(lang)
