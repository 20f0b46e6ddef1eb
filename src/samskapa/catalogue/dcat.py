"""DCAT-AP 3.0.1 / DCAT-AP-SE 3.0.1 views of the catalogue, built with rdflib.

Every catalogue, dataset, distribution, data service, publisher and contact point has an absolute IRI under
the platform's base URL (no blank nodes). Values from controlled vocabularies carry their type, scheme and
labels in the graph, so the SEMIC shapes validate a page or a dataset on its own. A graph only ever refers to
data services and datasets it also describes, so every page is complete in itself.

Used by the DCAT endpoints, the validation command and the tests. Never commits, never imports the web layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.catalogue import search, service, vocabularies
from samskapa.catalogue.errors import CataloguePageNotFound
from samskapa.catalogue.models import DataService, DataServiceDataset, Dataset, Distribution
from samskapa.catalogue.platform import PLATFORM_ORGANISATION
from samskapa.catalogue.schemas import DatasetOut, DistributionOut
from samskapa.taxonomy import repository as taxonomy_repository

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "hydra": HYDRA,
    "spdx": SPDX,
    "adms": ADMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

# The serialisations offered: file extension -> (rdflib format, media type).
RDF_FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
PAGE_SIZE = 100
STREAM_BATCH = 200

# The catalogue's own metadata is open for any reuse (as on data.europa.eu); each distribution names its
# data's licence itself.
METADATA_LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"
EU_AUTHORITY = vocabularies.EU_AUTHORITY
PUBLISHER_TYPE_SCHEME = "http://purl.org/adms/publishertype/1.0"
# Organisation type -> ADMS publisher type (the list DCAT-AP-SE offers), with Swedish and English labels.
PUBLISHER_TYPES = {
    "agency": ("NationalAuthority", "Nationell myndighet", "National authority"),
    "municipality": ("LocalAuthority", "Lokal myndighet", "Local authority"),
    "school": ("Academia-ScientificOrganisation", "Akademi/vetenskaplig organisation", "Academia/Scientific"),
    "ngo": ("NonGovernmentalOrganisation", "Icke-statlig organisation", "Non-governmental organisation"),
    "company": ("Company", "Företag", "Company"),
}
SCHEME_TITLES = {
    "data-theme": "Data theme",
    "access-right": "Access right",
    "frequency": "Frequency",
    "file-type": "File type",
    "language": "Language",
}
CATALOGUE_LANGUAGES = {"SWE": ("svenska", "Swedish"), "ENG": ("engelska", "English")}
FORMAT_LABELS = {"JSON_LD": "JSON-LD", "RDF_TURTLE": "RDF Turtle", "RDF_XML": "RDF/XML"}
MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[\w.+-]+$")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def organisation_iri(base_url: str, name: str) -> URIRef:
    return URIRef(f"{base_url}/organisation/{name}")


def dataset_iri(base_url: str, dataset_id: str) -> URIRef:
    return URIRef(f"{base_url}/dataset/{dataset_id}")


def distribution_iri(base_url: str, dataset_id: str, distribution_id: str) -> URIRef:
    return URIRef(f"{base_url}/dataset/{dataset_id}/distribution/{distribution_id}")


def data_service_iri(base_url: str, service_id: str) -> URIRef:
    return URIRef(f"{base_url}/data-service/{service_id}")


def catalogue_iri(base_url: str, organisation: Organisation | None) -> URIRef:
    return URIRef(f"{base_url}/catalog/{organisation.name}" if organisation else f"{base_url}/catalog")


def new_graph() -> Graph:
    # Only our prefixes: rdflib's default set of ~30 makes every IRI's prefix lookup slow when serialising.
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def serialise(graph: Graph, extension: str) -> bytes:
    """The graph as Turtle ('ttl'), RDF/XML ('rdf') or JSON-LD ('jsonld', compacted with our prefixes)."""
    rdflib_format, _media_type = RDF_FORMATS[extension]
    if rdflib_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def _timestamp(value: datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def _day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _mailto(email: str) -> URIRef:
    return URIRef("mailto:" + quote(email.strip(), safe="@.+-_~!$&'*=,;"))


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, sv: str, en: str) -> None:
    for text, lang in ((sv, "sv"), (en, "en")):
        if text.strip():
            graph.add((subject, predicate, Literal(text, lang=lang)))


def _eu_concept(graph: Graph, table: str, code: str, labels: tuple[str, str], *types: URIRef) -> URIRef:
    """An EU authority-table value with its type, scheme and labels (what the SEMIC shapes check)."""
    concept = URIRef(f"{EU_AUTHORITY}{table}/{code}")
    scheme = URIRef(f"{EU_AUTHORITY}{table}")
    graph.add((concept, RDF.type, SKOS.Concept))
    for extra in types:
        graph.add((concept, RDF.type, extra))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.notation, Literal(code)))
    _texts(graph, concept, SKOS.prefLabel, *labels)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal(SCHEME_TITLES[table], lang="en")))
    return concept


def _licence(graph: Graph, uri: str) -> URIRef:
    licence = URIRef(uri)
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    label = vocabularies.LICENCES.get(uri)
    if label:
        graph.add((licence, RDFS.label, Literal(label)))
    return licence


def _access_rights(graph: Graph, code: str) -> URIRef:
    return _eu_concept(graph, "access-right", code, vocabularies.ACCESS_RIGHTS[code], DCTERMS.RightsStatement)


def _document(graph: Graph, url: str) -> URIRef:
    page = URIRef(url)
    graph.add((page, RDF.type, FOAF.Document))
    return page


def _contact(graph: Graph, subject: URIRef, name: str, email: str) -> URIRef:
    contact = URIRef(f"{subject}#contact-point")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(name)))
    graph.add((contact, VCARD.hasEmail, _mailto(email)))
    return contact


def add_publisher(graph: Graph, organisation: Organisation, *, base_url: str) -> URIRef:
    """An organisation as foaf:Agent and foaf:Organization with its ADMS publisher type (DCAT-AP-SE)."""
    agent = organisation_iri(base_url, organisation.name)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    _texts(graph, agent, FOAF.name, organisation.title_sv, organisation.title_en)
    graph.add((agent, DCTERMS.identifier, Literal(organisation.name)))
    code, label_sv, label_en = PUBLISHER_TYPES.get(organisation.type, PUBLISHER_TYPES["agency"])
    kind = URIRef(f"http://purl.org/adms/publishertype/{code}")
    scheme = URIRef(PUBLISHER_TYPE_SCHEME)
    graph.add((agent, DCTERMS.type, kind))
    graph.add((kind, RDF.type, SKOS.Concept))
    graph.add((kind, SKOS.inScheme, scheme))
    _texts(graph, kind, SKOS.prefLabel, label_sv, label_en)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Publisher type", lang="en")))
    if organisation.email:
        graph.add((agent, FOAF.mbox, _mailto(organisation.email)))
    if organisation.homepage:
        graph.add((agent, FOAF.homepage, _document(graph, organisation.homepage)))
    return agent


@dataclass(frozen=True)
class _Related:
    """What a batch of datasets refers to, loaded in a few queries."""

    organisations: dict[str, Organisation]
    concepts: dict[str, tuple[str, str | None, str | None]]
    services: dict[str, DataService]
    served_by: dict[str, list[str]]
    explicit_access: dict[str, str]


def _related(session: Session, views: Sequence[DatasetOut]) -> _Related:
    ids = [view.id for view in views]
    organisation_ids = {view.publisher.id for view in views}
    organisations = {
        row.id: row
        for row in session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids)))
    }
    wanted = {key for view in views for key in (*view.concepts, *view.spatial)}
    concepts = {
        key: (row.uri, row.pref_label_sv, row.pref_label_en)
        for key, row in taxonomy_repository.concepts_by_ids(session, wanted).items()
    }
    served_by: dict[str, list[str]] = {}
    services: dict[str, DataService] = {}
    rows = session.execute(
        select(DataServiceDataset.dataset_id, DataService)
        .join(DataService, DataService.id == DataServiceDataset.data_service_id)
        .where(DataServiceDataset.dataset_id.in_(ids), DataService.state == "active")
        .order_by(DataService.name)
    )
    for dataset_id, data_service in rows:
        served_by.setdefault(dataset_id, []).append(data_service.id)
        services[data_service.id] = data_service
    explicit = {
        distribution_id: service_id
        for distribution_id, service_id in session.execute(
            select(Distribution.id, Distribution.access_service_id).where(
                Distribution.dataset_id.in_(ids), Distribution.access_service_id.is_not(None)
            )
        )
        if service_id
    }
    return _Related(organisations, concepts, services, served_by, explicit)


def _access_service(distribution: DistributionOut, dataset_id: str, related: _Related) -> str | None:
    """The data service a distribution is reached through: set explicitly, or (for a distribution that is
    not a file download) the serving API whose endpoint the access URL lies under."""
    explicit = related.explicit_access.get(distribution.id)
    if explicit and explicit in related.services:
        return explicit
    if distribution.download_url:
        return None
    for service_id in related.served_by.get(dataset_id, []):
        endpoint = related.services[service_id].endpoint_url.rstrip("/")
        if distribution.access_url == endpoint or distribution.access_url.startswith(endpoint + "/"):
            return service_id
    return None


def _add_distribution(
    graph: Graph, view: DatasetOut, item: DistributionOut, related: _Related, base_url: str
) -> URIRef:
    node = distribution_iri(base_url, view.id, item.id)
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.identifier, Literal(item.id)))
    _texts(graph, node, DCTERMS.title, item.title_sv, item.title_en)
    _texts(graph, node, DCTERMS.description, item.description_sv, item.description_en)
    graph.add((node, DCAT.accessURL, URIRef(item.access_url)))
    if item.download_url:
        graph.add((node, DCAT.downloadURL, URIRef(item.download_url)))
    if item.format in vocabularies.FORMATS:
        label = ("", FORMAT_LABELS.get(item.format, item.format))
        file_type = _eu_concept(graph, "file-type", item.format, label, DCTERMS.MediaTypeOrExtent)
        graph.add((node, DCTERMS.format, file_type))
    if item.media_type and MEDIA_TYPE.match(item.media_type):
        media_type = URIRef(IANA_MEDIA_TYPES + item.media_type)
        graph.add((media_type, RDF.type, DCTERMS.MediaType))
        graph.add((node, DCAT.mediaType, media_type))
    graph.add((node, DCTERMS.license, _licence(graph, item.licence)))
    if item.byte_size is not None:
        graph.add((node, DCAT.byteSize, Literal(str(item.byte_size), datatype=XSD.nonNegativeInteger)))
    if item.checksum_sha256:
        checksum = URIRef(f"{node}#checksum")
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        graph.add((checksum, SPDX.checksumValue, Literal(item.checksum_sha256, datatype=XSD.hexBinary)))
    graph.add((node, DCTERMS.modified, _timestamp(item.modified)))
    access_service = _access_service(item, view.id, related)
    if access_service is not None:
        graph.add((node, DCAT.accessService, data_service_iri(base_url, access_service)))
    return node


def _add_taxonomy_concept(graph: Graph, key: str, related: _Related, kind: URIRef) -> URIRef | None:
    found = related.concepts.get(key)
    if found is None:  # validated on the way in; a concept removed since is left out rather than invented
        return None
    uri, label_sv, label_en = found
    node = URIRef(uri)
    graph.add((node, RDF.type, kind))
    graph.add((node, SKOS.notation, Literal(key)))
    _texts(graph, node, SKOS.prefLabel, label_sv or "", label_en or "")
    if not label_sv and not label_en:
        graph.add((node, SKOS.prefLabel, Literal(key)))
    return node


def _add_coverage(graph: Graph, node: URIRef, view: DatasetOut, related: _Related) -> None:
    """What a dataset is about, where and when, and how often it changes."""
    for key in view.concepts:
        concept = _add_taxonomy_concept(graph, key, related, SKOS.Concept)
        if concept is not None:
            graph.add((node, DCTERMS.subject, concept))
    for key in view.spatial:
        place = _add_taxonomy_concept(graph, key, related, DCTERMS.Location)
        if place is not None:
            graph.add((node, DCTERMS.spatial, place))
    if view.temporal_start or view.temporal_end:
        period = URIRef(f"{node}#temporal")
        graph.add((node, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if view.temporal_start:
            graph.add((period, DCAT.startDate, _day(view.temporal_start)))
        if view.temporal_end:
            graph.add((period, DCAT.endDate, _day(view.temporal_end)))
    if view.frequency:
        labels = vocabularies.FREQUENCIES[view.frequency]
        frequency = _eu_concept(graph, "frequency", view.frequency, labels, DCTERMS.Frequency)
        graph.add((node, DCTERMS.accrualPeriodicity, frequency))


def _add_dataset(graph: Graph, view: DatasetOut, related: _Related, base_url: str) -> URIRef:
    node = dataset_iri(base_url, view.id)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(view.id)))
    _texts(graph, node, DCTERMS.title, view.title_sv, view.title_en)
    _texts(graph, node, DCTERMS.description, view.description_sv, view.description_en)
    for keywords, lang in ((view.keywords_sv, "sv"), (view.keywords_en, "en")):
        for keyword in keywords:
            graph.add((node, DCAT.keyword, Literal(keyword, lang=lang)))
    for theme in view.themes:
        graph.add((node, DCAT.theme, _eu_concept(graph, "data-theme", theme, vocabularies.THEMES[theme])))
    _add_coverage(graph, node, view, related)
    graph.add((node, DCTERMS.accessRights, _access_rights(graph, view.access_rights)))
    graph.add((node, DCAT.contactPoint, _contact(graph, node, view.contact_name, view.contact_email)))
    organisation = related.organisations[view.publisher.id]
    graph.add((node, DCTERMS.publisher, add_publisher(graph, organisation, base_url=base_url)))
    landing_page = view.landing_page or f"{base_url}/datasets/{view.name}"
    graph.add((node, DCAT.landingPage, _document(graph, landing_page)))
    for standard in view.conforms_to:
        graph.add((URIRef(standard), RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.conformsTo, URIRef(standard)))
    graph.add((node, DCTERMS.issued, _timestamp(view.issued)))
    graph.add((node, DCTERMS.modified, _timestamp(view.modified)))
    for item in view.distributions:
        graph.add((node, DCAT.distribution, _add_distribution(graph, view, item, related, base_url)))
    return node


def add_data_service(
    graph: Graph, data_service: DataService, organisation: Organisation, *, base_url: str
) -> URIRef:
    """A data service (an API) with its endpoint and its OpenAPI description; `dcat:servesDataset` is
    added by whoever describes the datasets, so that the graph never points at an undescribed dataset."""
    node = data_service_iri(base_url, data_service.id)
    graph.add((node, RDF.type, DCAT.DataService))
    graph.add((node, DCTERMS.identifier, Literal(data_service.id)))
    _texts(graph, node, DCTERMS.title, data_service.title_sv, data_service.title_en)
    _texts(graph, node, DCTERMS.description, data_service.description_sv, data_service.description_en)
    graph.add((node, DCAT.endpointURL, URIRef(data_service.endpoint_url)))
    if data_service.endpoint_description:
        graph.add((node, DCAT.endpointDescription, URIRef(data_service.endpoint_description)))
    if data_service.licence:
        graph.add((node, DCTERMS.license, _licence(graph, data_service.licence)))
    graph.add((node, DCTERMS.accessRights, _access_rights(graph, data_service.access_rights)))
    graph.add((node, DCTERMS.publisher, add_publisher(graph, organisation, base_url=base_url)))
    if organisation.email:
        contact = _contact(graph, node, organisation.title_sv, organisation.email)
        graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCTERMS.modified, _timestamp(data_service.modified)))
    return node


def add_datasets(
    graph: Graph, session: Session, datasets: Sequence[Dataset], *, base_url: str
) -> list[URIRef]:
    """Describe datasets with their distributions, publishers, contacts and the data services serving them."""
    views = service.dataset_views(session, datasets, base_url=base_url)
    if not views:
        return []
    related = _related(session, views)
    missing = {s.organisation_id for s in related.services.values()} - related.organisations.keys()
    if missing:
        related.organisations.update(
            (row.id, row) for row in session.scalars(select(Organisation).where(Organisation.id.in_(missing)))
        )
    nodes = []
    for view in views:
        node = _add_dataset(graph, view, related, base_url)
        for service_id in related.served_by.get(view.id, []):
            data_service = related.services[service_id]
            organisation = related.organisations[data_service.organisation_id]
            service_node = add_data_service(graph, data_service, organisation, base_url=base_url)
            graph.add((service_node, DCAT.servesDataset, node))
        nodes.append(node)
    return nodes


def dataset_graph(session: Session, dataset: Dataset, *, base_url: str) -> Graph:
    """One dataset's DCAT-AP description (with everything it refers to)."""
    graph = new_graph()
    add_datasets(graph, session, [dataset], base_url=base_url)
    return graph


def platform_publisher(session: Session) -> Organisation:
    """The publisher of the aggregate catalogue: the platform's organisation (described even before
    `register-platform` has created it, without writing anything)."""
    found = session.scalars(select(Organisation).where(Organisation.name == PLATFORM_ORGANISATION)).first()
    if found is not None:
        return found
    return Organisation(
        id="",
        name=PLATFORM_ORGANISATION,
        type="agency",
        title_sv="Samskapa (den gemensamma plattformen)",
        title_en="Samskapa (the joint platform)",
        email="data@samskapa.se",
        homepage=None,
    )


def _catalogue_services(session: Session, organisation: Organisation | None) -> list[DataService]:
    statement = select(DataService).where(DataService.state == "active").order_by(DataService.name)
    if organisation is not None:
        statement = statement.where(DataService.organisation_id == organisation.id)
    return list(session.scalars(statement))


def _catalogue_query(
    organisation: Organisation | None, modified_since: datetime | None
) -> search.DatasetQuery:
    filters = {"publisher": [organisation.id]} if organisation is not None else {}
    return search.DatasetQuery(filters=filters, modified_from=modified_since, sort="id", descending=False)


def add_catalogue_header(
    graph: Graph, session: Session, *, base_url: str, organisation: Organisation | None
) -> URIRef:
    """The catalogue itself: titles, publisher, metadata licence, languages, themes and its data services."""
    node = catalogue_iri(base_url, organisation)
    publisher = organisation if organisation is not None else platform_publisher(session)
    graph.add((node, RDF.type, DCAT.Catalog))
    if organisation is None:
        _texts(
            graph,
            node,
            DCTERMS.title,
            "Samskapas datakatalog",
            "Samskapa data catalogue",
        )
        _texts(
            graph,
            node,
            DCTERMS.description,
            "Alla datamängder och API:er som organisationerna publicerar på plattformen.",
            "Every dataset and API the organisations publish on the platform.",
        )
        homepage = f"{base_url}/datasets"
    else:
        _texts(
            graph,
            node,
            DCTERMS.title,
            f"Datakatalog: {organisation.title_sv}",
            f"Data catalogue: {organisation.title_en}",
        )
        _texts(
            graph,
            node,
            DCTERMS.description,
            f"Datamängder och API:er som {organisation.title_sv} publicerar.",
            f"Datasets and APIs published by {organisation.title_en}.",
        )
        homepage = f"{base_url}/organisations/{organisation.name}"
    graph.add((node, DCTERMS.publisher, add_publisher(graph, publisher, base_url=base_url)))
    graph.add((node, DCTERMS.license, _licence(graph, METADATA_LICENCE)))
    graph.add((node, FOAF.homepage, _document(graph, homepage)))
    for code, labels in CATALOGUE_LANGUAGES.items():
        language = _eu_concept(graph, "language", code, labels, DCTERMS.LinguisticSystem)
        graph.add((node, DCTERMS.language, language))
    themes = URIRef(f"{EU_AUTHORITY}data-theme")
    graph.add((node, DCAT.themeTaxonomy, themes))
    graph.add((themes, RDF.type, SKOS.ConceptScheme))
    graph.add((themes, DCTERMS.title, Literal(SCHEME_TITLES["data-theme"], lang="en")))
    modified = session.scalar(
        select(func.max(Dataset.modified)).where(*search.conditions(_catalogue_query(organisation, None)))
    )
    if modified is not None:
        graph.add((node, DCTERMS.modified, _timestamp(modified)))
    owners = {row.id: row for row in session.scalars(select(Organisation))} if organisation is None else {}
    for data_service in _catalogue_services(session, organisation):
        owner = organisation or owners[data_service.organisation_id]
        graph.add((node, DCAT.service, add_data_service(graph, data_service, owner, base_url=base_url)))
    return node


def _add_batch(
    graph: Graph, session: Session, catalogue: URIRef, rows: Sequence[Dataset], base_url: str
) -> None:
    for dataset_node in add_datasets(graph, session, rows, base_url=base_url):
        graph.add((catalogue, DCAT.dataset, dataset_node))


@dataclass(frozen=True)
class CataloguePage:
    graph: Graph
    page: int
    last_page: int
    total: int
    page_url: str
    first_url: str
    last_url: str
    next_url: str | None
    previous_url: str | None


def page_url(collection_url: str, page: int, modified_since: datetime | None) -> str:
    """The IRI of one page of a catalogue collection (modified_since kept across pages)."""
    query: dict[str, str] = {}
    if modified_since is not None:
        query["modified_since"] = modified_since.isoformat()
    query["page"] = str(page)
    return f"{collection_url}?{urlencode(query)}"


def catalogue_page(
    session: Session,
    *,
    base_url: str,
    collection_url: str,
    organisation: Organisation | None = None,
    page: int = 1,
    modified_since: datetime | None = None,
    page_size: int | None = None,
) -> CataloguePage:
    """One page of a catalogue (datasets in id order) with a hydra:PartialCollectionView linking the pages."""
    page_size = page_size or PAGE_SIZE
    query = _catalogue_query(organisation, modified_since)
    total = search.count(session, query)
    last_page = max(1, -(-total // page_size))
    if page < 1 or page > last_page:
        raise CataloguePageNotFound(
            f"The catalogue has {last_page} page(s); there is no page {page}.",
            hint="Follow hydra:first, hydra:next and hydra:last from the first page.",
        )
    graph = new_graph()
    catalogue = add_catalogue_header(graph, session, base_url=base_url, organisation=organisation)
    rows = service.find_datasets(session, query=query, offset=(page - 1) * page_size, limit=page_size)
    _add_batch(graph, session, catalogue, rows, base_url)
    current = page_url(collection_url, page, modified_since)
    links: dict[URIRef, str | None] = {
        HYDRA.first: page_url(collection_url, 1, modified_since),
        HYDRA.last: page_url(collection_url, last_page, modified_since),
        HYDRA.next: page_url(collection_url, page + 1, modified_since) if page < last_page else None,
        HYDRA.previous: page_url(collection_url, page - 1, modified_since) if page > 1 else None,
    }
    view = URIRef(current)
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, HYDRA.totalItems, Literal(str(total), datatype=XSD.nonNegativeInteger)))
    graph.add((view, HYDRA.itemsPerPage, Literal(str(page_size), datatype=XSD.nonNegativeInteger)))
    for predicate, target in links.items():
        if target is not None:
            graph.add((view, predicate, URIRef(target)))
    return CataloguePage(
        graph=graph,
        page=page,
        last_page=last_page,
        total=total,
        page_url=current,
        first_url=links[HYDRA.first] or current,
        last_url=links[HYDRA.last] or current,
        next_url=links[HYDRA.next],
        previous_url=links[HYDRA.previous],
    )


def _batches(session: Session, query: search.DatasetQuery, batch_size: int) -> Iterator[list[Dataset]]:
    """Datasets in id order, `batch_size` at a time, by keyset (no offset that grows with the catalogue)."""
    position: tuple[object, str] | None = None
    while True:
        rows = service.find_datasets(session, query=query, limit=batch_size, position=position)
        if not rows:
            return
        yield rows
        position = (rows[-1].id, rows[-1].id)
        if len(rows) < batch_size:
            return


def stream_catalogue_turtle(
    session: Session,
    *,
    base_url: str,
    organisation: Organisation | None = None,
    modified_since: datetime | None = None,
    batch_size: int = STREAM_BATCH,
) -> Iterator[bytes]:
    """The whole catalogue as Turtle, in chunks: the header, then one small graph per batch of datasets.

    Each chunk is a complete Turtle document (its own @prefix lines, which Turtle allows to repeat), so the
    memory used stays that of one batch whatever the size of the catalogue.
    """
    header = new_graph()
    catalogue = add_catalogue_header(header, session, base_url=base_url, organisation=organisation)
    yield serialise(header, "ttl")
    for rows in _batches(session, _catalogue_query(organisation, modified_since), batch_size):
        graph = new_graph()
        _add_batch(graph, session, catalogue, rows, base_url)
        yield serialise(graph, "ttl")


def catalogue_graph(
    session: Session,
    *,
    base_url: str,
    organisation: Organisation | None = None,
    batch_size: int = STREAM_BATCH,
) -> Graph:
    """A whole catalogue in one graph (for validation and tests; the endpoints page or stream instead)."""
    graph = new_graph()
    catalogue = add_catalogue_header(graph, session, base_url=base_url, organisation=organisation)
    for rows in _batches(session, _catalogue_query(organisation, None), batch_size):
        _add_batch(graph, session, catalogue, rows, base_url)
    return graph
