"""Tokens with offsets, folding, stems, Swedish compounds and language detection."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from samskapa.enrichment.normalise import (
    detect_language,
    fold_token,
    folded_words,
    split_chunks,
    split_compound,
    stemmer_for,
    token_pattern,
    tokenize,
)


def test_technical_tokens_keep_their_symbols_and_offsets() -> None:
    text = "C++, C#, .NET, Node.js, SQL och TIG via e-post (ASP.NET 3.5)."
    tokens = tokenize(text)
    assert [token.text for token in tokens] == [
        "C++",
        "C#",
        ".NET",
        "Node.js",
        "SQL",
        "och",
        "TIG",
        "via",
        "e-post",
        "ASP.NET",
        "3.5",
    ]
    assert all(text[token.start : token.end] == token.text for token in tokens)
    assert [token.folded for token in tokens][:4] == ["c++", "c#", ".net", "node.js"]


def test_a_sentence_dot_is_not_a_dot_token() -> None:
    assert [token.text for token in tokenize("Java. Net")] == ["Java", "Net"]


def test_folding_keeps_swedish_letters_and_strips_other_accents() -> None:
    assert fold_token("Öl") == "öl"
    assert fold_token("Café") == "cafe"
    assert fold_token("cafe\u0301") == "cafe"
    assert folded_words("Måltids-Utvecklare, ÅÄÖ") == ["måltids-utvecklare", "åäö"]


def test_stems_join_inflections() -> None:
    sv = stemmer_for("sv")
    en = stemmer_for("en")
    assert sv("utvecklaren") == sv("utvecklare")
    assert sv("sjuksköterskor") == sv("sjuksköterska")
    assert en("nurses") == en("nurse")
    assert en("c++") == "c++"
    assert stemmer_for("xx")("nurses") == en("nurses")


def test_compounds_split_into_known_words() -> None:
    words = {"lager", "arbetare", "truck", "kort", "java", "utvecklare", "kvalitet", "arbete"}
    known = words.__contains__

    def tail(word: str) -> bool:
        return word in words

    assert split_compound("lagerarbetare", known, tail) == (5, 5)
    assert split_compound("truckkort", known, tail) == (5, 5)
    assert split_compound("javautvecklare", known, tail) == (4, 4)
    assert split_compound("kvalitetsarbete", known, tail) == (8, 9)  # linking s
    assert split_compound("forklift", known, tail) is None
    assert split_compound("kort", known, tail) is None


def test_language_detection() -> None:
    assert detect_language("Du har erfarenhet av Java och talar svenska") == "sv"
    assert detect_language("You have experience with Java and speak English") == "en"
    assert detect_language("Java Kubernetes") == "sv"
    assert detect_language("Java Kubernetes", default="en") == "en"
    assert detect_language("") == "sv"
    assert detect_language("\x00\ufffd🙂" * 10) == "sv"


@given(st.text() | st.text(alphabet="aZö9 .-'’#+_\n\u0301"))
def test_token_offsets_are_exact_for_any_text(text: str) -> None:
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    # The dictionary tier tokenises the chunks one by one: that must give the same tokens.
    chunks = split_chunks(text)
    assert " ".join(chunks) == text.replace("\n", " ")
    chunked = [raw for chunk in chunks for raw in token_pattern(chunk).findall(chunk)]
    assert chunked == [token.text for token in tokenize(text)]


@given(st.text())
def test_language_detection_never_raises(text: str) -> None:
    assert detect_language(text) in {"sv", "en"}
