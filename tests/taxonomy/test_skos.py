"""SKOS dumps parse in rdflib and round-trip the concept count."""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from samskapa.core.db import create_session_factory, session_scope
from samskapa.taxonomy import skos
from samskapa.taxonomy.loader import load_taxonomy
from samskapa.taxonomy.models import Concept
from tests.taxonomy.minisources import modify_sources


def _dump(engine: Engine, fmt: str) -> tuple[Graph, int, int]:
    with session_scope(create_session_factory(engine)) as session:
        out = io.StringIO()
        written = skos.write_dump(session, version=1, out=out, fmt=fmt)
        expected = session.scalar(
            select(func.count()).select_from(Concept).where(Concept.status != "referenced")
        )
    graph = Graph()
    graph.parse(data=out.getvalue(), format="turtle" if fmt == "ttl" else "json-ld")
    return graph, written, expected or 0


def test_turtle_dump_round_trips_the_concept_count(mini_engine: Engine) -> None:
    graph, written, expected = _dump(mini_engine, "ttl")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == written == expected
    municipality = URIRef("https://data.samskapa.se/taxonomy/municipality/0180")
    assert (municipality, SKOS.prefLabel, Literal("Stockholm", lang="sv")) in graph
    stockholm_lan = next(graph.objects(municipality, SKOS.broader))
    assert (stockholm_lan, SKOS.narrower, municipality) in graph
    assert (stockholm_lan, SKOS.notation, Literal("01")) in graph
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert URIRef("https://data.samskapa.se/taxonomy/scheme/ssyk-2012/v1") in schemes


def test_jsonld_dump_round_trips_the_concept_count(mini_engine: Engine) -> None:
    graph, written, expected = _dump(mini_engine, "jsonld")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == written == expected
    mappings = list(graph.subject_objects(SKOS.closeMatch))
    assert mappings, "SSYK-4 groups map to ISCO-08 with skos:closeMatch"
    assert all(str(target).startswith("http://data.europa.eu/esco/isco/C") for _, target in mappings)


def test_deprecated_concepts_keep_their_uri_with_owl_deprecated(
    mini_engine: Engine, mini_sources: Path, tmp_path: Path
) -> None:
    ids = modify_sources(mini_sources, tmp_path / "v2")
    with session_scope(create_session_factory(mini_engine)) as session:
        assert load_taxonomy(session, source_dir=tmp_path / "v2").version == 2
    with session_scope(create_session_factory(mini_engine)) as session:
        uris = {name: session.get(Concept, cid).uri for name, cid in ids.items()}  # type: ignore[union-attr]
        v1, v2 = io.StringIO(), io.StringIO()
        skos.write_dump(session, version=1, out=v1, fmt="ttl")
        skos.write_dump(session, version=2, out=v2, fmt="ttl")
    first, second = (
        Graph().parse(data=v1.getvalue(), format="turtle"),
        Graph().parse(data=v2.getvalue(), format="turtle"),
    )
    old, new = URIRef(uris["reissued_old"]), URIRef(uris["reissued_new"])
    assert (old, OWL.deprecated, Literal(True)) in second
    assert (old, DCTERMS.isReplacedBy, new) in second
    assert (URIRef(uris["dropped"]), OWL.deprecated, Literal(True)) in second
    assert (old, OWL.deprecated, Literal(True)) not in first
    assert (new, RDF.type, SKOS.Concept) not in first
    renamed = URIRef(uris["renamed"])
    assert (renamed, SKOS.prefLabel, Literal("renamed occupation for the test", lang="en")) in second
    assert (renamed, SKOS.prefLabel, Literal("renamed occupation for the test", lang="en")) not in first
