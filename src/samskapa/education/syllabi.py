"""The real Swedish course syllabi (Mittuniversitetet) as learning opportunities of a demo provider.

`read_syllabi()` turns every row of the bundled `data/miun_kursplaner.csv.gz` (3,586 syllabi, see
`data/PROVENANCE.md`) into a `LearningOpportunityIn`, keeping only what the data says:

- `external_id` is the course code (Kurskod); the title is KursplanBenamning without its credits
  ("…, 7,5 hp"); the one title written in English (its credits read "credits") becomes `title_en`.
- Learning outcomes (UtbildningMal, UtbildningMalEngelsk) are split into their list items by
  `split_outcomes`. Placeholders the export left in some cells ("NULL", "#NAMN?", "- not available -",
  "Without content for now.") mean no outcomes.
- `credits` come from hp, in högskolepoäng, or in förutbildningspoäng (`fup`) where the title says so.
- Level (NivaForkortning): first cycle (GR), second cycle (AV) and research level (FO) map to SUN 2020,
  ISCED 2011 and SeQF as in `LEVELS`; preparatory courses (BE) and the one unclassified course (X) have
  no level in any of the three.
- Field: the subject group (AmnesgruppKod) maps to a SUN 2020 field (`SUBJECT_GROUP_FIELDS`, three-digit
  fields, chosen from the SUN 2020 field descriptions), refined by subject where the group spans two
  fields (`SUBJECT_FIELDS`).
- Research-level rows carry one and the same subject in the export (Arkeologi, group AR2, progression
  G1N) whatever the course, so for them subject, field and progression are left empty.
- `subject` is AmneBeskrivning, `progression` FordjupningKod ("-" is none), `valid_from` GallerFrom,
  `entry_requirements_sv` SarskildBehorighet, `languages` Swedish (the language of the syllabi).
- Location, mode, pace, start dates, application period and cost are not in the data and stay empty.

A row that cannot be read is a `SyllabusSourceError` naming the file and the line.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

from pydantic import ValidationError

from samskapa.core.errors import Invalid
from samskapa.education.schemas import LearningOpportunityIn, Provider

BUNDLED = Path(__file__).parent / "data" / "miun_kursplaner.csv.gz"

DEMO_PROVIDER = Provider(name="Mittuniversitetet (demo)", url="https://www.miun.se/")

COLUMNS = (
    "Kurskod",
    "NivaForkortning",
    "KursplanBenamning",
    "hp",
    "GallerFrom",
    "AmneBeskrivning",
    "AmnesgruppKod",
    "AmnesgruppBeskrivning",
    "FordjupningKod",
    "UtbildningMal",
    "UtbildningMalEngelsk",
    "SarskildBehorighet",
)


class Level(NamedTuple):
    """One cycle of Swedish higher education in the three classifications."""

    sun: str | None
    isced: str | None
    seqf: int | None


# SUN 2020 classifies education by its length; a course is placed at the length of the degree its cycle
# leads to: first cycle (grundnivå) the 3-year bachelor (SUN 53, ISCED 6 "bachelor's or equivalent",
# SeQF 6), second cycle (avancerad nivå) the 5-year master (SUN 55, ISCED 7, SeQF 7), research level
# (forskarnivå) "Forskarutbildning" as a whole (SUN 6: licentiate and doctorate, ISCED 8, SeQF 8).
LEVELS: dict[str, Level] = {
    "GR": Level("sun-level:53", "6", 6),
    "AV": Level("sun-level:55", "7", 7),
    "FO": Level("sun-level:6", "8", 8),
    # Behörighetsgivande förutbildning: preparatory courses below the first cycle (credits in fup).
    "BE": Level(None, None, None),
    # One course (SV003X) carries "X": not classified.
    "X": Level(None, None, None),
}
RESEARCH_LEVEL = "FO"

# Subject group (AmnesgruppKod, with the source's name) -> SUN 2020 field. The reason is the SUN 2020
# description where the name alone does not settle it.
SUBJECT_GROUP_FIELDS: dict[str, tuple[str, str]] = {
    "AR2": ("Arkeologi", "sun-field:225"),
    "AV1": ("Arkivvetenskap", "sun-field:322"),  # 322b covers archival science
    "BI1": ("Biologi", "sun-field:421"),
    "BY1": ("Byggteknik", "sun-field:582"),
    "DE1": ("Design", "sun-field:214"),  # Formgivning; graphic design is refined below
    "DT1": ("Datateknik", "sun-field:523"),
    "EL1": ("Elektronik", "sun-field:523"),
    "EN1": ("Engelska", "sun-field:222"),
    "EN2": ("Energiteknik", "sun-field:522"),
    "ET2": ("Elektroteknik", "sun-field:522"),
    "FE1": ("Företagsekonomi", "sun-field:340"),
    "FH1": ("Folkhälsovetenskap", "sun-field:720"),  # 720z covers public health science
    "FY1": ("Fysik", "sun-field:441"),
    "GN1": ("Geovetenskap och naturgeografi", "sun-field:443"),
    "GS1": ("Genusstudier", "sun-field:319"),  # 319z covers gender studies
    "HI2": ("Historia", "sun-field:225"),
    "ID1": ("Idrott/idrottsvetenskap", "sun-field:813"),  # 813z covers sport science
    "IE1": ("Industriell ekonomi och organisation", "sun-field:526"),
    "IF1": ("Informatik/Data- och systemvetenskap", "sun-field:481"),  # 481a covers informatics
    "JO1": ("Journalistik", "sun-field:321"),
    "JU1": ("Juridik och rättsvetenskap", "sun-field:380"),
    "KE1": ("Kemi", "sun-field:442"),
    "KR1": ("Kriminologi", "sun-field:312"),  # 312a covers criminology
    "KS1": ("Kultur- och samhällsgeografi", "sun-field:312"),
    "KT1": ("Kemiteknik", "sun-field:524"),
    "LV1": ("Litteraturvetenskap", "sun-field:223"),
    "MA1": ("Matematik", "sun-field:461"),
    "ME1": ("Medicin", "sun-field:721"),
    "MK1": ("Medie- o kommunikationsvetenskap", "sun-field:321"),
    "MM1": ("Miljövård och miljöskydd", "sun-field:423"),
    "MP1": ("Medieproduktion", "sun-field:213"),
    "MT1": ("Maskinteknik", "sun-field:521"),
    "MV1": ("Miljövetenskap", "sun-field:422"),
    "NA1": ("Nationalekonomi", "sun-field:314"),
    "NA9": ("Övrigt inom naturvetenskap", "sun-field:469"),
    "OM1": ("Omvårdnad/omvårdnadsvetenskap", "sun-field:723"),
    "PE1": ("Pedagogik", "sun-field:142"),
    "PS1": ("Psykologi", "sun-field:311"),
    "SH1": ("Samhällskunskap", "sun-field:310"),  # 310b covers civics
    "SO1": ("Sociologi", "sun-field:312"),
    "SS1": ("Svenska som andraspråk", "sun-field:222"),  # 223a excludes it: "jfr 222g"
    "SS2": ("Socialt arbete och social omsorg", "sun-field:762"),
    "ST1": ("Statistik", "sun-field:462"),
    "ST2": ("Statsvetenskap", "sun-field:313"),
    "SV1": ("Svenska/Nordiska Språk", "sun-field:223"),
    "TF1": ("Teknisk fysik", "sun-field:520"),  # 520a/b/x: engineering physics
    "TR1": ("Terapi, rehabilitering och kostbehandling", "sun-field:726"),
    "TU1": ("Turism- och fritidsvetenskap", "sun-field:812"),
    "UV2": ("Utbildningsvetenskap teoretiska ämnen", "sun-field:142"),  # 142z: didactics of subjects
}

# Subjects (AmneBeskrivning) whose field differs from their group's.
SUBJECT_FIELDS: dict[str, str] = {
    "Grafisk design": "sun-field:213",  # 213d Grafisk design och foto (under Medieproduktion)
}

PLACEHOLDERS = frozenset({"NULL", "#NAMN?", "- not available -", "Without content for now."})

# Credits in a title: ", 7,5 hp", " 7,5 credits", ", 30 högskolepoäng (1-30 högskolepoäng)",
# ", 15 hp (16-30)".
_TITLE_CREDITS = re.compile(
    r"(?:,\s*|\s+)(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>hp|fup|credits|högskolepoäng)\b(?:\s*\([^)]*\))?",
    re.IGNORECASE,
)


@dataclass
class SyllabusCounts:
    """What a read found, for reports and tests."""

    rows: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    fields_mapped: int = 0
    fields_unmapped: Counter[str] = field(default_factory=Counter)  # by reason
    with_outcomes_sv: int = 0
    with_outcomes_en: int = 0
    outcomes_sv: int = 0
    outcomes_en: int = 0
    placeholders_sv: int = 0
    placeholders_en: int = 0


class SyllabusSourceError(Invalid):
    """A syllabus file is malformed or a row cannot be read. Names the file, the line and the reason."""

    code = "syllabus_source_invalid"
    title = "Invalid syllabus source"

    def __init__(self, *, file: str, line: int, reason: str) -> None:
        super().__init__(
            message=f"{file}, line {line}: {reason}",
            hint="Fix the row (or the file) and load again.",
            extra={"file": file, "line": line, "reason": reason},
        )
        self.file = file
        self.line = line
        self.reason = reason


def read_syllabi(
    path: Path = BUNDLED, counts: SyllabusCounts | None = None
) -> Iterator[LearningOpportunityIn]:
    """Every syllabus of a Mittuniversitetet export (CSV, plain or gzip) as an offering of the demo provider.

    `counts`, when given, is filled in as the rows are read.
    """
    counts = counts if counts is not None else SyllabusCounts()
    for line, row in _rows(path):
        counts.rows += 1
        try:
            yield syllabus_offering(row, counts)
        except ValueError as exc:  # includes pydantic's ValidationError
            raise SyllabusSourceError(file=path.name, line=line, reason=_reason(exc)) from exc


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str | None]]]:
    """(line the record starts on, column -> text or None) for every record of the CSV file."""
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        lines = _CountedLines(text)
        try:
            reader = csv.DictReader(lines, strict=True)
            header = reader.fieldnames or []
            missing = [column for column in COLUMNS if column not in header]
            if missing:
                raise SyllabusSourceError(
                    file=path.name, line=1, reason=f"the header lacks the columns {', '.join(missing)}"
                )
            while True:
                start = lines.count + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                if None in row or any(value is None for value in row.values()):
                    raise SyllabusSourceError(
                        file=path.name,
                        line=start,
                        reason=f"the row does not have the header's {len(header)} cells",
                    )
                yield start, {key: value or None for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError, OSError, EOFError) as exc:
            raise SyllabusSourceError(file=path.name, line=lines.count, reason=f"unreadable ({exc})") from exc


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


class _CountedLines:
    """Text lines with a running count, so that a record knows the line it starts on."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.text:
            self.count += 1
            yield line


def syllabus_offering(
    row: dict[str, str | None], counts: SyllabusCounts | None = None
) -> LearningOpportunityIn:
    """One syllabus row (column -> text, empty cells None) as an offering; ValueError says what is wrong."""
    counts = counts if counts is not None else SyllabusCounts()
    code = _text(row, "Kurskod")
    if code is None:
        raise ValueError("Kurskod (the course code) is empty")
    level_code = _text(row, "NivaForkortning")
    if level_code not in LEVELS:
        raise ValueError(f"NivaForkortning '{level_code}' is not one of {', '.join(LEVELS)}")
    level = LEVELS[level_code]
    counts.levels[level_code] += 1

    raw_title = _text(row, "KursplanBenamning")
    if raw_title is None:
        raise ValueError("KursplanBenamning (the title) is empty")
    title, unit_word = split_title(raw_title)
    english_title = unit_word == "credits"

    hp = _text(row, "hp")
    if hp is None:
        raise ValueError("hp (the credits) is empty")
    try:
        credits = float(hp.replace(",", "."))
    except ValueError:
        raise ValueError(f"hp '{hp}' is not a number") from None

    valid_from = _text(row, "GallerFrom")
    try:
        valid = date.fromisoformat(valid_from[:10]) if valid_from else None
    except ValueError:
        raise ValueError(f"GallerFrom '{valid_from}' is not a date") from None

    research = level_code == RESEARCH_LEVEL
    subject = None if research else _text(row, "AmneBeskrivning")
    progression = None if research else _text(row, "FordjupningKod")
    if progression == "-":
        progression = None
    field_id = None if research else subject_field(_text(row, "AmnesgruppKod"), subject)
    if field_id is not None:
        counts.fields_mapped += 1
    else:
        counts.fields_unmapped[
            "research level (placeholder subject)" if research else f"group {_text(row, 'AmnesgruppKod')}"
        ] += 1

    outcomes_sv = _outcomes(row, "UtbildningMal")
    outcomes_en = _outcomes(row, "UtbildningMalEngelsk")
    counts.placeholders_sv += _text(row, "UtbildningMal") in PLACEHOLDERS
    counts.placeholders_en += _text(row, "UtbildningMalEngelsk") in PLACEHOLDERS
    counts.with_outcomes_sv += bool(outcomes_sv)
    counts.with_outcomes_en += bool(outcomes_en)
    counts.outcomes_sv += len(outcomes_sv)
    counts.outcomes_en += len(outcomes_en)

    data: dict[str, Any] = {
        "external_id": code,
        "provider": DEMO_PROVIDER,
        "title_sv": None if english_title else title,
        "title_en": title if english_title else None,
        "learning_outcomes_sv": outcomes_sv,
        "learning_outcomes_en": outcomes_en,
        "level": level.sun,
        "isced": level.isced,
        "seqf": level.seqf,
        "field": field_id,
        "credits": credits,
        "credit_unit": "fup" if unit_word == "fup" else "hp",
        "languages": ["language:sv"],
        "subject": subject,
        "progression": progression,
        "entry_requirements_sv": _text(row, "SarskildBehorighet"),
        "valid_from": valid,
    }
    return LearningOpportunityIn.model_validate(data)


def split_title(title: str) -> tuple[str, str | None]:
    """A course title without its credits, and the credit word it used (hp, fup, credits, högskolepoäng).

    "Datateknik GR (A), Programmering, 7,5 hp" -> ("Datateknik GR (A), Programmering", "hp"). Remarks after
    the credits stay: "…, 7,5 hp. Uppdragsutbildning" -> ("…. Uppdragsutbildning", "hp").
    """
    title = " ".join(title.split())
    found = list(_TITLE_CREDITS.finditer(title))
    if not found:
        return title, None
    stripped = _TITLE_CREDITS.sub("", title).strip().rstrip(",").strip()
    return stripped, found[-1].group("unit").lower()


def subject_field(group: str | None, subject: str | None) -> str | None:
    """The SUN 2020 field of a subject group (refined by subject), or None when the mapping has none."""
    if subject is not None and subject in SUBJECT_FIELDS:
        return SUBJECT_FIELDS[subject]
    if group is None or group not in SUBJECT_GROUP_FIELDS:
        return None
    return SUBJECT_GROUP_FIELDS[group][1]


# --- Learning outcomes ---------------------------------------------------------------------------------

# The export flattened line breaks to runs of spaces; list items start with a marker.
_LINE_BREAK = re.compile(r"\s{2,}|[\r\n]+\s*")
_MARKER = re.compile(r"^(?:[-–—•·*▪]|\d{1,2}[.)](?=\s|[^\W\d_]|$)|[IVX]{1,4}[.)](?=\s|$)|[a-h]\)(?=\s|$))\s*")
_TRAILING = re.compile(r"(?:\s*[,;])+$|,\s*(?:och|samt|and|or|eller)$")
# Part labels: "Moment 1.", "Delmoment 2", "Del 3", "Part 1".
_LABEL = re.compile(r"^(?:(?:del)?moment|del|delkurs|part|module)\s+[\w.]+[.:]?$", re.IGNORECASE)
# A part with its credits, at the end of a short line: "Kvalitativ metod, 7,5 hp", "C-uppsats (15 hp)".
_MODULE = re.compile(r"[\s,(]\d+(?:[.,]\d+)?\s*(?:hp|credits|högskolepoäng)\)?\.?$", re.IGNORECASE)
# A line ending in one of these words goes on in the next line.
_OPEN_END = re.compile(
    r"\b(?:the|a|an|of|and|or|to|in|for|with|och|eller|samt|av|i|att|med|om|på|till|som|för|inom|från)$",
    re.IGNORECASE,
)


def split_outcomes(text: str | None) -> list[str]:
    """The learning outcomes of a syllabus text as list items.

    The source flattened bullet lists to one line ("Efter kursen ska studenten kunna:  - redogöra för …
    - tillämpa …"). Items start at a list marker (a dash, a bullet, 1., I., a)) after a line break; a line
    that starts in lower case (or ends the previous one mid-phrase) continues the item before it. The lead-in
    ("… ska studenten kunna:") and headings ("Kunskap och förståelse", "Moment 1") are not outcomes and
    are left out; a paragraph that is a whole sentence is an outcome of its own. Text without any of this
    structure is one outcome. Placeholders give no outcomes.
    """
    if text is None:
        return []
    text = text.strip()
    if not text or text in PLACEHOLDERS:
        return []
    blocks: list[tuple[bool, str]] = []  # (started with a marker, text)
    waiting_for_body = False
    for part in _LINE_BREAK.split(text):
        line = part.strip()
        if not line:
            continue
        marker = _MARKER.match(line)
        if marker:
            body = line[marker.end() :].strip()
            blocks.append((True, body))
            waiting_for_body = not body  # "1." alone: the item's text is on the next line
        elif waiting_for_body:
            blocks[-1] = (True, line)
            waiting_for_body = False
        elif blocks and _continues(blocks[-1][1], line):
            blocks[-1] = (blocks[-1][0], f"{blocks[-1][1]} {line}")
        else:
            blocks.append((False, line))
    last_item = max((index for index, (is_item, _) in enumerate(blocks) if is_item), default=-1)
    items = []
    for index, (is_item, raw) in enumerate(blocks):
        body = _clean(raw)
        if not any(character.isalpha() for character in body):
            continue
        if _is_module(body) or (not is_item and _is_heading(body, index, len(blocks), last_item)):
            continue
        items.append(body)
    return items or [_clean(text)]


def _continues(previous: str, line: str) -> bool:
    if line[:1].islower() or _OPEN_END.search(previous):
        return True
    return line.startswith("(") and not line.rstrip(":").endswith(")")


def _is_module(body: str) -> bool:
    """A part of the course with its credits ("Kvantitativ metod, 7,5 hp"): a heading, not an outcome."""
    return len(body.split()) <= 10 and _MODULE.search(body) is not None


def _is_heading(body: str, index: int, total: int, last_item: int) -> bool:
    """A lead-in or heading: ends with a colon, is a label, or introduces list items that follow."""
    if index == total - 1:
        return False
    if body.endswith(":") or _LABEL.match(body):
        return True
    if body.endswith("."):
        return False
    return len(body.split()) <= 4 or index < last_item


def _clean(text: str) -> str:
    return _TRAILING.sub("", " ".join(text.split())).strip()


def _outcomes(row: dict[str, str | None], column: str) -> list[str]:
    return split_outcomes(_text(row, column))


def _text(row: dict[str, str | None], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _reason(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'row'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
        )
    return str(error)
