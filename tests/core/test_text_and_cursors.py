from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskapa.core.errors import Invalid
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.text import fold, strip_accents, tokens


def test_fold_keeps_swedish_letters_and_strips_other_accents() -> None:
    assert fold("Sjuksköterska, Grundutbildad") == "sjuksköterska grundutbildad"
    assert fold("Café Crème") == "cafe creme"
    assert fold("ÅÄÖ") == "åäö"
    assert tokens("C++ and C#") == ["c++", "and", "c#"]
    assert fold("snake_case/slash") == "snake case slash"


def _stripped_by_definition(text: str) -> str:
    """Every character of the NFC form decomposed and its combining marks dropped, but å, ä and ö kept."""
    return "".join(
        char
        if char in "åäöÅÄÖ"
        else "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        for char in unicodedata.normalize("NFC", text)
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("åäöÅÄÖéüñçøﬁ²Å\u0301"), max_size=30))
def test_strip_accents_is_its_definition_for_any_text(text: str) -> None:
    assert strip_accents(text) == _stripped_by_definition(text)
    assert strip_accents(text + "e\u0301") == strip_accents(text) + "e"  # a decomposed é, too


# The machines are shared and noisy: a slow draw is not a defect of the code under test.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["after", "phase"]), st.text(max_size=40) | st.integers()))
def test_cursors_round_trip(position: dict[str, object]) -> None:
    assert decode_cursor(encode_cursor(position)) == position


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", "WzFd"])
def test_damaged_cursors_are_client_errors(token: str) -> None:
    with pytest.raises(Invalid, match="cursor"):
        decode_cursor(token)
