"""Offline validation of DCAT-AP graphs: the SEMIC DCAT-AP 3.0.1 shapes with DCAT-AP-SE's additions and
overrides (pyshacl), plus the date checks SHACL cannot make.

The shapes and a compact copy of the EU vocabularies live in `shapes/` (see its PROVENANCE.md). The EU
vocabulary memberships (`skos:inScheme`) of the values a graph uses are added to a copy of the graph before
validation, as the SEMIC validator does by importing the vocabularies. Only results of severity sh:Violation
count; a (path, constraint) pair listed in an overrides file is dropped, because DCAT-AP-SE deliberately
diverges there.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD
from rdflib.term import Node

SHAPES_DIR = Path(__file__).parent / "shapes"
SHAPE_FILES = ("dcat-ap-3.0.1-shacl.ttl", "dcat-ap-3.0.1-mdr-vocabularies.ttl", "dcat-ap-se-additions.ttl")
OVERRIDE_FILES = ("dcat-ap-se-overrides.json", "samskapa-overrides.json")
VOCABULARIES = "eu-vocabularies.nt.gz"
DCAT = "http://www.w3.org/ns/dcat#"
SCHEMA = "http://schema.org/"

DATE_TYPES = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth}
# Properties whose values are dates in DCAT-AP: each must be a typed, well-formed date.
DATE_PROPERTIES = {
    DCTERMS.issued,
    DCTERMS.modified,
    URIRef(DCAT + "startDate"),
    URIRef(DCAT + "endDate"),
    URIRef(SCHEMA + "startDate"),
    URIRef(SCHEMA + "endDate"),
}
_ZONE = r"(Z|[+-]\d{2}:\d{2})?"
_PATTERNS = {
    XSD.date: re.compile(rf"^-?\d{{4,}}-\d{{2}}-\d{{2}}{_ZONE}$"),
    XSD.dateTime: re.compile(rf"^-?\d{{4,}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?{_ZONE}$"),
    XSD.gYear: re.compile(rf"^-?\d{{4,}}{_ZONE}$"),
    XSD.gYearMonth: re.compile(rf"^-?\d{{4,}}-\d{{2}}{_ZONE}$"),
}


@dataclass(frozen=True)
class Violation:
    """One problem found in a graph: where (focus node and path), which rule, and a readable message."""

    focus: str
    path: str | None
    constraint: str
    message: str
    value: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{where}: {self.message} [{self.constraint}]{value}"


@cache
def shapes_graph() -> Graph:
    """The SEMIC DCAT-AP 3.0.1 shapes, the vocabulary shapes and the DCAT-AP-SE additions (parsed once)."""
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(SHAPES_DIR / name, format="turtle")
    return graph


@cache
def vocabulary_graph() -> Graph:
    """Scheme memberships and labels of the EU vocabularies DCAT-AP uses (compact copy, parsed once)."""
    graph = Graph()
    graph.parse(data=gzip.decompress((SHAPES_DIR / VOCABULARIES).read_bytes()).decode(), format="nt")
    return graph


@cache
def overrides() -> frozenset[tuple[str, str]]:
    """(path IRI, constraint component name) pairs left out of reports."""
    pairs: set[tuple[str, str]] = set()
    for name in OVERRIDE_FILES:
        document = json.loads((SHAPES_DIR / name).read_text(encoding="utf-8"))
        for entry in document["overrides"]:
            pairs.update((entry["path"], constraint) for constraint in entry["ignoreConstraints"])
    return frozenset(pairs)


def _with_vocabularies(graph: Graph) -> Graph:
    data = Graph()
    for triple in graph:
        data.add(triple)
    vocabulary = vocabulary_graph()
    used = {node for node in graph.objects() if isinstance(node, URIRef)}
    for node in used:
        for predicate, value in vocabulary.predicate_objects(node):
            data.add((node, predicate, value))
            if predicate != RDF.type:
                for triple in vocabulary.triples((value, None, None)):
                    data.add(triple)
    return data


def _name(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _short(node: Node | None) -> str:
    text = str(node or "")
    return text.rsplit("#", 1)[-1]


def shacl_results(graph: Graph, *, include_warnings: bool = False) -> list[Violation]:
    """What the shapes find in a graph (top-level results only), less the overridden pairs."""
    conforms, report, _text = shacl_validate(
        _with_vocabularies(graph),
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    if conforms and not include_warnings:
        return []
    assert isinstance(report, Graph)  # pyshacl returns a graph unless asked for text
    found: list[Violation] = []
    ignored = overrides()
    for result in report.objects(None, SH.result):
        severity = _short(report.value(result, SH.resultSeverity))
        if severity != "Violation" and not include_warnings:
            continue
        path = report.value(result, SH.resultPath)
        constraint = _short(report.value(result, SH.sourceConstraintComponent))
        if path is not None and (str(path), constraint) in ignored:
            continue
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        found.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=None if isinstance(path, BNode) else _name(path),
                constraint=constraint,
                message=str(message) if message is not None else constraint,
                value=_name(value),
                severity=severity,
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.constraint, v.value or ""))


def parse_date_literal(value: Literal) -> date | None:
    """The day a date-typed literal stands for (the first day of a year or month), or None if malformed."""
    datatype = value.datatype
    text = str(value).strip()
    pattern = _PATTERNS.get(datatype) if datatype is not None else None
    if pattern is None or not pattern.match(text):
        return None
    try:
        if datatype == XSD.dateTime:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        day = re.sub(r"(Z|[+-]\d{2}:\d{2})$", "", text)
        if datatype == XSD.gYear:
            day += "-01-01"
        elif datatype == XSD.gYearMonth:
            day += "-01"
        return date.fromisoformat(day)
    except ValueError:
        return None


def date_violations(graph: Graph) -> list[Violation]:
    """Malformed dates (which SHACL lets through) and periods that end before they start."""
    found: list[Violation] = []
    for subject, predicate, value in graph:
        typed_date = isinstance(value, Literal) and value.datatype in DATE_TYPES
        if not typed_date and predicate not in DATE_PROPERTIES:
            continue
        if not isinstance(value, Literal) or value.datatype not in DATE_TYPES:
            message = "must be a literal typed xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth"
        elif parse_date_literal(value) is None:
            message = f"is not a valid {_short(value.datatype)}"
        else:
            continue
        found.append(Violation(str(subject), str(predicate), "DateCheck", message, str(value)))
    starts = (URIRef(DCAT + "startDate"), URIRef(SCHEMA + "startDate"))
    ends = (URIRef(DCAT + "endDate"), URIRef(SCHEMA + "endDate"))
    for period in set(graph.subjects(RDF.type, DCTERMS.PeriodOfTime)):
        start = _first_date(graph, period, starts)
        end = _first_date(graph, period, ends)
        if start is not None and end is not None and start > end:
            found.append(
                Violation(
                    str(period),
                    str(DCTERMS.temporal),
                    "DateOrder",
                    f"the period ends ({end}) before it starts ({start})",
                )
            )
    return found


def _first_date(graph: Graph, subject: Node, predicates: tuple[URIRef, ...]) -> date | None:
    for predicate in predicates:
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal) and (day := parse_date_literal(value)) is not None:
                return day
    return None


def validate_graph(graph: Graph, *, include_warnings: bool = False) -> list[Violation]:
    """Every violation of DCAT-AP 3.0.1 + DCAT-AP-SE in a graph, shapes and date checks together."""
    return shacl_results(graph, include_warnings=include_warnings) + date_violations(graph)
