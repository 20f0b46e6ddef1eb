"""SKOS dumps of a taxonomy version in Turtle and JSON-LD, made with rdflib from the stored revisions.

A version never changes once loaded, so its dump is written once to the data directory and then served as a
file. Concepts are serialised in chunks (each chunk a small rdflib graph) to keep memory flat: repeated
`@prefix` lines are valid Turtle, and the JSON-LD chunks are merged into one `@graph` under one context.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL
from sqlalchemy.orm import Session

from samskapa.taxonomy import repository
from samskapa.taxonomy.errors import InvalidTaxonomyQuery, VersionNotFound
from samskapa.taxonomy.graph import SAMSKAPA_NAMESPACE

ESCO = Namespace("http://data.europa.eu/esco/model#")
SAMSKAPA = Namespace(SAMSKAPA_NAMESPACE + "model#")
FORMATS = {"ttl": "turtle", "jsonld": "json-ld"}
CHUNK = 2000
_lock = threading.Lock()

_RELATION_PREDICATES = {
    "broader": SKOS.broader,
    "related": SKOS.related,
    "close_match": SKOS.closeMatch,
    "exact_match": SKOS.exactMatch,
    "broad_match": SKOS.broadMatch,
    "narrow_match": SKOS.narrowMatch,
    "essential_skill": ESCO.hasEssentialSkill,
    "optional_skill": ESCO.hasOptionalSkill,
    "substitutes": SAMSKAPA.substitutes,
}
JSONLD_CONTEXT = {
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "esco": str(ESCO),
    "samskapa": str(SAMSKAPA),
    "xsd": str(XSD),
}


def scheme_uri(scheme: str, version: int) -> URIRef:
    """The URI of one classification's concept scheme in one version."""
    return URIRef(f"{SAMSKAPA_NAMESPACE}scheme/{scheme}/v{version}")


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in JSONLD_CONTEXT.items():
        graph.bind(prefix, Namespace(namespace))
    return graph


def _concept_triples(graph: Graph, document: dict[str, Any], uris: dict[str, str], version: int) -> None:
    subject = URIRef(document["uri"])
    scheme = scheme_uri(document["scheme"], version)
    graph.add((subject, RDF.type, SKOS.Concept))
    graph.add((subject, SKOS.inScheme, scheme))
    graph.add((subject, DCTERMS.identifier, Literal(document["id"])))
    graph.add((subject, DCTERMS.type, Literal(document["type"])))
    if document["notation"]:
        graph.add((subject, SKOS.notation, Literal(document["notation"])))
    for lang, kinds in document["labels"].items():
        for kind, texts in kinds.items():
            predicate = {"pref": SKOS.prefLabel, "alt": SKOS.altLabel, "hidden": SKOS.hiddenLabel}[kind]
            for text in texts:
                graph.add((subject, predicate, Literal(text, lang=lang)))
    for lang, text in document["definitions"].items():
        graph.add((subject, SKOS.definition, Literal(text, lang=lang)))
    has_broader = False
    for kind, target, _weight, _provenance in document["relations"]:
        target_uri = uris.get(target)
        if target_uri is None:
            continue
        graph.add((subject, _RELATION_PREDICATES[kind], URIRef(target_uri)))
        if kind == "broader":
            has_broader = True
            graph.add((URIRef(target_uri), SKOS.narrower, subject))
    if not has_broader:
        graph.add((subject, SKOS.topConceptOf, scheme))
    if document["status"] == "deprecated":
        graph.add((subject, OWL.deprecated, Literal(True)))
        replaced_by = uris.get(document.get("replaced_by") or "")
        if replaced_by:
            graph.add((subject, DCTERMS.isReplacedBy, URIRef(replaced_by)))


def _chunks(documents: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _scheme_graph(schemes: set[str], version: int) -> Graph:
    graph = _bind(Graph())
    for scheme in sorted(schemes):
        subject = scheme_uri(scheme, version)
        graph.add((subject, RDF.type, SKOS.ConceptScheme))
        graph.add(
            (subject, DCTERMS.title, Literal(f"{scheme} (Samskapa taxonomy version {version})", lang="en"))
        )
        graph.add((subject, OWL.versionInfo, Literal(str(version))))
    return graph


def write_dump(session: Session, *, version: int, out: IO[str], fmt: str) -> int:
    """Serialise every concept of `version` to `out`; returns the number of skos:Concept written."""
    uris = repository.concept_uris(session)
    documents = (d for d in repository.revisions_at(session, version) if d["status"] != "referenced")
    schemes: set[str] = set()
    written = 0
    first = True
    if fmt == "jsonld":
        out.write('{"@context": ' + json.dumps(JSONLD_CONTEXT) + ', "@graph": [\n')
    for batch in _chunks(documents, CHUNK):
        graph = _bind(Graph())
        for document in batch:
            _concept_triples(graph, document, uris, version)
            schemes.add(document["scheme"])
        written += len(batch)
        first = _write_graph(graph, out, fmt, first=first)
    _write_graph(_scheme_graph(schemes, version), out, fmt, first=first)
    if fmt == "jsonld":
        out.write("\n]}\n")
    return written


def _write_graph(graph: Graph, out: IO[str], fmt: str, *, first: bool) -> bool:
    if fmt == "ttl":
        out.write(graph.serialize(format="turtle"))
        out.write("\n")
        return False
    items = json.loads(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    nodes = items.get("@graph", [items]) if isinstance(items, dict) else items
    for node in nodes:
        node.pop("@context", None)
        out.write(("" if first else ",\n") + json.dumps(node, ensure_ascii=False))
        first = False
    return first


def dump_path(session: Session, *, version: int, fmt: str, directory: Path) -> Path:
    """The dump file of `version` in `fmt`, written on first request."""
    if fmt not in FORMATS:
        raise InvalidTaxonomyQuery(f"Unknown dump format '{fmt}'.", hint="Use ttl or jsonld.")
    if repository.get_version(session, version) is None:
        raise VersionNotFound(
            f"There is no taxonomy version {version}.",
            hint="See /v1/taxonomy/versions for the versions that exist.",
        )
    path = directory / f"taxonomy-v{version}.{fmt}"
    with _lock:
        if not path.exists():
            directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    write_dump(session, version=version, out=out, fmt=fmt)
                Path(temporary).replace(path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    return path
