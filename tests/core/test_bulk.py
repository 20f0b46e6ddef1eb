"""Bulk files: every type through Parquet (read by DuckDB and pandas), CSV and JSON Lines, and the package."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from samskapa.core import bulk
from samskapa.core.bulk import BulkFiles, Column, TableSpec, write_bulk
from samskapa.core.errors import Invalid

SPEC = TableSpec(
    name="test-ads",
    title_en="Test ads",
    title_sv="Testannonser",
    columns=[
        Column("id", "integer", "The ad's number.", "Annonsens nummer.", required=True),
        Column("external_id", "string", "The source's id.", "Källans id.", required=True),
        Column("headline", "string", "The headline.", "Rubriken.", required=True),
        Column("description", "string", "The text.", "Texten."),
        Column("vacancies", "integer", "Open positions.", "Antal tjänster."),
        Column("score", "number", "A score.", "Ett värde."),
        Column("remote", "boolean", "Remote work.", "Distansarbete."),
        Column("starts_on", "date", "The first day.", "Första dagen."),
        Column("published_at", "datetime", "When published.", "När den publicerades.", required=True),
        Column("expires_at", "datetime", "The deadline.", "Sista ansökningsdag."),
        Column("skills", "string[]", "Required skills.", "Krav.", required=True),
        Column("tags", "string[]", "Free tags.", "Fria taggar."),
    ],
    primary_key=["id"],
)
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
CREATED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ROWS = 2000
NAMES = [column.name for column in SPEC.columns]
TRICKY = [
    "Sjuksköterska till Malmö – Åre, Östersund",
    'Hon sa "hej", sedan gick hon',
    "rad ett\nrad två\r\nrad tre",
    'semikolon; komma, citat " och | streck',
    "  inledande och avslutande blanksteg  ",
    "emoji 🙂 och kinesiska 你好",
    "",
]
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP WITH TIME ZONE",
    "array": "VARCHAR[]",
}
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_row(i: int, rng: random.Random) -> dict[str, Any]:
    """Row i: every type, with None, empty lists, Swedish text and CSV-hostile characters mixed in."""
    base = datetime(2026, 11, 2, 8, 0, tzinfo=UTC) + timedelta(minutes=17 * i)
    published: datetime = base if i % 3 else base.astimezone(STOCKHOLM)  # other zones become UTC
    if i % 7 == 0:
        published = published.replace(microsecond=rng.randrange(1, 1_000_000))
    return {
        "id": i + 1,
        "external_id": f"A-{i:06d}",
        "headline": TRICKY[i % (len(TRICKY) - 1)] + f" #{i}",
        "description": None if i % 5 == 0 else TRICKY[i % len(TRICKY)] * (1 + i % 4),
        "vacancies": None if i % 4 == 0 else rng.randrange(-5, 2**40),
        "score": None if i % 6 == 0 else rng.uniform(-1e6, 1e6) if i % 11 else 0.1,
        "remote": None if i % 9 == 0 else i % 2 == 0,
        "starts_on": None if i % 8 == 0 else date(2026, 1, 1) + timedelta(days=i),
        "published_at": published,
        "expires_at": None
        if i % 10 == 0
        else (base + timedelta(days=30)).astimezone(timezone(timedelta(hours=-5))),
        "skills": [f"esco:skill:{rng.randrange(10**6)}", "jobtech:åäö_X"][: i % 3],
        "tags": None if i % 13 == 0 else ("taggar", "med, komma", 'och "citat"')[: i % 4],
    }


def sample_rows(count: int = ROWS) -> list[dict[str, Any]]:
    rng = random.Random(4)
    return [make_row(i, rng) for i in range(count)]


def expected(row: dict[str, Any]) -> dict[str, Any]:
    """A row as it reads back: datetimes in UTC, tuples as lists."""
    out = dict(row)
    for name in ("published_at", "expires_at"):
        if out[name] is not None:
            out[name] = out[name].astimezone(UTC)
    out["tags"] = None if out["tags"] is None else list(out["tags"])
    return out


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def duck(sql: str) -> list[tuple[Any, ...]]:
    """A query through duckdb.sql, as a reader of the published file would run it."""
    relation = duckdb.sql(sql)
    assert relation is not None
    return relation.fetchall()


def write(directory: Path, rows: Any, **options: Any) -> BulkFiles:
    return write_bulk(
        SPEC,
        rows,
        directory,
        basename="ads",
        licence=LICENCE,
        sources=[{"title": "Samskapa test generator", "path": "https://example.se/generator"}],
        homepage="https://data.samskapa.se/bulk",
        description_en="Synthetic ads for the tests.",
        description_sv="Syntetiska annonser för testerna.",
        created=CREATED,
        **options,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> BulkFiles:
    return write(tmp_path_factory.mktemp("bulk"), iter(sample_rows()), row_group_size=500)


def test_the_files_are_written_and_reported(written: BulkFiles) -> None:
    assert written.row_count == ROWS
    names = sorted(path.name for path in written.parquet.path.parent.iterdir())
    assert names == ["ads.csv", "ads.jsonl.gz", "ads.parquet", "datapackage.json"]  # no temporary left
    for item in written.files:
        assert item.path.stat().st_size == item.bytes
    assert written.bytes == sum(item.bytes for item in written.files)
    assert pq.ParquetFile(written.parquet.path).metadata.num_row_groups == 4


def test_parquet_reads_in_duckdb_with_the_documented_schema(written: BulkFiles) -> None:
    path = str(written.parquet.path)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    described = connection.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
    fields = written.descriptor["resources"][0]["schema"]["fields"]
    assert [(name, kind) for name, kind, *_ in described] == [
        (field["name"], DUCKDB_TYPES[field["type"]]) for field in fields
    ]
    rows = connection.execute("SELECT * FROM read_parquet(?) ORDER BY id", [path]).fetchall()
    assert [dict(zip(NAMES, row, strict=True)) for row in rows] == [expected(row) for row in sample_rows()]
    # And the way the acceptance test reads it: a plain query over the file.
    [(total, remote)] = duck(f"SELECT count(*), count(*) FILTER (remote) FROM read_parquet('{path}')")
    assert total == ROWS
    assert remote == sum(1 for row in sample_rows() if row["remote"])
    required = duck(
        f"SELECT name, repetition_type FROM parquet_schema('{path}') WHERE name IN ('id', 'vacancies')"
    )
    assert sorted(required) == [("id", "REQUIRED"), ("vacancies", "OPTIONAL")]


def test_parquet_reads_in_pandas(written: BulkFiles) -> None:
    frame = pd.read_parquet(written.parquet.path)
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes == {
        "id": "int64",  # required integers stay int64
        "external_id": "str",
        "headline": "str",
        "description": "str",
        "vacancies": "float64",  # pandas' default for integers with nulls
        "score": "float64",
        "remote": "object",  # booleans with nulls
        "starts_on": "object",  # datetime.date values
        "published_at": "datetime64[us, UTC]",
        "expires_at": "datetime64[us, UTC]",
        "skills": "object",  # arrays of strings
        "tags": "object",
    }
    records = frame.to_dict("records")
    for got, want in zip(records, (expected(row) for row in sample_rows()), strict=True):
        assert got["id"] == want["id"]
        assert got["headline"] == want["headline"]
        assert got["published_at"].to_pydatetime() == want["published_at"]
        assert list(got["skills"]) == want["skills"]
        if want["description"] is None:
            assert isinstance(got["description"], float)
            assert math.isnan(got["description"])
        else:
            assert got["description"] == want["description"]
        if want["vacancies"] is not None:
            assert got["vacancies"] == want["vacancies"]
        assert got["starts_on"] == want["starts_on"]
    assert (
        pd.read_parquet(written.parquet.path, dtype_backend="pyarrow")["vacancies"].dtype == "int64[pyarrow]"
    )


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "|".join(value)
    return str(value)


def test_csv_round_trips(written: BulkFiles) -> None:
    raw = written.csv.path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte order mark
    assert raw.endswith(b"\r\n")
    with written.csv.path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, strict=True))
    assert records[0] == NAMES
    assert len(records) == ROWS + 1
    for record, row in zip(records[1:], sample_rows(), strict=True):
        cells = dict(zip(NAMES, record, strict=True))
        want = expected(row)
        for name in NAMES:
            if name == "score":
                assert (float(cells[name]) if cells[name] else None) == want[name]
            else:
                assert cells[name] == csv_cell(want[name]), name
        assert (cells["skills"].split("|") if cells["skills"] else []) == want["skills"]


def test_json_lines_round_trip(written: BulkFiles) -> None:
    with gzip.open(written.jsonl.path, "rt", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    assert lines[-1] == ""
    objects = [json.loads(line) for line in lines[:-1]]
    assert len(objects) == ROWS
    for got, row in zip(objects, sample_rows(), strict=True):
        assert list(got) == NAMES  # every column, null included, in the documented order
        want = expected(row)
        for name in ("published_at", "expires_at"):
            want[name] = None if want[name] is None else iso(want[name])
        want["starts_on"] = None if want["starts_on"] is None else want["starts_on"].isoformat()
        assert got == want


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_data_package_describes_the_files(written: BulkFiles) -> None:
    package = json.loads(written.datapackage.read_text(encoding="utf-8"))
    assert package == written.descriptor
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "test-ads"
    assert package["title"] == "Test ads"
    assert package["title_sv"] == "Testannonser"
    assert package["description"] == "Synthetic ads for the tests."
    assert package["description_sv"] == "Syntetiska annonser för testerna."
    assert package["homepage"] == "https://data.samskapa.se/bulk"
    assert package["created"] == "2026-11-30T12:00:00Z"
    assert package["licenses"] == [LICENCE]
    assert package["sources"] == [
        {"title": "Samskapa test generator", "path": "https://example.se/generator"}
    ]
    assert package["rowCount"] == ROWS
    resources = {resource["format"]: resource for resource in package["resources"]}
    assert set(resources) == {"parquet", "csv", "jsonl"}
    assert resources["parquet"]["mediatype"] == "application/vnd.apache.parquet"
    assert resources["csv"]["mediatype"] == "text/csv"
    assert resources["csv"]["encoding"] == "utf-8"
    assert resources["csv"]["dialect"] == {
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": '"',
        "doubleQuote": True,
        "header": True,
    }
    assert resources["jsonl"]["mediatype"] == "application/jsonl"
    assert resources["jsonl"]["compression"] == "gz"
    assert "compression" not in resources["csv"]
    for item in written.files:
        resource = resources[item.format]
        assert resource["path"] == item.path.name
        assert resource["name"] == f"test-ads-{item.format}"
        assert resource["profile"] == "tabular-data-resource"
        assert resource["bytes"] == item.path.stat().st_size == item.bytes
        assert resource["hash"] == sha256(item.path) == f"sha256:{item.sha256}"
        assert resource["rowCount"] == ROWS
        assert resource["title"].startswith("Test ads (")
        assert resource["title_sv"].startswith("Testannonser (")
        schema = resource["schema"]
        assert schema["primaryKey"] == ["id"]
        assert schema["missingValues"] == [""]
        assert [field["name"] for field in schema["fields"]] == NAMES
        for field, column in zip(schema["fields"], SPEC.columns, strict=True):
            assert field["type"] == {"string[]": "array"}.get(column.type, column.type)
            assert field["description"].startswith(column.description_en)
            assert field["description_sv"].startswith(column.description_sv)
            assert field["constraints"]["required"] is column.required
        fields = {field["name"]: field for field in schema["fields"]}
        assert fields["id"]["constraints"] == {"required": True, "unique": True}
        assert fields["skills"]["arrayItem"] == {"type": "string"}
        assert "list of strings" in fields["skills"]["description"]
        assert "'|'" in fields["tags"]["description"]
        assert fields["published_at"]["format"] == "default"
        assert "UTC" in fields["published_at"]["description"]


def test_the_parquet_file_has_the_explicit_arrow_schema(written: BulkFiles) -> None:
    schema = pq.read_schema(written.parquet.path)
    assert schema.remove_metadata() == SPEC.arrow_schema().remove_metadata()
    assert schema.field("id").type == pa.int64()
    assert not schema.field("id").nullable
    assert schema.field("vacancies").nullable
    assert schema.field("headline").type == pa.large_string()
    assert schema.field("score").type == pa.float64()
    assert schema.field("remote").type == pa.bool_()
    assert schema.field("starts_on").type == pa.date32()
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("skills").type == pa.list_(pa.string())
    assert schema.field("headline").metadata == {b"description": b"The headline."}


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def bad_after_good(bad: dict[str, Any], at: int) -> Iterator[dict[str, Any]]:
    rows = sample_rows(at + 5)
    yield from rows[:at]
    yield {**rows[at], **bad}
    yield from rows[at + 1 :]


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ({"published_at": datetime(2026, 1, 1, 8, 0)}, "published_at", "naive datetime"),  # noqa: DTZ001
        (
            {"published_at": "2026-01-01T08:00:00Z"},
            "published_at",
            "expected a timezone-aware datetime, got str",
        ),
        ({"published_at": None}, "published_at", "no value, but the column is required"),
        ({"vacancies": "12"}, "vacancies", "expected an integer, got str '12'"),
        ({"vacancies": True}, "vacancies", "expected an integer, got bool"),
        ({"vacancies": 2**63}, "vacancies", "outside the 64-bit range"),
        ({"score": float("nan")}, "score", "not finite"),
        ({"score": "1.5"}, "score", "expected a number"),
        ({"remote": 1}, "remote", "expected true or false, got int 1"),
        ({"starts_on": datetime(2026, 1, 1, tzinfo=UTC)}, "starts_on", "not datetimes"),
        ({"starts_on": "2026-01-01"}, "starts_on", "expected a date"),
        ({"headline": ""}, "headline", "empty string"),
        ({"headline": 42}, "headline", "expected a string, got int 42"),
        ({"skills": "esco:skill:1"}, "skills", "expected a list of strings"),
        ({"skills": ["a", 3]}, "skills", "a list item is not a string: int 3"),
        ({"skills": ["a|b"]}, "skills", "contains '|'"),
        ({"tags": [""]}, "tags", "is empty"),
        ({"employer": "Nordvik"}, "employer", "not one of the table's"),
        ({"description": "lone surrogate \ud800"}, "description", "cannot be encoded"),
    ],
)
def test_a_bad_row_names_row_column_and_reason_and_replaces_nothing(
    tmp_path: Path, bad: dict[str, Any], column: str, reason: str
) -> None:
    write(tmp_path, sample_rows(50))
    before = snapshot(tmp_path)
    with pytest.raises(Invalid) as caught:
        write(tmp_path, bad_after_good(bad, 1500), row_group_size=400)
    error = caught.value
    assert error.message.startswith(f"Row 1501 of the test-ads bulk file, column '{column}': ")
    assert reason in error.message
    assert error.extra["row"] == 1501
    assert error.extra["column"] == column
    assert error.field_errors[0].field == column
    assert error.hint
    assert snapshot(tmp_path) == before  # the earlier files untouched, no temporary left behind


def test_the_first_bad_row_is_reported(tmp_path: Path) -> None:
    rows = sample_rows(30)
    rows[20]["vacancies"] = "many"
    rows[12]["tags"] = ["x|y"]
    rows[12]["score"] = math.inf
    with pytest.raises(Invalid, match=r"^Row 13 .* column 'score'"):
        write(tmp_path, rows)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_optional_column_is_null_and_a_missing_required_one_is_an_error(tmp_path: Path) -> None:
    rows = sample_rows(3)
    del rows[1]["description"]
    result = write(tmp_path, rows)
    assert pq.read_table(result.parquet.path).column("description").to_pylist()[1] is None
    del rows[2]["external_id"]
    with pytest.raises(Invalid, match=r"^Row 3 .* column 'external_id': no value"):
        write(tmp_path, rows)


def test_a_repeated_primary_key_is_an_error(tmp_path: Path) -> None:
    rows = sample_rows(1200)
    rows[1100]["id"] = rows[700]["id"]
    with pytest.raises(
        Invalid, match=r"^Row 1101 .* column 'id': the primary key \(id=701\) repeats that of row 701"
    ):
        write(tmp_path, rows, row_group_size=256)
    assert list(tmp_path.iterdir()) == []


def test_the_first_repeat_of_a_composite_key_is_named(tmp_path: Path) -> None:
    spec = TableSpec(
        name="pairs",
        title_en="Pairs",
        title_sv="Par",
        columns=[
            Column("source", "string", "Source.", "Källa.", required=True),
            Column("number", "integer", "Number.", "Nummer.", required=True),
        ],
        primary_key=["source", "number"],
    )
    rows = [{"source": source, "number": number} for source in ("a", "b", "c") for number in range(100)]
    rows[250] = {"source": "a", "number": 7}  # repeats row 8
    rows[120] = {"source": "c", "number": 99}  # repeats row 300, which comes later: row 300 is the repeat
    rows[60] = {"source": "a", "number": 61}  # a+61 again at row 62
    with pytest.raises(Invalid, match=r"^Row 62 .*\(source='a', number=61\) repeats that of row 61"):
        write_bulk(spec, rows, tmp_path, basename="pairs", licence=LICENCE)


def test_a_table_of_one_column(tmp_path: Path) -> None:
    spec = TableSpec("ids", "Ids", "Id", [Column("id", "string", "Id.", "Id.", required=True)], "id")
    result = write_bulk(spec, [{"id": "x"}, {"id": "y"}], tmp_path, basename="ids", licence=LICENCE)
    assert duck(f"SELECT id FROM read_parquet('{result.parquet.path}')") == [("x",), ("y",)]
    assert result.csv.path.read_bytes() == b'"id"\r\n"x"\r\n"y"\r\n'


class Once:
    """An iterable that can be iterated only once, like a database cursor, counting what it yields."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.started = False
        self.yielded = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        assert not self.started, "the rows were iterated twice"
        self.started = True
        for row in self.rows:
            self.yielded += 1
            yield row


def test_the_rows_are_read_once_in_chunks_across_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK_ROWS", 128)  # chunks that do not divide the row groups
    rows = Once(sample_rows(1000))
    result = write(tmp_path, rows, row_group_size=300)
    assert rows.yielded == 1000
    assert result.row_count == 1000
    metadata = pq.ParquetFile(result.parquet.path).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [300, 300, 300, 100]
    table = pq.read_table(result.parquet.path)
    assert table.column("id").to_pylist() == list(range(1, 1001))


def test_mappings_that_are_not_dicts_work(tmp_path: Path) -> None:
    class Row:  # like SQLAlchemy's RowMapping: a Mapping, not a dict
        def __init__(self, data: dict[str, Any]) -> None:
            self.data = data

        def __getitem__(self, key: str) -> Any:
            return self.data[key]

        def get(self, key: str, default: Any = None) -> Any:
            return self.data.get(key, default)

        def keys(self) -> Any:
            return self.data.keys()

        def __iter__(self) -> Iterator[str]:
            return iter(self.data)

        def __len__(self) -> int:
            return len(self.data)

    rows = sample_rows(20)
    result = write(tmp_path, (Row(row) for row in rows))
    assert pq.read_table(result.parquet.path).to_pylist() == [expected(row) for row in rows]


def test_friendly_values_are_converted(tmp_path: Path) -> None:
    class Kind(StrEnum):
        REGULAR = "employment-type:regular"

    row = {
        **sample_rows(1)[0],
        "headline": Kind.REGULAR,
        "score": Decimal("2.5"),
        "vacancies": 3,
        "skills": ("a", "b"),
        "published_at": datetime(2026, 7, 1, 10, 0, tzinfo=STOCKHOLM),
    }
    result = write(tmp_path, [row, {**row, "id": 2, "score": 7}])
    got = pq.read_table(result.parquet.path).to_pylist()
    assert [item["score"] for item in got] == [2.5, 7.0]
    assert got[0]["headline"] == "employment-type:regular"
    assert got[0]["skills"] == ["a", "b"]
    assert got[0]["published_at"] == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    first = json.loads(gzip.decompress(result.jsonl.path.read_bytes()).split(b"\n")[0])
    assert first["published_at"] == "2026-07-01T08:00:00Z"
    assert first["headline"] == "employment-type:regular"


def test_a_row_that_is_not_a_mapping_is_an_error(tmp_path: Path) -> None:
    rows: list[Any] = sample_rows(5)
    rows[3] = tuple(rows[3].values())
    with pytest.raises(Invalid, match=r"^Row 4 .*a row must be a mapping"):
        write(tmp_path, rows)


def test_no_rows_still_make_valid_files(tmp_path: Path) -> None:
    result = write(tmp_path, [])
    assert result.row_count == 0
    assert pq.read_table(result.parquet.path).num_rows == 0
    assert [name for name, *_ in duck(f"DESCRIBE SELECT * FROM '{result.parquet.path}'")] == NAMES
    assert result.csv.path.read_text(encoding="utf-8").splitlines() == [
        ",".join(f'"{name}"' for name in NAMES)
    ]
    assert gzip.decompress(result.jsonl.path.read_bytes()) == b""
    assert result.descriptor["rowCount"] == 0


def test_a_new_write_replaces_the_old_files(tmp_path: Path) -> None:
    write(tmp_path, sample_rows(10))
    result = write(tmp_path, sample_rows(4))
    assert pq.read_table(result.parquet.path).num_rows == 4
    assert json.loads(result.datapackage.read_text(encoding="utf-8"))["rowCount"] == 4
    assert len(list(tmp_path.iterdir())) == 4


def test_the_jsonl_gzip_is_reproducible(tmp_path: Path) -> None:
    first = write(tmp_path / "a", sample_rows(40))
    second = write(tmp_path / "b", sample_rows(40))
    assert first.jsonl.sha256 == second.jsonl.sha256
    assert first.csv.sha256 == second.csv.sha256


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Column("Bad Name", "string", "x", "x"), "lower-case"),
        (lambda: Column("x", "text", "x", "x"), "unknown type"),  # type: ignore[arg-type]
        (
            lambda: TableSpec("Ads", "a", "a", [Column("x", "string", "x", "x", required=True)], ["x"]),
            "Table name",
        ),
        (lambda: TableSpec("ads", "a", "a", [Column("x", "string", "x", "x")], ["x"]), "must be required"),
        (
            lambda: TableSpec("ads", "a", "a", [Column("x", "string", "x", "x", required=True)], ["y"]),
            "not a column",
        ),
        (
            lambda: TableSpec(
                "ads", "a", "a", [Column("x", "string", "x", "x"), Column("x", "integer", "", "")], ["x"]
            ),
            "twice",
        ),
    ],
)
def test_a_bad_spec_is_a_programming_error(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="licence"):
        write_bulk(SPEC, [], tmp_path, basename="ads", licence={})
    with pytest.raises(ValueError, match="basename"):
        write_bulk(SPEC, [], tmp_path, basename="../ads", licence=LICENCE)
    assert list(tmp_path.iterdir()) == []
