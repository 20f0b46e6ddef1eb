"""The bundled Mittuniversitetet syllabi: every row loads, with its outcomes, level and field mapped."""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from samskapa.education.schemas import LearningOpportunityIn
from samskapa.education.syllabi import (
    BUNDLED,
    COLUMNS,
    LEVELS,
    PLACEHOLDERS,
    SUBJECT_FIELDS,
    SUBJECT_GROUP_FIELDS,
    SyllabusCounts,
    SyllabusSourceError,
    read_syllabi,
    split_outcomes,
    split_title,
)
from samskapa.taxonomy.service import unknown_concept_ids

ROWS = 3586


@pytest.fixture(scope="module")
def source_rows() -> list[dict[str, str]]:
    with gzip.open(BUNDLED, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def loaded() -> tuple[dict[str, LearningOpportunityIn], SyllabusCounts]:
    counts = SyllabusCounts()
    offerings = list(read_syllabi(counts=counts))
    by_code = {offering.external_id: offering for offering in offerings}
    assert len(by_code) == len(offerings), "course codes repeat"
    return by_code, counts


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_row_is_an_offering(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, counts = loaded
    assert len(source_rows) == ROWS
    assert counts.rows == ROWS
    assert len(offerings) == ROWS
    assert set(offerings) == {row["Kurskod"] for row in source_rows}
    for offering in offerings.values():
        assert offering.provider.name == "Mittuniversitetet (demo)"
        assert offering.languages == ["language:sv"]
        assert offering.title_sv or offering.title_en
        # Not in the data, so never set.
        assert offering.location is None
        assert offering.mode is None
        assert offering.pace is None
        assert offering.start_dates == []
        assert offering.application_opens is None
        assert offering.application_closes is None
        assert offering.cost is None
        assert offering.free is None


def test_outcomes_of_every_non_empty_cell(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, counts = loaded
    for column, language, non_empty, placeholders in (
        ("UtbildningMal", "sv", 3564, 36),
        ("UtbildningMalEngelsk", "en", 882, 3),
    ):
        cells = [row for row in source_rows if row[column].strip()]
        assert len(cells) == non_empty
        real = [row for row in cells if row[column].strip() not in PLACEHOLDERS]
        assert len(cells) - len(real) == placeholders
        with_outcomes = {
            code for code, offering in offerings.items() if getattr(offering, f"learning_outcomes_{language}")
        }
        # Every real text gives outcomes, and nothing else does.
        assert with_outcomes == {row["Kurskod"] for row in real}
        assert getattr(counts, f"with_outcomes_{language}") == non_empty - placeholders
    assert counts.placeholders_sv == 36
    assert counts.placeholders_en == 3
    assert counts.outcomes_sv > 3 * counts.with_outcomes_sv  # lists are split, not kept whole


def test_outcome_items_are_the_source_text(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    """Splitting only cuts and trims: every item is a piece of its source text, nothing is made up."""
    offerings, _ = loaded
    for row in source_rows:
        offering = offerings[row["Kurskod"]]
        for column, items in (
            ("UtbildningMal", offering.learning_outcomes_sv),
            ("UtbildningMalEngelsk", offering.learning_outcomes_en),
        ):
            source = _normalised(row[column])
            for item in items:
                assert item == item.strip()
                assert item in source, (row["Kurskod"], item)


def test_a_known_course_splits_into_its_items(
    loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts],
) -> None:
    offerings, _ = loaded
    course = offerings["AK001A"]
    assert course.title_sv == "Arkiv- och informationsvetenskap AV, Teori och metod"
    assert course.learning_outcomes_sv == [
        "självständigt redogöra för och tillämpa kvalitativa och kvantitativa vetenskapliga metoder",
        "kritiskt granska och jämföra olika teorier och metoder",
        "förstå grundläggande vetenskapsteoretiska perspektiv",
        "självständigt välja och tillämpa lämplig teori och metod för en akriv- och "
        "informationsvetenskaplig forskningsuppgift",
    ]
    assert course.learning_outcomes_en == []
    assert course.credits == 7.5
    assert course.credit_unit == "hp"
    assert course.subject == "Arkiv- och informationsvetenskap"
    assert course.progression == "A1N"
    assert str(course.valid_from) == "2013-08-15"
    assert course.entry_requirements_sv is not None
    assert course.entry_requirements_sv.startswith("Avlagd kandidatexamen")


def test_headings_and_lead_ins_are_not_outcomes(
    loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts],
) -> None:
    offerings, _ = loaded
    # The headings "Skissteknik", "Modellteknik" and "Produktsemiotik" each come before their items.
    sketching = offerings["MT080G"].learning_outcomes_sv
    assert sketching[0] == (
        "tillämpa grundläggande perspektivlära och skissteknik samt beskriva värdet av dessa i "
        "produktutvecklingsprocessen."
    )
    assert len(sketching) == 7
    assert not any(item in {"Skissteknik", "Modellteknik", "Produktsemiotik"} for item in sketching)
    # Numbered items whose text follows the number after a line break ("1.  Tillämpa …").
    maths = offerings["MA138G"].learning_outcomes_sv
    assert maths[0].startswith("Tillämpa och förklara grundläggande matematiska begrepp")
    assert all(not item.rstrip(".").isdigit() for item in maths)
    # A wrapped line that starts in upper case continues an item that ends mid-phrase ("use the  SPSS …").
    assert any(
        item.startswith("use the SPSS computer program") for item in offerings["PS149G"].learning_outcomes_en
    )
    # The lead-in sentence is left out everywhere.
    for offering in offerings.values():
        for item in offering.learning_outcomes_sv:
            assert not item.startswith("Efter avslutad kurs ska studenten kunna:")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (None, []),
        ("", []),
        ("NULL", []),
        ("#NAMN?", []),
        ("- not available -", []),
        (
            "Efter avslutad kurs skall studenten ha kunskaper i cellbiologi.",
            ["Efter avslutad kurs skall studenten ha kunskaper i cellbiologi."],
        ),
        (
            "Efter kursen ska studenten kunna  - skapa en design,  - välja en teknologi, och",
            ["skapa en design", "välja en teknologi"],
        ),
        (
            "Den studerande ska kunna:    Kunskap och förståelse  – visa kunskap om A  – ha kännedom om    B"
            "    Färdighet och förmåga  – kunna planera C",
            ["visa kunskap om A", "ha kännedom om B", "kunna planera C"],
        ),
        (
            "Efter utbildningen förväntas kursdeltagarna:    Kunna redogöra för X.    Visa kunskap om Y.",
            ["Kunna redogöra för X.", "Visa kunskap om Y."],
        ),
        (
            "Efter kursen ska studenten:  I. Påvisa kunskaper.  II. Tillämpa kunskap.",
            ["Påvisa kunskaper.", "Tillämpa kunskap."],
        ),
        (
            "Studenten ska:  Kvantitativ metod, 7,5 hp  - analysera data"
            "  C-uppsats (15 hp)  - skriva en uppsats",
            ["analysera data", "skriva en uppsats"],
        ),
        (
            "By the end of this course students should have understood:",
            ["By the end of this course students should have understood:"],
        ),
    ],
)
def test_split_outcomes(text: str | None, items: list[str]) -> None:
    assert split_outcomes(text) == items


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Datateknik GR (A), Programmering, 7,5 hp", ("Datateknik GR (A), Programmering", "hp")),
        ("Fysik BE, Baskurs 1 i fysik, 15 fup", ("Fysik BE, Baskurs 1 i fysik", "fup")),
        ("Företagsekonomi GR (A), Marknadsföring", ("Företagsekonomi GR (A), Marknadsföring", None)),
        ("When Research Goes Wrong 7,5 credits", ("When Research Goes Wrong", "credits")),
        (
            "Svenska språket GR (A), Nyanlända elevers skolframgång, 7,5 hp. Uppdragsutbildning",
            ("Svenska språket GR (A), Nyanlända elevers skolframgång. Uppdragsutbildning", "hp"),
        ),
        (
            "Engelska för lärare åk 7-9, 45 högskolepoäng (1-45 högskolepoäng). Ingår i Lärarlyftet, 45 hp",
            ("Engelska för lärare åk 7-9. Ingår i Lärarlyftet", "hp"),
        ),
        (
            "Litteraturvetenskap GR (A), Svenska för ämneslärare 2, 30 hp",
            ("Litteraturvetenskap GR (A), Svenska för ämneslärare 2", "hp"),
        ),
    ],
)
def test_split_title(title: str, expected: tuple[str, str | None]) -> None:
    assert split_title(title) == expected


def test_titles_and_credits(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, _ = loaded
    for row in source_rows:
        offering = offerings[row["Kurskod"]]
        assert offering.credits == float(row["hp"])
        title = offering.title_sv or offering.title_en
        assert title is not None
        # Credits are gone; a range within a sequence ("Samhällskunskap 91-120 hp") is part of the name.
        assert not re.search(r"(?<![-\d])\d+(?:[.,]\d+)?\s*(?:hp|fup|credits)$", title), title
    english = [code for code, offering in offerings.items() if offering.title_en]
    assert english == ["TUR007F"]
    assert offerings["TUR007F"].title_sv is None
    units = Counter(offering.credit_unit for offering in offerings.values())
    assert units == {"hp": ROWS - 11, "fup": 11}
    assert {code for code, offering in offerings.items() if offering.credit_unit == "fup"} <= {
        row["Kurskod"] for row in source_rows if row["NivaForkortning"] == "BE"
    }


def test_levels_map_to_sun_isced_and_seqf(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, counts = loaded
    assert counts.levels == {"GR": 2263, "AV": 961, "FO": 344, "BE": 17, "X": 1}
    expected = {
        "GR": ("sun-level:53", "6", 6),
        "AV": ("sun-level:55", "7", 7),
        "FO": ("sun-level:6", "8", 8),
        "BE": (None, None, None),
        "X": (None, None, None),
    }
    for row in source_rows:
        offering = offerings[row["Kurskod"]]
        assert (offering.level, offering.isced, offering.seqf) == expected[row["NivaForkortning"]]


def test_fields_map_from_subject_groups(
    source_rows: list[dict[str, str]], loaded: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, counts = loaded
    # The table names each group as the source does.
    names = {row["AmnesgruppKod"]: row["AmnesgruppBeskrivning"] for row in source_rows}
    assert {code: SUBJECT_GROUP_FIELDS[code][0] for code in names} == names
    # The research-level rows all carry the same placeholder subject: the reason they get no field.
    research = [row for row in source_rows if row["NivaForkortning"] == "FO"]
    assert {(row["AmneBeskrivning"], row["AmnesgruppKod"], row["FordjupningKod"]) for row in research} == {
        ("Arkeologi", "AR2", "G1N")
    }
    assert counts.fields_mapped == ROWS - len(research) == 3242
    assert counts.fields_unmapped == {"research level (placeholder subject)": 344}
    for row in source_rows:
        offering = offerings[row["Kurskod"]]
        if row["NivaForkortning"] == "FO":
            assert (offering.field, offering.subject, offering.progression) == (None, None, None)
            continue
        assert offering.subject == row["AmneBeskrivning"]
        assert offering.field == SUBJECT_FIELDS.get(
            row["AmneBeskrivning"], SUBJECT_GROUP_FIELDS[row["AmnesgruppKod"]][1]
        )
        assert offering.progression == (None if row["FordjupningKod"] == "-" else row["FordjupningKod"])
    assert offerings["GD059G"].field == "sun-field:213"  # Grafisk design, in the Design group


def test_every_mapped_concept_exists_in_the_taxonomy(session: Session) -> None:
    levels = sorted({level.sun for level in LEVELS.values() if level.sun})
    fields = sorted({field for _, field in SUBJECT_GROUP_FIELDS.values()} | set(SUBJECT_FIELDS.values()))
    assert unknown_concept_ids(session, ids=levels, types=["sun-level"]) == []
    assert unknown_concept_ids(session, ids=fields, types=["sun-field"]) == []
    assert unknown_concept_ids(session, ids=["language:sv"], types=["language"]) == []


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


GOOD = [
    "DT001G",
    "GR",
    "Datateknik GR (A), Programmering, 7,5 hp",
    "7.5",
    "2020-01-01 00:00:00.000",
    "Datateknik",
    "DT1",
    "Datateknik",
    "G1N",
    "Studenten ska kunna:  - programmera",
    "",
    "Grundläggande",
]


def test_a_bad_row_is_an_error_naming_its_line(tmp_path: Path) -> None:
    multiline = [*GOOD[:9], "Studenten ska kunna:\n- programmera\n- testa", "", "Grundläggande"]
    bad = [*GOOD[:3], "sju", *GOOD[4:]]
    path = _write(tmp_path / "syllabi.csv", [list(COLUMNS), GOOD, multiline, bad])
    offerings = read_syllabi(path)
    assert next(offerings).external_id == "DT001G"
    assert next(offerings).learning_outcomes_sv == ["programmera", "testa"]
    with pytest.raises(SyllabusSourceError) as caught:
        next(offerings)
    assert caught.value.line == 6  # the quoted row above spans lines 3-5
    assert str(caught.value) == "syllabi.csv, line 6: hp 'sju' is not a number"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({0: ""}, "Kurskod (the course code) is empty"),
        ({1: "ZZ"}, "NivaForkortning 'ZZ' is not one of GR, AV, FO, BE, X"),
        ({2: ""}, "KursplanBenamning (the title) is empty"),
        ({4: "snart"}, "GallerFrom 'snart' is not a date"),
        (
            {8: "Q9"},
            "progression: Value error, expected a Swedish progression code (fördjupningsnivå) like "
            "'G1N', got 'Q9'",
        ),
    ],
)
def test_row_errors_say_what_is_wrong(tmp_path: Path, change: dict[int, str], reason: str) -> None:
    row = [change.get(index, value) for index, value in enumerate(GOOD)]
    path = _write(tmp_path / "syllabi.csv", [list(COLUMNS), row])
    with pytest.raises(SyllabusSourceError) as caught:
        list(read_syllabi(path))
    assert caught.value.line == 2
    assert caught.value.reason == reason


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "syllabi.csv", [["Kurskod", "hp"], ["DT001G", "7.5"]])
    with pytest.raises(SyllabusSourceError) as caught:
        list(read_syllabi(path))
    assert caught.value.line == 1
    assert "lacks the columns NivaForkortning" in caught.value.reason


def test_a_short_row_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "syllabi.csv", [list(COLUMNS), GOOD[:5]])
    with pytest.raises(SyllabusSourceError) as caught:
        list(read_syllabi(path))
    assert (caught.value.line, caught.value.reason) == (2, "the row does not have the header's 12 cells")
