"""Our DCAT-AP output validates against the SEMIC 3.0.1 shapes + DCAT-AP-SE, and the validation can fail."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.catalogue import dcat, demo, platform, service, vocabularies
from samskapa.catalogue.models import Dataset
from samskapa.catalogue.schemas import DataServiceIn, DatasetIn
from samskapa.catalogue.validation import (
    Violation,
    date_violations,
    overrides,
    shacl_results,
    validate_graph,
)
from samskapa.taxonomy.models import Concept

BASE = "https://data.example.se"
DATA = Path(__file__).parent / "data"
DCAT = dcat.DCAT
# A plain namespace: pytest looks attributes up on module globals, which rdflib's closed XSD warns about.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ORGANISATION_TYPES = ("agency", "municipality", "school", "ngo", "company")


def _pick(values: list[str], number: int, count: int) -> list[str]:
    return [values[(number * 7 + step * 3) % len(values)] for step in range(count)]


def _organisations(session: Session) -> list[Organisation]:
    return [
        accounts.create_organisation(
            session,
            name=f"varied-{kind}-{uuid.uuid4().hex[:6]}",
            type_=kind,
            title_sv=f"Utgivare ({kind})",
            title_en=f"Publisher ({kind})",
            email=f"{kind}@example.org" if index % 2 == 0 else None,
            homepage=f"https://{kind}.example.org/" if index % 2 == 1 else None,
        )
        for index, kind in enumerate(ORGANISATION_TYPES)
    ]


def _distribution(number: int, position: int) -> dict[str, Any]:
    formats = list(vocabularies.FORMATS)
    licences = list(vocabularies.LICENCES)
    code = formats[(number + position) % len(formats)]
    values: dict[str, Any] = {
        "title_sv": f"Fil {position} ({code})",
        "title_en": f"File {position} ({code})",
        "access_url": f"https://files.example.org/{number}/{position}",
        "format": code,
        "licence": licences[(number + position) % len(licences)],
    }
    if number % 2 == 0:
        values["download_url"] = f"https://files.example.org/{number}/{position}.dat"
        values["byte_size"] = number * 1000 + position
    if number % 5 == 0:
        values["checksum_sha256"] = f"{number:064x}"
        values["description_sv"], values["description_en"] = "Beskrivning", "Description"
    if number % 4 == 0 and position == 0:
        values["access_url"] = f"https://api.example.org/v{number % 3}/datasets/{number}"
    return values


def varied_input(number: int, spatial: list[str], concepts: list[str]) -> DatasetIn:
    """A dataset description that differs from its neighbours in every field the catalogue has."""
    themes, frequencies = list(vocabularies.THEMES), list(vocabularies.FREQUENCIES)
    rights = list(vocabularies.ACCESS_RIGHTS)
    start = date(2000 + number % 20, 1 + number % 12, 1) if number % 3 else None
    end = date(2021 + number % 5, 12, 31) if number % 4 else None
    return DatasetIn.model_validate(
        {
            "title_sv": f"Varierad datamängd {number} – yrken & kompetens",
            "title_en": f"Varied dataset {number}: occupations <and> skills",
            "description_sv": f'Beskrivning {number} med "citat" och radbrytning.\nAndra raden.',
            "description_en": f"Description {number}, with 'quotes'.",
            "keywords_sv": [f"nyckelord {number % 9}", "yrken"],
            "keywords_en": [f"keyword {number % 11}"] if number % 2 else [],
            "themes": _pick(themes, number, number % 3),
            "concepts": _pick(concepts, number, number % 3),
            "spatial": _pick(spatial, number, 1 + number % 2),
            "temporal_start": start,
            "temporal_end": end,
            "frequency": frequencies[number % len(frequencies)] if number % 6 else None,
            "access_rights": rights[number % len(rights)],
            "contact_name": f"Kontakt {number}",
            "contact_email": f"contact+{number}@example.org",
            "landing_page": f"https://example.org/data/{number}" if number % 2 else None,
            "conforms_to": ["https://www.w3.org/TR/vocab-dcat-3/"] if number % 7 == 0 else [],
            "issued": datetime(2020, 1, 1, tzinfo=UTC) if number % 8 == 0 else None,
            "distributions": [_distribution(number, position) for position in range(number % 4)],
        }
    )


def varied_catalogue(session: Session, count: int = 200) -> list[Dataset]:
    """`count` varied datasets spread over publishers of every type, with data services serving some."""
    owners = _organisations(session)
    spatial = list(
        session.scalars(
            select(Concept.id)
            .where(Concept.type.in_(("region", "municipality", "country")), Concept.status == "active")
            .where(Concept.id.like("lan:%") | Concept.id.like("kommun:%") | Concept.id.like("country:%"))
            .order_by(Concept.id)
            .limit(40)
        )
    )
    concepts = list(
        session.scalars(select(Concept.id).where(Concept.id.like("ssyk:%")).order_by(Concept.id).limit(30))
    )
    datasets = [
        service.create_dataset(
            session, organisation=owners[number % len(owners)], data=varied_input(number, spatial, concepts)
        )
        for number in range(count)
    ]
    for version, owner in itertools.product(range(3), owners[:2]):
        service.upsert_data_service(
            session,
            organisation=owner,
            data=DataServiceIn(
                name=f"api-{owner.name}-v{version}",
                title_sv=f"API v{version}",
                title_en=f"API v{version}",
                endpoint_url=f"https://api.example.org/v{version}",
                endpoint_description=f"https://api.example.org/v{version}/openapi.json",
                licence=list(vocabularies.LICENCES)[version] if version else None,
                access_rights="PUBLIC",
                serves=[d.id for d in datasets[version::4]],
            ),
        )
    return datasets


def _messages(found: list[Violation]) -> str:
    return "\n".join(str(item) for item in found[:20])


def test_platform_demo_and_200_varied_datasets_validate_with_no_violation(session: Session) -> None:
    platform.register_platform(session, base_url=BASE)
    demo.seed_catalogue(session)
    varied_catalogue(session)
    whole = dcat.catalogue_graph(session, base_url=BASE)
    datasets = set(whole.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 200 + 4 + len(demo.PUBLISHERS) + 1  # varied, platform (4), demo (8 publishers, 9)
    assert len(set(whole.subjects(RDF.type, DCAT.DataService))) == 7
    found = validate_graph(whole)
    assert found == [], _messages(found)


def test_each_platform_and_demo_dataset_validates_on_its_own(session: Session) -> None:
    platform.register_platform(session, base_url=BASE)
    demo.seed_catalogue(session)
    own = session.scalars(select(Dataset).order_by(Dataset.name)).all()
    assert len(own) >= 10
    union = Graph()
    for dataset in own:
        union += dcat.dataset_graph(session, dataset, base_url=BASE)
        # Each dataset's document names exactly one dataset: it is complete in itself.
    assert len(set(union.subjects(RDF.type, DCAT.Dataset))) == len(own)
    found = validate_graph(union)
    assert found == [], _messages(found)


def _graph_of_one(session: Session) -> tuple[Graph, URIRef]:
    platform.register_platform(session, base_url=BASE)
    dataset = service.get_dataset(session, key="samskapa-taxonomy")
    return dcat.dataset_graph(session, dataset, base_url=BASE), dcat.dataset_iri(BASE, dataset.id)


def test_a_distribution_without_access_url_is_a_violation(session: Session) -> None:
    graph, _node = _graph_of_one(session)
    distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((distribution, DCAT.accessURL, None))
    found = validate_graph(graph)
    assert [(v.focus, v.path, v.constraint) for v in found] == [
        (str(distribution), str(DCAT.accessURL), "MinCountConstraintComponent")
    ]


def test_publisher_type_title_and_datatypes_are_checked(session: Session) -> None:
    graph, node = _graph_of_one(session)
    publisher = graph.value(node, DCTERMS.publisher)
    graph.remove((publisher, DCTERMS.type, None))  # DCAT-AP-SE makes the publisher type mandatory
    graph.remove((node, DCTERMS.title, None))
    distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.byteSize, Literal("12.5", datatype=XSD.decimal)))
    found = {(v.focus, v.path, v.constraint) for v in validate_graph(graph)}
    assert (str(publisher), str(DCTERMS.type), "MinCountConstraintComponent") in found
    assert (str(node), str(DCTERMS.title), "MinCountConstraintComponent") in found
    assert (str(distribution), str(DCAT.byteSize), "DatatypeConstraintComponent") in found


def test_malformed_dates_pass_shacl_but_not_the_date_check(session: Session) -> None:
    graph, node = _graph_of_one(session)
    graph.set((node, DCTERMS.issued, Literal("2020-13-45", datatype=XSD.date)))
    graph.set((node, DCTERMS.modified, Literal("yesterday")))
    assert shacl_results(graph) == [], "SHACL itself lets malformed dates through"
    found = {(v.path, v.constraint, v.value) for v in validate_graph(graph)}
    assert found == {
        (str(DCTERMS.issued), "DateCheck", "2020-13-45"),
        (str(DCTERMS.modified), "DateCheck", "yesterday"),
    }


def test_a_period_that_ends_before_it_starts_is_reported() -> None:
    graph = Graph()
    period = URIRef(f"{BASE}/dataset/x#temporal")
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal("2024-05-01", datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal("2023-01-01T10:00:00Z", datatype=XSD.dateTime)))
    (found,) = date_violations(graph)
    assert found.constraint == "DateOrder"
    assert "2023-01-01" in found.message


def test_dcat_ap_se_overrides_drop_what_the_swedish_profile_allows(session: Session) -> None:
    graph, node = _graph_of_one(session)
    catalogue = URIRef(f"{BASE}/catalog")
    graph.add((catalogue, DCAT.dataset, URIRef("https://elsewhere.example.org/dataset/bare")))
    assert (str(DCAT.dataset), "ClassConstraintComponent") in overrides()
    assert validate_graph(graph) == [], "a bare dataset IRI in a catalogue is fine in DCAT-AP-SE"
    graph.add((node, DCAT.landingPage, URIRef("https://example.org/untyped-page")))
    assert validate_graph(graph) == []


def test_the_dcat_ap_se_examples_are_judged_by_the_same_shapes() -> None:
    minimal = Graph().parse(DATA / "obligatoriskt.ttl")
    found = {(v.focus, v.path, v.constraint) for v in validate_graph(minimal)}
    # The example predates DCAT-AP-SE 3.0.1's mandatory publisher type (the additions file requires it).
    assert ("https://example.com/publisher1", str(DCTERMS.type), "MinCountConstraintComponent") in found
    recommended = Graph().parse(DATA / "rekommenderat.ttl")
    paths = {v.path for v in validate_graph(recommended)}
    assert str(DCAT.accessURL) not in paths
    assert str(DCTERMS.format) in paths, "a literal media type is no EU file type"
