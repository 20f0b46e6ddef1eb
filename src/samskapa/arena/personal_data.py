"""Detectors of personal data in arena texts, so that nothing with it is published.

Found are Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer,
day + 60) in the forms YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN and YYYYMMDDNNNN, with a valid
date and Luhn check digit; Swedish phone numbers (mobiles 07x-xxx xx xx, +46 7x ..., landlines 08-...,
031-...); and email addresses. Findings name the field and the kind of data, never the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from samskapa.arena.errors import PersonalDataFound
from samskapa.core.errors import FieldError

PERSONAL_IDENTITY_NUMBER: Final = "personal_identity_number"
COORDINATION_NUMBER: Final = "coordination_number"
PHONE_NUMBER: Final = "phone_number"
EMAIL_ADDRESS: Final = "email_address"
KINDS: Final = (PERSONAL_IDENTITY_NUMBER, COORDINATION_NUMBER, PHONE_NUMBER, EMAIL_ADDRESS)

DESCRIPTIONS: Final = {
    PERSONAL_IDENTITY_NUMBER: "a personal identity number (personnummer)",
    COORDINATION_NUMBER: "a coordination number (samordningsnummer)",
    PHONE_NUMBER: "a phone number",
    EMAIL_ADDRESS: "an email address",
}

# Digits that are not part of a longer run of digits or word characters.
_IDENTITY: Final = re.compile(r"(?<![\w+-])(\d{2})?(\d{6})([-+]?)(\d{4})(?![\w-])")
_MOBILE: Final = re.compile(r"(?<![\w+])07[02369](?:[\s-]?\d){7}(?!\w)")
_INTERNATIONAL: Final = re.compile(
    r"(?<![\w+])(?:\+|00)46[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){6,8}(?![\w-])"
)
# An area code (08, 031, 0910, ...), a dash, slash or space, then the subscriber number in groups.
_LANDLINE: Final = re.compile(
    r"(?<![\w+-])(08|0[1-9]\d{1,2})(?:\s*[-/–]\s*|\s)(\d{2,8}(?:[\s-]\d{2,4}){0,3})(?![\w-])"
)
_EMAIL: Final = re.compile(r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")


@dataclass(frozen=True)
class Finding:
    """Personal data of one kind in one field (the value is deliberately not kept)."""

    field: str
    kind: str


def luhn_ok(digits: str) -> bool:
    """The Luhn check (mod 10) over the digits, the last being the check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def identity_kind(century: str | None, yymmdd: str, separator: str, last4: str) -> str | None:
    """The kind of a candidate identity number (personal or coordination), or None when it is not one."""
    if century is not None and separator == "+":
        return None  # '+' marks a 10-digit number of someone 100 or older
    if not luhn_ok(yymmdd + last4):
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    kind = PERSONAL_IDENTITY_NUMBER
    if day > 60:
        day -= 60
        kind = COORDINATION_NUMBER
    if century is not None:
        years = [int(century) * 100 + yy]
        if years[0] < 1850:
            return None
    else:
        years = [1900 + yy, 2000 + yy]
    if any(_valid_date(year, month, day) for year in years):
        return kind
    return None


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def find_in_text(text: str) -> list[str]:
    """The kinds of personal data in a text (each once, in the order of KINDS)."""
    found: set[str] = set()
    for match in _IDENTITY.finditer(text):
        kind = identity_kind(match.group(1), match.group(2), match.group(3), match.group(4))
        if kind is not None:
            found.add(kind)
    if _MOBILE.search(text) or _INTERNATIONAL.search(text):
        found.add(PHONE_NUMBER)
    for match in _LANDLINE.finditer(text):
        area, subscriber = match.group(1), _digits(match.group(2))
        if 5 <= len(subscriber) <= 8 and 8 <= len(area) + len(subscriber) <= 10:
            found.add(PHONE_NUMBER)
    if _EMAIL.search(text):
        found.add(EMAIL_ADDRESS)
    return [kind for kind in KINDS if kind in found]


def find(fields: Mapping[str, str | None]) -> list[Finding]:
    """Every kind of personal data in every field."""
    return [
        Finding(field=name, kind=kind)
        for name, value in fields.items()
        if value
        for kind in find_in_text(value)
    ]


def refuse(findings: Iterable[Finding]) -> None:
    """Refuse a write that carries personal data: a 400 naming each field and kind, never the value."""
    found = list(findings)
    if not found:
        return
    parts = [f"{DESCRIPTIONS[f.kind]} in '{f.field}'" for f in found]
    raise PersonalDataFound(
        "The text looks like it contains personal data: " + "; ".join(parts) + ".",
        hint=(
            "Remove personal identity numbers, phone numbers and email addresses before publishing: "
            "everything in the arena is public."
        ),
        field_errors=[FieldError(f.field, f"contains {DESCRIPTIONS[f.kind]}") for f in found],
        extra={"personal_data": [{"field": f.field, "kind": f.kind} for f in found]},
    )


def check(fields: Mapping[str, str | None]) -> None:
    """Refuse the write when any of the fields carries personal data."""
    refuse(find(fields))
