"""The DCAT-AP endpoints: formats, paging, modified_since, content negotiation, per-organisation catalogues,
errors and the streamed Turtle dump."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS
from sqlalchemy.orm import Session

from samskapa.catalogue import dcat, platform, service
from samskapa.catalogue.models import Dataset
from samskapa.config import Settings
from tests.catalogue.factories import dataset, organisation
from tests.catalogue.test_validation import varied_catalogue

DCAT = dcat.DCAT
HYDRA = dcat.HYDRA
VCARD = dcat.VCARD
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
MEDIA = {"ttl": "text/turtle", "rdf": "application/rdf+xml", "jsonld": "application/ld+json"}


def _parse(response_text: str, extension: str) -> Graph:
    return Graph().parse(data=response_text, format=FORMATS[extension])


def _datasets(graph: Graph) -> set[str]:
    return {str(node) for node in graph.subjects(RDF.type, DCAT.Dataset)}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_every_serialisation_parses_back(
    api: TestClient, session: Session, settings: Settings, extension: str
) -> None:
    owner = organisation(session)
    made = dataset(session, owner)
    base = settings.base_url
    for path in (
        f"/catalog.{extension}",
        f"/catalog/{owner.name}.{extension}",
        f"/dataset/{made.id}.{extension}",
    ):
        response = api.get(path)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(MEDIA[extension])
        graph = _parse(response.text, extension)
        assert f"{base}/dataset/{made.id}" in _datasets(graph), path
        distribution = next(graph.objects(URIRef(f"{base}/dataset/{made.id}"), DCAT.distribution))
        assert graph.value(distribution, DCAT.byteSize) == Literal("1234", datatype=XSD.nonNegativeInteger)


def test_dataset_document_follows_the_dcat_ap_rules(
    api: TestClient, session: Session, settings: Settings
) -> None:
    base = settings.base_url
    platform.register_platform(session, base_url=base)
    own = service.get_dataset(session, key="samskapa-taxonomy")
    graph = _parse(api.get(f"/dataset/{own.id}.ttl").text, "ttl")
    node = URIRef(f"{base}/dataset/{own.id}")
    assert uuid.UUID(str(graph.value(node, DCTERMS.identifier))) == uuid.UUID(own.id)
    assert not [term for triple in graph for term in triple if isinstance(term, BNode)], "no blank nodes"
    for subject in graph.subjects():
        assert str(subject).startswith(("http://", "https://")), subject
    publisher = graph.value(node, DCTERMS.publisher)
    assert str(publisher) == f"{base}/organisation/samskapa"
    assert {FOAF.Agent, FOAF.Organization} <= set(graph.objects(publisher, RDF.type))
    assert graph.value(publisher, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/NationalAuthority"
    )
    contact = graph.value(node, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:data@samskapa.se")
    licences = {graph.value(d, DCTERMS.license) for d in graph.objects(node, DCAT.distribution)}
    assert licences == {URIRef(platform.CC_BY)}
    assert (URIRef(platform.CC_BY), RDF.type, DCTERMS.LicenseDocument) in graph
    assert graph.value(node, DCTERMS.issued).datatype == XSD.dateTime  # type: ignore[union-attr]
    api_service = next(graph.subjects(RDF.type, DCAT.DataService))
    assert graph.value(api_service, DCAT.endpointURL) == URIRef(f"{base}/v1")
    assert graph.value(api_service, DCAT.endpointDescription) == URIRef(f"{base}/openapi.json")
    assert (api_service, DCAT.servesDataset, node) in graph
    through_api = [d for d in graph.objects(node, DCAT.distribution) if graph.value(d, DCAT.accessService)]
    assert [str(graph.value(d, DCAT.accessURL)) for d in through_api] == [f"{base}/v1/concepts"]
    theme = URIRef("http://publications.europa.eu/resource/authority/data-theme/EDUC")
    assert graph.value(theme, SKOS.inScheme) == URIRef(
        "http://publications.europa.eu/resource/authority/data-theme"
    )


def test_hydra_paging_walks_every_dataset_exactly_once(
    api: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = {d.id for d in varied_catalogue(session, count=23)}
    monkeypatch.setattr(dcat, "PAGE_SIZE", 10)  # 100 in production (checked below); 3 pages here
    seen: list[str] = []
    url: str | None = "/catalog.ttl"
    pages = 0
    while url is not None:
        response = api.get(url)
        assert response.status_code == 200, response.text
        graph = _parse(response.text, "ttl")
        (view,) = graph.subjects(RDF.type, HYDRA.PartialCollectionView)
        assert graph.value(view, HYDRA.totalItems) == Literal("23", datatype=XSD.nonNegativeInteger)
        assert str(graph.value(view, HYDRA.last)).endswith("page=3")
        page = {str(d).rsplit("/", 1)[-1] for d in graph.objects(None, DCAT.dataset)}
        assert len(page) <= 10
        assert page == {str(d).rsplit("/", 1)[-1] for d in _datasets(graph)}
        seen.extend(page)
        following = graph.value(view, HYDRA.next)
        url = _path(str(following)) if following is not None else None
        pages += 1
        assert 'rel="first"' in response.headers["link"]
    assert pages == 3
    assert sorted(seen) == sorted(made), "each dataset once, none missing"
    assert api.get("/catalog.ttl", params={"page": 4}).status_code == 404
    monkeypatch.undo()
    graph = _parse(api.get("/catalog.ttl").text, "ttl")
    (view,) = graph.subjects(RDF.type, HYDRA.PartialCollectionView)
    assert graph.value(view, HYDRA.itemsPerPage) == Literal("100", datatype=XSD.nonNegativeInteger)
    assert len(_datasets(graph)) == 23
    assert graph.value(view, HYDRA.next) is None


def test_modified_since_keeps_later_datasets_and_the_page_links(api: TestClient, session: Session) -> None:
    owner = organisation(session)
    older, newer = dataset(session, owner), dataset(session, owner)
    assert newer.modified > older.modified
    response = api.get("/catalog.jsonld", params={"modified_since": newer.modified.isoformat()})
    graph = _parse(response.text, "jsonld")
    assert {str(d).rsplit("/", 1)[-1] for d in _datasets(graph)} == {newer.id}
    (view,) = graph.subjects(RDF.type, HYDRA.PartialCollectionView)
    assert "modified_since=" in str(graph.value(view, HYDRA.first))
    naive = newer.modified.replace(tzinfo=None).isoformat()
    again = _parse(api.get("/catalog.ttl", params={"modified_since": naive}).text, "ttl")
    assert _datasets(again) == _datasets(graph), "a time without a zone is UTC"


def test_organisation_catalogue_has_only_its_own_datasets(
    api: TestClient, session: Session, settings: Settings
) -> None:
    mine, theirs = organisation(session), organisation(session)
    own = {dataset(session, mine).id for _ in range(3)}
    other = dataset(session, theirs).id
    graph = _parse(api.get(f"/catalog/{mine.name}.rdf").text, "rdf")
    assert {d.rsplit("/", 1)[-1] for d in _datasets(graph)} == own
    catalogue = URIRef(f"{settings.base_url}/catalog/{mine.name}")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    assert {str(p).rsplit("/", 1)[-1] for p in graph.objects(catalogue, DCTERMS.publisher)} == {mine.name}
    whole = _parse(api.get("/catalog.ttl").text, "ttl")
    assert {d.rsplit("/", 1)[-1] for d in _datasets(whole)} >= {*own, other}
    by_id = _parse(api.get(f"/catalog/{mine.id}", headers={"Accept": "text/turtle"}).text, "ttl")
    assert _datasets(by_id) == _datasets(graph)
    assert api.get("/catalog/no-such-org.ttl").status_code == 404


def test_content_negotiation(api: TestClient, session: Session) -> None:
    owner = organisation(session)
    made = dataset(session, owner)
    cases = {
        "text/turtle": "text/turtle",
        "application/rdf+xml": "application/rdf+xml",
        "application/ld+json": "application/ld+json",
        "application/json": "application/ld+json",
        "*/*": "text/turtle",
        "application/rdf+xml;q=0.5, text/turtle;q=0.9": "text/turtle",
        "text/*;q=0.2, application/ld+json;q=0.3": "application/ld+json",
    }
    for accept, expected in cases.items():
        for path in ("/catalog", f"/dataset/{made.id}"):
            response = api.get(path, headers={"Accept": accept})
            assert response.status_code == 200, (accept, path, response.text)
            assert response.headers["content-type"].startswith(expected), (accept, path)
            assert "Accept" in response.headers["vary"]
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = api.get(f"/dataset/{made.id}", headers={"Accept": browser}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/datasets/{made.id}"
    assert api.get("/catalog", headers={"Accept": browser}, follow_redirects=False).status_code == 303
    mine = api.get(f"/catalog/{owner.name}", headers={"Accept": browser}, follow_redirects=False)
    assert mine.headers["location"] == f"/organisations/{owner.name}"
    refused = api.get(f"/dataset/{made.id}", headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_errors_are_problems(api: TestClient, session: Session) -> None:
    unknown = api.get(f"/dataset/{uuid.uuid4()}.ttl", headers={"Accept": "application/json"})
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["code"] == "dataset_not_found"
    owner = organisation(session)
    gone = dataset(session, owner)
    service.withdraw_dataset(session, dataset=gone)
    withdrawn = api.get(f"/dataset/{gone.id}.ttl", headers={"Accept": "application/json"})
    assert withdrawn.status_code == 410
    assert withdrawn.json()["code"] == "dataset_withdrawn"
    assert api.get(f"/dataset/{gone.id}.xls").status_code == 400
    assert api.get("/catalog.ttl", params={"pages": 2}).status_code == 400, "unknown parameters refused"
    assert api.get("/catalog.ttl", params={"page": 0}).status_code == 400
    assert api.get("/catalog.rdf", params={"page": "all"}).status_code == 400, "the full dump is Turtle only"


def test_the_full_turtle_dump_streams_in_batches(
    api: TestClient, session: Session, settings: Settings
) -> None:
    owner = organisation(session)
    made = {dataset(session, owner).id for _ in range(7)}
    chunks = list(
        dcat.stream_catalogue_turtle(session, base_url=settings.base_url, organisation=owner, batch_size=3)
    )
    assert len(chunks) == 1 + 3, "the header, then one chunk per batch of three"
    for chunk in chunks:
        Graph().parse(data=chunk, format="turtle")  # every chunk is a Turtle document of its own
    response = api.get(f"/catalog/{owner.name}.ttl", params={"page": "all"})
    assert response.status_code == 200
    graph = _parse(response.text, "ttl")
    assert {d.rsplit("/", 1)[-1] for d in _datasets(graph)} == made
    catalogue = URIRef(f"{settings.base_url}/catalog/{owner.name}")
    assert len(set(graph.objects(catalogue, DCAT.dataset))) == 7
    assert not list(graph.subjects(RDF.type, HYDRA.PartialCollectionView)), "one document, not a page"
    everything = _parse(api.get("/catalog", params={"page": "all"}).text, "ttl")
    assert made <= {d.rsplit("/", 1)[-1] for d in _datasets(everything)}


def test_nothing_here_counts_as_use(api: TestClient, session: Session) -> None:
    made = dataset(session, organisation(session))
    api.get(f"/dataset/{made.id}.ttl")
    api.get("/catalog.ttl")
    assert service.usage_totals(session, [made.id]) == {}
    assert isinstance(session.get(Dataset, made.id), Dataset)
