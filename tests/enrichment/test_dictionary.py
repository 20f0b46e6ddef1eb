"""The dictionary tier over the real taxonomy: whole words, leftmost-longest, stems, compounds, ambiguity."""

from __future__ import annotations

from samskapa.enrichment.dictionary import Dictionary, _block, describe, matcher_parts
from samskapa.enrichment.normalise import stemmer_for

FORKLIFT = "esco:skill:28cb374e-6261-4133-8371-f9a5470145da"  # operate forklift
WELDER = "esco:occupation:7aedaa07-3884-4c5b-88f9-80997b2aa54b"
TIG_SV = "jobtech:WBnc_JXj_MvY"  # TIG-svetsning
JAVA_SV = "jobtech:jCsR_WQX_CKD"  # Java, programmeringsspråk
JAVA_EN = "esco:skill:19a8293b-8e95-4de3-983f-77484079c389"  # Java (computer programming)
SQL_EN = "esco:skill:598de5b0-5b58-4ea7-8058-a4bc4d18c742"
COMPUTER_TECHNOLOGY = "esco:skill:ddc3119d-1d6e-4324-9125-a3380d299ac5"  # alt label "IT"
DEVELOPER = "jobtech:fg7B_yov_smw"  # Systemutvecklare/Programmerare (JobTech term "utvecklare")


def found(dictionary: Dictionary, text: str, lang: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.concept.id) for m in dictionary.match(text, lang)]


def test_it_covers_the_taxonomy_and_the_term_lists(dictionary: Dictionary) -> None:
    figures = describe(dictionary)
    assert figures["concepts"] > 25_000
    assert figures["surface_forms"] > 140_000
    yrke = figures["jobtech_terms"]["yrke"]
    assert yrke["rows"] == 24_220
    assert yrke["rows_mapped"] > 3_000
    assert figures["jobtech_terms"]["formaga"]["rows"] == 1_399


def test_leftmost_longest_whole_words(dictionary: Dictionary) -> None:
    assert found(dictionary, "You can operate a forklift.", "en") == [("operate a forklift", FORKLIFT)]
    # Never inside a word: "forklift" alone names no skill, and nothing matches a piece of it.
    assert found(dictionary, "forklift", "en") == []
    assert found(dictionary, "Python and SQL", "en")[1] == ("SQL", SQL_EN)


def test_stems_match_inflections_but_not_derivations(dictionary: Dictionary) -> None:
    assert found(dictionary, "welders", "en") == [("welders", WELDER)]
    assert found(dictionary, "operating forklifts", "en") == [("operating forklifts", FORKLIFT)]
    assert found(dictionary, "utvecklaren", "sv") == [("utvecklaren", DEVELOPER)]
    matches = dictionary.match("utvecklaren", "sv")
    assert not matches[0].exact
    assert matches[0].confidence < dictionary.match("utvecklare", "sv")[0].confidence
    # "management" is not an inflection of "manager" although Snowball gives them one stem.
    assert all(
        concept != "esco:occupation:2f5de1ab-eddf-4715-8193-e994912c22ea"
        for _, concept in found(dictionary, "warehouse management", "en")
    )


def test_acronyms_match_in_their_own_case_only(dictionary: Dictionary) -> None:
    assert found(dictionary, "it is IT", "en") == [("IT", COMPUTER_TECHNOLOGY)]
    assert ("Vi", "jobtech:mpuQ_isQ_pTU") not in found(dictionary, "Vi söker", "sv")  # "Vi, texteditor"


def test_swedish_compounds_and_hyphens(dictionary: Dictionary) -> None:
    assert found(dictionary, "javautvecklare", "sv") == [("java", JAVA_SV), ("utvecklare", DEVELOPER)]
    java = dictionary.match("javautvecklare", "sv")[0]
    assert java.compound_part
    assert (java.start, java.end) == (0, 4)
    assert found(dictionary, "TIG-svetsning och TIG svetsning", "sv") == [
        ("TIG-svetsning", TIG_SV),
        ("TIG svetsning", TIG_SV),
    ]
    assert found(dictionary, "e-post", "sv") == []  # never "post" out of "e-post"


def test_ambiguity_prefers_the_texts_language_and_records_alternatives(dictionary: Dictionary) -> None:
    sv = dictionary.match("Java", "sv")[0]
    en = dictionary.match("Java", "en")[0]
    assert sv.concept.id == JAVA_SV
    assert JAVA_EN in [alt.id for alt in sv.alternatives]
    assert en.concept.id == JAVA_EN
    assert JAVA_SV in [alt.id for alt in en.alternatives]
    sql = dictionary.match("SQL", "en")[0]
    assert sql.concept.id == SQL_EN
    assert sql.candidate.kind == "pref"


def test_what_separates_the_words_changes_no_match_and_no_offset(dictionary: Dictionary) -> None:
    """A scan cuts the text at spaces and line breaks and remembers each chunk: other separators, a chunk
    seen before in another place, or the same text scanned again give the same concepts at their own
    offsets."""
    words = ["Du", "kan", "Java", "och", "TIG-svetsning", "samt", "javautvecklare"]
    expected = [("Java", JAVA_SV), ("TIG-svetsning", TIG_SV), ("java", JAVA_SV), ("utvecklare", DEVELOPER)]
    for separator in (" ", "  ", "\n", "\t", " \n ", ", ", " - ", "/"):
        text = "  " + separator.join(words) + " "
        assert found(dictionary, text, "sv") == expected, repr(separator)
        assert found(dictionary, text, "sv") == expected, f"{separator!r} again, from the caches"
    text = "Java, Java. (Java)\nJava"
    starts = [m.start for m in dictionary.match(text, "sv")]
    assert starts == [0, 6, 13, 19]
    assert found(dictionary, text, "sv") == [("Java", JAVA_SV)] * 4


def test_token_keys_are_numbered_by_how_often_text_uses_them(dictionary: Dictionary) -> None:
    """The words a text is mostly made of get the first codes, and the patterns are in code order: the
    automaton then meets them first when it looks a letter up among a node's children, one by one."""
    for lang, common, rare in (("sv", "och", "svetsning"), ("en", "and", "welding")):
        parts = dictionary.parts.get(lang) or matcher_parts(lang, dictionary.forms)
        stem = stemmer_for(lang)
        assert parts.stems.index(stem(common)) < 5, lang
        assert parts.stems.index(stem(rare)) > 1000, lang
        assert list(parts.keys) == sorted(parts.keys), lang
    numbers = [0, 1, 2, 63, 64, 65, 4095, 4096, 4097, 262_143]
    assert sorted(_block(number) for number in reversed(numbers)) == [_block(number) for number in numbers]
