"""The personal-data detectors: Swedish personal identity and coordination numbers (forms, dates, the Luhn
digit), phone numbers and email addresses, and the look-alikes that must not be flagged."""

from __future__ import annotations

import pytest

from samskapa.arena import personal_data
from samskapa.arena.errors import PersonalDataFound
from samskapa.arena.personal_data import (
    COORDINATION_NUMBER,
    EMAIL_ADDRESS,
    PERSONAL_IDENTITY_NUMBER,
    PHONE_NUMBER,
    Finding,
    find_in_text,
    luhn_ok,
)


def test_luhn() -> None:
    assert luhn_ok("8112189876")
    assert luhn_ok("1212121212")
    assert not luhn_ok("8112189875")
    assert not luhn_ok("1212121213")


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",
        "8112189876",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # someone 100 or older
        "Mitt personnummer är 121212-1212, ring mig.",
        "000229-1235",  # 29 February 2000
        "460101-1234",
    ],
)
def test_personal_identity_numbers_are_found(text: str) -> None:
    assert find_in_text(text) == [PERSONAL_IDENTITY_NUMBER]


@pytest.mark.parametrize("text", ["811278-9873", "8112789873", "19811278-9873"])
def test_coordination_numbers_are_found(text: str) -> None:
    assert find_in_text(text) == [COORDINATION_NUMBER]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "8112189870",  # wrong check digit
        "811318-9875",  # month 13 (the check digit is right)
        "810230-9872",  # 30 February (the check digit is right)
        "811292-9875",  # coordination day 92 - 60 = 32 (the check digit is right)
        "19010229-1234",  # 29 February 1901 is no date
        "19811218+9876",  # '+' only with ten digits
    ],
)
def test_invalid_identity_numbers_are_not_found(text: str) -> None:
    assert find_in_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "070-123 45 67",
        "0701234567",
        "073-1234567",
        "076 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 8 123 456 78",
        "08-123 456 78",
        "08-12 34 56",
        "tel 08 123 45 67",
        "031-123456",
        "0910-123 45",
    ],
)
def test_phone_numbers_are_found(text: str) -> None:
    assert find_in_text(text) == [PHONE_NUMBER]


@pytest.mark.parametrize(
    "text", ["anna.svensson@example.se", "Skriv till kontakt+arena@kommun.example.org!", "a_b@sub.domain.nu"]
)
def test_email_addresses_are_found(text: str) -> None:
    assert find_in_text(text) == [EMAIL_ADDRESS]


@pytest.mark.parametrize(
    "text",
    [
        "ordernummer 1234567890",
        "order 2025-4711",
        "ärende 2026-123456",
        "år 2025",
        "2015-2020",
        "SSYK 2512 och 2511",
        "senast 2026-11-30",
        "01-12-2026",
        "kommun:0180 2025",
        "lan:01",
        "0-18 år",
        "kl. 08.00-17.00",
        "postnummer 114 55",
        "100 000 kronor",
        "3 500 platser",
        "ISBN 978-91-7343-123-4",
        "version 1.2.3",
        "@anna på sociala medier",
        "e-post finns på webbplatsen",
    ],
)
def test_look_alikes_are_not_found(text: str) -> None:
    assert find_in_text(text) == []


def test_several_kinds_in_one_text_are_each_found_once() -> None:
    text = "Ring 070-123 45 67 eller 08-123 456 78, mejla a@example.se, pnr 811218-9876."
    assert find_in_text(text) == [PERSONAL_IDENTITY_NUMBER, PHONE_NUMBER, EMAIL_ADDRESS]


def test_find_names_fields_and_kinds() -> None:
    findings = personal_data.find({"title": "Hej", "summary": "ring 0701234567", "purpose": None})
    assert findings == [Finding(field="summary", kind=PHONE_NUMBER)]


def test_check_refuses_without_echoing_the_value() -> None:
    with pytest.raises(PersonalDataFound) as caught:
        personal_data.check({"description": "Mitt nummer är 811218-9876", "title": "ok"})
    error = caught.value
    assert error.status == 400
    assert error.code == "personal_data_found"
    assert [(e.field, e.message) for e in error.field_errors] == [
        ("description", "contains a personal identity number (personnummer)")
    ]
    assert error.extra == {"personal_data": [{"field": "description", "kind": PERSONAL_IDENTITY_NUMBER}]}
    assert "811218" not in str(error)
    assert "9876" not in str(error)
    assert error.hint is not None
    assert "Remove" in error.hint


def test_check_accepts_clean_text() -> None:
    personal_data.check({"title": "Lediga platser per kommun", "summary": "SSYK 2512, år 2025, 2026-11-30."})
