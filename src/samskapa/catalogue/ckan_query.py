"""CKAN's Solr-style search parameters (q, fq, sort) read into a search.DatasetQuery.

The subset of the Lucene syntax CKAN hands to Solr that maps onto the catalogue's search:

- words and "quoted phrases": free text, every one must occur (title, description, keywords, publisher);
- `field:value`, `field:"quoted value"`, `field:(a OR b)`, `field:*` for fields every dataset has;
- ranges on dates, `metadata_modified:[2024-01-01T00:00:00Z TO *]`, `{…}` for open bounds, `*` for no bound,
  ISO 8601 dates (naive ones are UTC) or `NOW` with date math (`NOW-7DAYS`, `NOW/DAY`);
- `AND`, `&&`, `+` (the default), `OR`/`||` between values of one field, `*:*` for everything, parentheses.

Everything else is refused with InvalidSearch (CKAN's "Search Query Error"), never silently ignored:
unknown fields, negation (`-`, `NOT`), wildcards, fuzzy and boost operators, `OR` between different fields,
and `AND` mixed with `OR` without parentheses.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from samskapa.catalogue import search, vocabularies
from samskapa.catalogue.errors import InvalidSearch
from samskapa.core.time import utcnow

# CKAN-style licence ids (SPDX) of the licences in vocabularies.LICENCES; other URIs are their own id.
LICENCE_IDS = {
    "CC0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "http://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "http://creativecommons.org/licenses/by-sa/4.0/",
    "EUPL-1.2": "https://joinup.ec.europa.eu/licence/european-union-public-licence-version-12-eupl",
}
_LICENCE_BY_URI = {uri: licence for licence, uri in LICENCE_IDS.items()}
ACCESS_RIGHTS_PREFIX = vocabularies.access_rights_uri("")
THEME_PREFIX = vocabularies.theme_uri("")

Kind = Literal["filter", "text", "free", "date", "constant"]


@dataclass(frozen=True)
class FieldSpec:
    """How a CKAN search field maps onto the catalogue's search."""

    kind: Kind
    # A filter name, a text field of search.TEXT_COLUMNS, a date of search.DATE_COLUMNS, or the one value
    # a constant field has here (CKAN adds `+dataset_type:dataset` and `capacity:public` to its own queries).
    target: str = ""
    always_present: bool = False  # whether `field:*` matches every dataset


FIELDS: dict[str, FieldSpec] = {
    "organization": FieldSpec("filter", "publisher", always_present=True),
    "owner_org": FieldSpec("filter", "publisher", always_present=True),
    "tags": FieldSpec("filter", "keyword"),
    "res_format": FieldSpec("filter", "format"),
    "license_id": FieldSpec("filter", "licence"),
    "groups": FieldSpec("filter", "theme"),
    "access_rights": FieldSpec("filter", "access_rights", always_present=True),
    "name": FieldSpec("filter", "name", always_present=True),
    "id": FieldSpec("filter", "id", always_present=True),
    "title": FieldSpec("text", "title", always_present=True),
    "notes": FieldSpec("text", "description", always_present=True),
    "text": FieldSpec("free", always_present=True),
    "metadata_modified": FieldSpec("date", "modified", always_present=True),
    "metadata_created": FieldSpec("date", "created", always_present=True),
    "dataset_type": FieldSpec("constant", "dataset", always_present=True),
    "capacity": FieldSpec("constant", "public", always_present=True),
}
# CKAN facet field -> the catalogue's facet.
FACET_FIELDS = {
    "organization": "publisher",
    "groups": "theme",
    "tags": "keyword",
    "res_format": "format",
    "license_id": "licence",
    "access_rights": "access_rights",
}
# CKAN sort field -> column of search.ORDER_COLUMNS; score has no column (results are not ranked).
SORT_FIELDS: dict[str, str | None] = {
    "metadata_modified": "modified",
    "metadata_created": "created",
    "id": "id",
    "name": "name",
    "title": "title_sv",
    "title_string": "title_sv",
    "score": None,
}
DEFAULT_SORT = "score desc, metadata_modified desc"


def licence_id(uri: str) -> str:
    """The CKAN licence id of a licence URI."""
    return _LICENCE_BY_URI.get(uri, uri)


def theme_group_name(code: str) -> str:
    """The CKAN group name of an EU data theme (groups are the themes)."""
    return code.lower()


def facet_value(facet: str, value: str) -> str:
    """A facet value of the catalogue in CKAN's terms (the value a client sends back in `fq`)."""
    if facet == "groups":
        return theme_group_name(value)
    if facet == "license_id":
        return licence_id(value)
    return value


def _normalise(target: str, value: str) -> str:
    if target == "theme":
        return value.removeprefix(THEME_PREFIX).upper()
    if target == "format":
        return value.upper().replace("-", "_")
    if target == "licence":
        return LICENCE_IDS.get(value, LICENCE_IDS.get(value.upper(), value))
    if target == "access_rights":
        return value.removeprefix(ACCESS_RIGHTS_PREFIX).upper()
    return value


def error(message: str, hint: str | None = None) -> InvalidSearch:
    return InvalidSearch(message, hint=hint or f"Searchable fields: {', '.join(FIELDS)}.")


# --- dates -------------------------------------------------------------------------------------------------

_MATH = re.compile(
    r"(?P<sign>[+-])(?P<amount>\d+)(?P<unit>YEAR|MONTH|DAY|DATE|HOUR|MINUTE|SECOND)S?"
    r"|/(?P<round>YEAR|MONTH|DAY|DATE|HOUR|MINUTE|SECOND)S?"
)
_UNIT_SECONDS = {"DAY": 86400, "DATE": 86400, "HOUR": 3600, "MINUTE": 60, "SECOND": 1}


def _add_months(value: datetime, months: int) -> datetime:
    year, month = divmod(value.year * 12 + value.month - 1 + months, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def _round_down(value: datetime, unit: str) -> datetime:
    value = value.replace(microsecond=0)
    if unit == "SECOND":
        return value
    value = value.replace(second=0)
    if unit == "MINUTE":
        return value
    value = value.replace(minute=0)
    if unit == "HOUR":
        return value
    value = value.replace(hour=0)
    if unit in ("DAY", "DATE"):
        return value
    value = value.replace(day=1)
    return value if unit == "MONTH" else value.replace(month=1)


def _date_math(expression: str, now: datetime) -> datetime:
    value, position = now, 0
    while position < len(expression):
        match = _MATH.match(expression, position)
        if match is None:
            raise error(
                f"Bad date math '{expression}'.", hint="Write e.g. NOW, NOW-7DAYS, NOW/DAY or NOW-1MONTH/DAY."
            )
        if match["round"]:
            value = _round_down(value, match["round"])
        else:
            amount = int(match["amount"]) * (1 if match["sign"] == "+" else -1)
            if match["unit"] == "YEAR":
                value = _add_months(value, 12 * amount)
            elif match["unit"] == "MONTH":
                value = _add_months(value, amount)
            else:
                value += timedelta(seconds=amount * _UNIT_SECONDS[match["unit"]])
        position = match.end()
    return value


def parse_date(text: str, *, now: datetime | None = None) -> datetime:
    """A Solr date: ISO 8601 (naive means UTC) or NOW with date math; always returned in UTC."""
    try:
        if text.startswith("NOW"):
            return _date_math(text[3:], now or utcnow())
        value = datetime.fromisoformat(text)
    except (ValueError, OverflowError) as exc:
        raise error(
            f"'{text}' is not a date.", hint="Write dates as 2024-01-31T00:00:00Z (ISO 8601), or NOW-7DAYS."
        ) from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- parsing -----------------------------------------------------------------------------------------------


@dataclass
class _Match:
    """Values of one field, ORed; field None is free text."""

    field: str | None
    values: list[str]


@dataclass
class _Everything:
    """Matches every dataset (`*:*`, `field:*`)."""


Clause = _Match | _Everything | search.DateRange

_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=:)")
_OPERATOR = re.compile(r"(AND|OR|NOT|&&|\|\|)(?=[\s()]|$)")
_SPECIAL = set('*?~^[]{}"')
MAX_NESTING = 16


class _Parser:
    def __init__(self, text: str, now: datetime) -> None:
        self.text, self.position, self.now, self.depth = text, 0, now, 0

    def parse(self) -> list[Clause]:
        return self._sequence(field=None, closing=False)

    def _peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def _skip_space(self) -> None:
        while self._peek().isspace():
            self.position += 1

    def _sequence(self, *, field: str | None, closing: bool) -> list[Clause]:
        """Operands up to the end (or the closing parenthesis), joined by AND or by OR."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise error(f"Parentheses are nested more than {MAX_NESTING} deep.")
        operands: list[list[Clause]] = []
        joins: list[str | None] = []  # the operator written before each operand (None: side by side)
        while not self._at_close(closing):
            operator = self._operator()
            if operator is not None:
                if len(joins) == len(operands):
                    raise error(f"'{operator}' needs a search term on both sides.")
                joins.append(operator)
                continue
            if len(joins) < len(operands):
                joins.append(None)
            operands.append(self._operand(field))
        if len(joins) > max(len(operands) - 1, 0):
            raise error(f"'{joins[-1]}' needs a search term on both sides.")
        self.depth -= 1
        operators = {join or "AND" for join in joins}
        if operators == {"AND", "OR"}:
            raise error(
                "AND and OR are mixed without parentheses.", hint="Write e.g. (tags:a OR tags:b) AND x."
            )
        if "OR" in operators:
            return [self._either(operands)]
        return [clause for operand in operands for clause in operand]

    def _at_close(self, closing: bool) -> bool:
        self._skip_space()
        char = self._peek()
        if not char and closing:
            raise error("A '(' is never closed.")
        if char == ")":
            if not closing:
                raise error("A ')' has no matching '('.")
            self.position += 1
            return True
        return not char

    def _operator(self) -> str | None:
        match = _OPERATOR.match(self.text, self.position)
        if match is None:
            return None
        if match[1] == "NOT":
            raise error("Negation (NOT, -) is not supported.", hint="Search for what you want instead.")
        self.position = match.end()
        return {"&&": "AND", "||": "OR"}.get(match[1], match[1])

    def _either(self, operands: list[list[Clause]]) -> Clause:
        clauses = [clause for operand in operands for clause in operand]
        if any(isinstance(clause, _Everything) for clause in clauses):
            return _Everything()
        matches = [clause for clause in clauses if isinstance(clause, _Match)]
        # Every operand must be one value clause, all of one named field: (a OR b) of free text or of
        # different fields has no counterpart in the catalogue's search.
        if (
            len(clauses) != len(operands)
            or len(matches) != len(clauses)
            or len({match.field for match in matches}) != 1
            or matches[0].field is None
        ):
            raise error(
                "OR works only between values of one field, e.g. tags:(a OR b).",
                hint="Free text and different fields are always combined with AND.",
            )
        name = matches[0].field
        values = [value for match in matches for value in match.values]
        return _Match(name, list(dict.fromkeys(values)))

    def _operand(self, field: str | None) -> list[Clause]:
        char = self._peek()
        if char in ("-", "!"):
            raise error("Negation (NOT, -) is not supported.", hint="Search for what you want instead.")
        if char == "+":
            self.position += 1
            char = self._peek()
            if not char or char.isspace():
                raise error("'+' must stand right before a search term.")
        if char == "(":
            self.position += 1
            return self._sequence(field=field, closing=True)
        if field is None:
            if self.text.startswith("*:*", self.position):
                self.position += 3
                return [_Everything()]
            name = _FIELD_NAME.match(self.text, self.position)
            if name:
                self.position = name.end() + 1
                return self._fielded(name[0])
            value, quoted = self._value()
            return [_Everything()] if value == "*" and not quoted else [_Match(None, [value])]
        if _FIELD_NAME.match(self.text, self.position):
            raise error(f"A field inside {field}:( … ) is not supported.")
        return [self._field_value(field)]

    def _fielded(self, name: str) -> list[Clause]:
        if name not in FIELDS:
            raise error(f"Unknown search field '{name}'.")
        self._skip_space()
        char = self._peek()
        if char == "(":
            self.position += 1
            return self._sequence(field=name, closing=True)
        if char in ("[", "{"):
            return [self._range(name)]
        return [self._field_value(name)]

    def _field_value(self, name: str) -> Clause:
        value, quoted = self._value()
        spec = FIELDS[name]
        if value == "*" and not quoted:
            if not spec.always_present:
                raise error(f"'{name}:*' is not supported.", hint=f"Search {name} for a value.")
            return _Everything()
        if spec.kind == "date":
            moment = parse_date(value, now=self.now)
            return search.DateRange(spec.target, start=moment, end=moment)
        return _Match(name, [value])

    def _value(self) -> tuple[str, bool]:
        if self._peek() == '"':
            return self._quoted(), True
        chars: list[str] = []
        while (char := self._peek()) and not char.isspace() and char not in "()":
            if char == "\\":
                self.position += 1
                if not self._peek():
                    raise error("A '\\' ends the query.")
                chars.append(self._peek())
            elif char in _SPECIAL and not (char == "*" and not chars and self._ends_after(1)):
                raise error(
                    f"'{char}' is not supported here (no wildcards, fuzzy search, boosts or bare ranges).",
                    hint="Quote the value (\"…\") or escape the character with '\\'.",
                )
            else:
                chars.append(char)
            self.position += 1
        if not chars:
            raise error("A search field has no value.", hint='Write field:value or field:"a value".')
        return "".join(chars), False

    def _ends_after(self, length: int) -> bool:
        following = self.text[self.position + length : self.position + length + 1]
        return not following or following.isspace() or following == ")"

    def _quoted(self) -> str:
        self.position += 1
        chars: list[str] = []
        while (char := self._peek()) != '"':
            if not char:
                raise error('A quoted value is never closed with ".')
            if char == "\\":
                self.position += 1
                char = self._peek()
                if not char:
                    raise error('A quoted value is never closed with ".')
            chars.append(char)
            self.position += 1
        self.position += 1
        return "".join(chars)

    def _range(self, name: str) -> search.DateRange:
        spec = FIELDS[name]
        opening = self._peek()
        end = min(
            (i for i in (self.text.find("]", self.position), self.text.find("}", self.position)) if i >= 0),
            default=-1,
        )
        if end < 0:
            raise error(
                f"The range on {name} is never closed.", hint="Write [FROM TO UNTIL], e.g. [NOW-1DAY TO *]."
            )
        parts = self.text[self.position + 1 : end].split()
        closing, self.position = self.text[end], end + 1
        if len(parts) != 3 or parts[1] != "TO":
            raise error(
                f"Malformed range on {name}.",
                hint="Write [FROM TO UNTIL] with * for an open end, e.g. [2024-01-01T00:00:00Z TO *].",
            )
        if spec.kind != "date":
            raise error(
                f"Ranges are supported on dates only, not on '{name}'.",
                hint="Use ranges on metadata_modified or metadata_created.",
            )
        start, until = (
            None if part == "*" else parse_date(part.strip('"'), now=self.now)
            for part in (parts[0], parts[2])
        )
        if start is not None and until is not None and start > until:
            raise error(f"The range on {name} ends before it starts.")
        return search.DateRange(
            spec.target, start=start, end=until, include_start=opening == "[", include_end=closing == "]"
        )


@dataclass
class ParsedSearch:
    """What q and fq asked for, in the catalogue's terms."""

    terms: list[str] = field(default_factory=list)
    clauses: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    ranges: list[search.DateRange] = field(default_factory=list)


def _collect(parsed: ParsedSearch, clause: Clause) -> None:
    if isinstance(clause, _Everything):
        return
    if isinstance(clause, search.DateRange):
        parsed.ranges.append(clause)
        return
    spec = FIELDS["text"] if clause.field is None else FIELDS[clause.field]
    if spec.kind == "free":
        if len(clause.values) > 1:
            raise error("OR works only between values of one field, e.g. tags:(a OR b).")
        parsed.terms.extend(clause.values)
    elif spec.kind == "constant":
        if any(value != spec.target for value in clause.values):
            raise error(
                f"Every dataset here has {clause.field} {spec.target}.",
                hint=f"Use {clause.field}:{spec.target} or leave it out.",
            )
    else:
        parsed.clauses.append(
            (spec.target, tuple(dict.fromkeys(_normalise(spec.target, value) for value in clause.values)))
        )


def parse_query(text: str, *, now: datetime | None = None, into: ParsedSearch | None = None) -> ParsedSearch:
    """Read one q or fq string (refusing what it cannot honour, see the module docstring)."""
    parsed = into or ParsedSearch()
    for clause in _Parser(text, now or utcnow()).parse():
        _collect(parsed, clause)
    return parsed


def parse_sort(text: str | None) -> tuple[tuple[str, bool], ...]:
    """CKAN's sort ("metadata_modified desc, name asc") as (column, descending) keys; id is added later."""
    keys: list[tuple[str, bool]] = []
    for part in (text or DEFAULT_SORT).split(","):
        words = part.split()
        if len(words) != 2 or words[0] not in SORT_FIELDS or words[1].lower() not in ("asc", "desc"):
            raise InvalidSearch(
                f'Invalid "sort" parameter: {part.strip()!r}.',
                hint=f"Write FIELD asc|desc, comma-separated; fields: {', '.join(SORT_FIELDS)}.",
            )
        column = SORT_FIELDS[words[0]]
        if column is not None:
            keys.append((column, words[1].lower() == "desc"))
    return tuple(keys) or (("modified", True),)


def dataset_query(
    *,
    q: str = "",
    fq: Sequence[str] = (),
    sort: str | None = None,
    include_deleted: bool = False,
    now: datetime | None = None,
) -> search.DatasetQuery:
    """The catalogue query for CKAN's q, fq (every fq string ANDed with q) and sort."""
    moment = now or utcnow()
    parsed = ParsedSearch()
    for text in (q, *fq):
        parse_query(text, now=moment, into=parsed)
    return search.DatasetQuery(
        terms=parsed.terms,
        clauses=parsed.clauses,
        ranges=parsed.ranges,
        order=parse_sort(sort),
        states=("active", "withdrawn") if include_deleted else ("active",),
    )


def filter_values(query: search.DatasetQuery) -> dict[str, list[str]]:
    """The filter values of a query by filter name, for service.check_filters."""
    values: dict[str, list[str]] = {}
    for name, wanted in query.clauses:
        if name not in search.TEXT_COLUMNS:
            values.setdefault(name, []).extend(wanted)
    return values
