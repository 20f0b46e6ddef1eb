"""Harvest an external DCAT-AP catalogue (RDF/XML, Turtle or JSON-LD) into one organisation.

Each `dcat:Dataset` with an IRI becomes a dataset of the organisation, matched on that IRI (`source_uri`):
created, updated when its description changed, left alone when it did not (so a second run changes
nothing), and withdrawn (never deleted) when it has gone from the source. An organisation harvested this way
takes its harvested datasets from that one source; datasets published through the API are never touched.

How fields are mapped (a value we cannot map makes the record invalid, with the record and field named,
rather than disappearing silently; an invalid record already harvested keeps its last good version):

- title, description: Swedish and English; a text given in only one language (or untagged) is used for
  both; a text only in another language is used for both too. A dataset without a title or description is
  invalid. Distribution titles fall back to the dataset's title and the format.
- keywords: by language; untagged ones go to both lists, keywords in other languages to the English list.
- themes: EU data-theme IRIs (http or https) -> codes; any other theme is invalid.
- subject (dct:subject): taxonomy concept IRIs -> concept ids; anything else is invalid.
- spatial: taxonomy IRIs of regions, municipalities and countries -> ids; EU country-authority IRIs and
  GeoNames IRIs of the Nordic countries -> country ids; NUTS IRIs -> nuts ids when the taxonomy has them.
  Geometries, bounding boxes and other places are invalid (the catalogue stores named places only).
- temporal: the earliest start and the latest end of all periods (dcat: or schema: start/end dates);
  malformed dates are invalid.
- frequency: EU frequency IRIs and the Dublin Core collection frequencies -> codes; others invalid.
- access rights: EU access-right IRIs -> codes; none given means PUBLIC; others invalid.
- contact point: vcard:fn and vcard:hasEmail; without one, the organisation's name and e-mail address are
  used; with no e-mail address anywhere the record is invalid.
- distributions: accessURL (downloadURL when only that is given); format from an EU file-type IRI, a code,
  an IANA media type (IRI or literal) or dcat:mediaType, else from the file extension of the URL; licence
  from the known licence IRIs in any of their spellings (http/https, with or without the trailing slash,
  /legalcode, EU licence-authority and SPDX IRIs), else the licence of the data service it is accessed
  through; an unknown or missing format or licence is invalid. Byte size must be a non-negative integer.
  A SHA-256 checksum is kept; checksums of other algorithms are not.
- Data services (dcat:DataService) are not harvested; the report counts them.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from rdflib.term import Node
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.catalogue import service, vocabularies
from samskapa.catalogue.errors import HarvestSourceError, InvalidDataset
from samskapa.catalogue.models import Dataset
from samskapa.catalogue.schemas import DatasetIn
from samskapa.catalogue.validation import parse_date_literal
from samskapa.taxonomy import repository as taxonomy_repository

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SCHEMA = Namespace("http://schema.org/")

MAX_SOURCE_BYTES = 200 * 1024 * 1024
FORMATS_BY_EXTENSION = {
    ".ttl": "turtle",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
}
FORMATS_BY_CONTENT_TYPE = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/n-triples": "nt",
}
SPATIAL_TYPES = ("region", "municipality", "country")
EU = r"https?://publications\.europa\.eu/resource/authority/"
EU_COUNTRIES = {"SWE": "SE", "NOR": "NO", "DNK": "DK", "FIN": "FI", "ISL": "IS"}
GEONAMES_COUNTRIES = {"2661886": "SE", "3144096": "NO", "2623032": "DK", "660013": "FI", "2629691": "IS"}
CLD_FREQUENCIES = {
    "continuous": "CONT",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "irregular": "IRREG",
}
LICENCE_ALIASES = {
    "cc0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "cc0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "cc-by-4.0": "http://creativecommons.org/licenses/by/4.0/",
    "cc_by_4_0": "http://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "http://creativecommons.org/licenses/by-sa/4.0/",
    "cc_bysa_4_0": "http://creativecommons.org/licenses/by-sa/4.0/",
    "eupl-1.2": "https://joinup.ec.europa.eu/licence/european-union-public-licence-version-12-eupl",
    "eupl_1_2": "https://joinup.ec.europa.eu/licence/european-union-public-licence-version-12-eupl",
}
FILE_EXTENSIONS = {
    ".csv": "CSV",
    ".json": "JSON",
    ".jsonld": "JSON_LD",
    ".ttl": "RDF_TURTLE",
    ".rdf": "RDF_XML",
    ".xml": "XML",
    ".xlsx": "XLSX",
    ".pdf": "PDF",
    ".html": "HTML",
    ".zip": "ZIP",
    ".gz": "GZIP",
    ".parquet": "PARQUET",
}


@dataclass
class InvalidRecord:
    """A source record that could not be harvested, and why (each reason names the field)."""

    record: str
    reasons: list[str]

    def line(self) -> str:
        return f"{self.record}: {'; '.join(self.reasons)}"


@dataclass
class HarvestReport:
    source: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    invalid: list[InvalidRecord] = field(default_factory=list)
    data_services: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "withdrawn": len(self.withdrawn),
            "invalid": len(self.invalid),
        }


class _Invalid(Exception):
    """One field of a record cannot be mapped."""


def _rdf_format(name: str, content_type: str | None = None) -> str:
    if content_type:
        media_type = content_type.split(";")[0].strip().lower()
        if media_type in FORMATS_BY_CONTENT_TYPE:
            return FORMATS_BY_CONTENT_TYPE[media_type]
    suffix = Path(re.split(r"[?#]", name, maxsplit=1)[0]).suffix.lower()
    if suffix in FORMATS_BY_EXTENSION:
        return FORMATS_BY_EXTENSION[suffix]
    raise HarvestSourceError(
        f"Cannot tell the RDF format of {name}"
        + (f" (content type {content_type})" if content_type else "")
        + ".",
        hint="Name it .ttl (Turtle), .rdf (RDF/XML) or .jsonld (JSON-LD), or serve it with that type.",
    )


def _fetch(url: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(  # noqa: S310 - only http(s) URLs reach here
        url, headers={"Accept": "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - scheme checked
            data = response.read(MAX_SOURCE_BYTES + 1)
            content_type = response.headers.get("Content-Type")
    except OSError as error:
        raise HarvestSourceError(f"Cannot read {url}: {error}") from error
    if len(data) > MAX_SOURCE_BYTES:
        raise HarvestSourceError(f"{url} is larger than {MAX_SOURCE_BYTES} bytes.")
    return data, content_type


def read_source(source: str) -> Graph:
    """Parse a DCAT-AP source (a file path or an http(s) URL) into a graph; a broken source is an error
    carrying the parser's reason."""
    if re.match(r"^https?://", source):
        data, content_type = _fetch(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise HarvestSourceError(f"There is no file {source}.")
        data, content_type = path.read_bytes(), None
    rdf_format = _rdf_format(source, content_type)
    graph = Graph()
    try:
        graph.parse(data=data, format=rdf_format, publicID=source)
    except Exception as error:  # rdflib's parsers raise many unrelated types; each is a broken source
        reason = str(error).strip() or type(error).__name__
        raise HarvestSourceError(
            f"{source} is not valid {rdf_format}: {reason}",
            hint="Nothing was harvested; fix the file and run the harvest again.",
        ) from error
    return graph


# ---------------------------------------------------------------------------------------------- values


def _language(value: Literal) -> str:
    return (value.language or "").split("-")[0].lower()


def _text_pair(graph: Graph, node: Node, predicate: URIRef) -> tuple[str, str] | None:
    texts: dict[str, str] = {}
    for value in sorted(graph.objects(node, predicate), key=str):
        if isinstance(value, Literal) and str(value).strip():
            texts.setdefault(_language(value), str(value).strip())
    if not texts:
        return None
    fallback = texts.get("") or next(iter(sorted(texts.items())))[1]
    return texts.get("sv") or texts.get("") or fallback, texts.get("en") or texts.get("") or fallback


def _iris(graph: Graph, node: Node, predicate: URIRef) -> list[Node]:
    return sorted(graph.objects(node, predicate), key=str)


def _code(value: Node, table: str, allowed: Iterable[str]) -> str | None:
    match = re.match(rf"^{EU}{table}/([A-Z0-9_]+)$", str(value))
    if match and match.group(1) in allowed:
        return match.group(1)
    return None


def _themes(graph: Graph, node: Node) -> list[str]:
    codes = []
    for value in _iris(graph, node, DCAT.theme):
        code = _code(value, "data-theme", vocabularies.THEMES)
        if code is None and isinstance(value, Literal) and str(value) in vocabularies.THEMES:
            code = str(value)
        if code is None:
            raise _Invalid(f"theme: {value} is not an EU data theme ({', '.join(vocabularies.THEMES)})")
        codes.append(code)
    return sorted(set(codes))


def _concepts(session: Session, graph: Graph, node: Node) -> list[str]:
    ids = []
    for value in _iris(graph, node, DCTERMS.subject):
        concept = taxonomy_repository.find_concept(session, str(value)) if isinstance(value, URIRef) else None
        if concept is None:
            raise _Invalid(f"subject: {value} is not a concept of the taxonomy")
        ids.append(concept.id)
    return sorted(set(ids))


def _place(session: Session, value: Node) -> str | None:
    text = str(value).rstrip("/")
    candidates = []
    if match := re.match(rf"^{EU}country/([A-Z]{{3}})$", text):
        candidates.append(f"country:{EU_COUNTRIES.get(match.group(1), '?')}")
    elif match := re.match(r"^https?://sws\.geonames\.org/(\d+)", text):
        candidates.append(f"country:{GEONAMES_COUNTRIES.get(match.group(1), '?')}")
    elif match := re.match(r"^https?://data\.europa\.eu/nuts/code/([A-Z0-9]+)$", text):
        candidates.append(f"nuts:{match.group(1)}")
    else:
        candidates.append(str(value))
    for candidate in candidates:
        concept = taxonomy_repository.find_concept(session, candidate)
        if concept is not None and concept.type in SPATIAL_TYPES and concept.status == "active":
            return concept.id
    return None


def _spatial(session: Session, graph: Graph, node: Node) -> list[str]:
    ids = []
    for value in _iris(graph, node, DCTERMS.spatial):
        if not isinstance(value, URIRef):
            raise _Invalid(
                "spatial: a geometry or bounding box, which the catalogue cannot store; name a region instead"
            )
        found = _place(session, value)
        if found is None:
            raise _Invalid(f"spatial: {value} is not a county, municipality or country of the taxonomy")
        ids.append(found)
    return sorted(set(ids))


def _day(value: Node, field_name: str) -> date:
    if isinstance(value, Literal):
        literal = value if value.datatype in {XSD.date, XSD.dateTime} else None
        if literal is None:  # untyped: take it as a date or a date-time by its shape
            kind = XSD.dateTime if "T" in str(value) else XSD.date
            literal = Literal(str(value), datatype=kind)
        parsed = parse_date_literal(literal)
        if parsed is not None:
            return parsed
    raise _Invalid(f"{field_name}: '{value}' is not a valid date")


def _temporal(graph: Graph, node: Node) -> tuple[date | None, date | None]:
    starts: list[date] = []
    ends: list[date] = []
    for period in _iris(graph, node, DCTERMS.temporal):
        for predicate in (DCAT.startDate, SCHEMA.startDate):
            starts.extend(_day(value, "temporal") for value in graph.objects(period, predicate))
        for predicate in (DCAT.endDate, SCHEMA.endDate):
            ends.extend(_day(value, "temporal") for value in graph.objects(period, predicate))
    return (min(starts) if starts else None, max(ends) if ends else None)


def _frequency(graph: Graph, node: Node) -> str | None:
    values = _iris(graph, node, DCTERMS.accrualPeriodicity)
    if not values:
        return None
    value = values[0]
    code = _code(value, "frequency", vocabularies.FREQUENCIES)
    if code is None and (match := re.match(r"^https?://purl\.org/cld/freq/(\w+)$", str(value))):
        code = CLD_FREQUENCIES.get(match.group(1))
    if code is None:
        raise _Invalid(f"frequency: {value} is not one of {', '.join(vocabularies.FREQUENCIES)}")
    return code


def _access_rights(graph: Graph, node: Node) -> str:
    values = _iris(graph, node, DCTERMS.accessRights)
    if not values:
        return "PUBLIC"
    code = _code(values[0], "access-right", vocabularies.ACCESS_RIGHTS)
    if code is None:
        raise _Invalid(
            f"access rights: {values[0]} is not PUBLIC, RESTRICTED or NON_PUBLIC (EU access-right)"
        )
    return code


def _email(graph: Graph, contact: Node) -> str | None:
    for value in _iris(graph, contact, VCARD.hasEmail):
        candidates = [value, *graph.objects(value, VCARD.hasValue)]
        for candidate in candidates:
            text = str(candidate).strip()
            text = text[7:] if text.lower().startswith("mailto:") else text
            if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
                return text
    return None


def _contact(graph: Graph, node: Node, organisation: Organisation) -> tuple[str, str]:
    name: str | None = None
    email: str | None = None
    for contact in _iris(graph, node, DCAT.contactPoint):
        names = _text_pair(graph, contact, VCARD.fn) or _text_pair(graph, contact, VCARD["organization-name"])
        name = name or (names[0] if names else None)
        email = email or _email(graph, contact)
    email = email or organisation.email
    if not email:
        raise _Invalid("contact point: no e-mail address (vcard:hasEmail), and the organisation has none")
    return name or organisation.title_sv, email


def _issued(graph: Graph, node: Node) -> datetime | None:
    value = graph.value(node, DCTERMS.issued)
    if value is None:
        return None
    day = _day(value, "issued")
    if isinstance(value, Literal) and "T" in str(value):
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# ----------------------------------------------------------------------------------------- distributions

_MEDIA_TYPES = {media_type: code for code, media_type in vocabularies.FORMATS.items()}


def _format_of(value: Node) -> str | None:
    text = str(value).strip()
    code = _code(value, "file-type", vocabularies.FORMATS)
    if code is not None:
        return code
    if text.upper() in vocabularies.FORMATS and isinstance(value, Literal):
        return text.upper()
    media_type = re.sub(r"^https?://www\.iana\.org/assignments/media-types/", "", text).lower()
    return _MEDIA_TYPES.get(media_type.split(";")[0].strip())


def _format(graph: Graph, distribution: Node, urls: list[str]) -> tuple[str, str | None]:
    declared = _iris(graph, distribution, DCTERMS.format) + _iris(graph, distribution, DCAT.mediaType)
    media_types = [
        re.sub(r"^https?://www\.iana\.org/assignments/media-types/", "", str(value))
        for value in _iris(graph, distribution, DCAT.mediaType)
    ]
    media_type = media_types[0] if media_types else None
    for value in declared:
        code = _format_of(value)
        if code is not None:
            return code, media_type if media_type and _MEDIA_TYPES.get(media_type) == code else None
    if declared:
        raise _Invalid(
            f"format: {declared[0]} is not one we know ({', '.join(vocabularies.FORMATS)} or a media type)"
        )
    for url in urls:
        suffix = Path(re.split(r"[?#]", url, maxsplit=1)[0]).suffix.lower()
        if suffix in FILE_EXTENSIONS:
            return FILE_EXTENSIONS[suffix], None
    raise _Invalid("format: none given (dct:format or dcat:mediaType) and none in the file name")


def canonical_licence(value: Node) -> str | None:
    """One of our licence URIs for any of its usual spellings, or None."""
    text = str(value).strip()
    if "/" not in text or re.match(rf"^({EU}licence|https?://spdx\.org/licenses)/", text):
        name = re.sub(r"\.(html|json|jsonld|rdf)$", "", text.rstrip("/").rsplit("/", 1)[-1]).lower()
        return LICENCE_ALIASES.get(name)
    normal = re.sub(r"/(legalcode|deed\.[a-z-]+)(\.[a-z]+)?/?$", "", re.sub(r"^https://", "http://", text))
    for uri in vocabularies.LICENCES:
        if re.sub(r"^https://", "http://", uri).rstrip("/") == normal.rstrip("/"):
            return uri
    return None


def _licence(graph: Graph, distribution: Node) -> str:
    values = _iris(graph, distribution, DCTERMS.license)
    for service_node in _iris(graph, distribution, DCAT.accessService):
        values += _iris(graph, service_node, DCTERMS.license)
    if not values:
        raise _Invalid("licence: none given (dct:license)")
    licence = canonical_licence(values[0])
    if licence is None:
        raise _Invalid(f"licence: {values[0]} is not one of {', '.join(vocabularies.LICENCES)}")
    return licence


def _byte_size(graph: Graph, distribution: Node) -> int | None:
    value = graph.value(distribution, DCAT.byteSize)
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal(-1)
    if number < 0 or number != number.to_integral_value():
        raise _Invalid(f"byte size: '{value}' is not a non-negative integer")
    return int(number)


def _checksum(graph: Graph, distribution: Node) -> str | None:
    for checksum in _iris(graph, distribution, SPDX.checksum):
        algorithm = str(graph.value(checksum, SPDX.algorithm) or "").lower()
        value = str(graph.value(checksum, SPDX.checksumValue) or "").strip().lower()
        if algorithm.endswith("sha256") and re.match(r"^[0-9a-f]{64}$", value):
            return value
    return None


def _distribution(graph: Graph, distribution: Node, titles: tuple[str, str]) -> dict[str, Any]:
    access = [str(v) for v in _iris(graph, distribution, DCAT.accessURL)]
    download = [str(v) for v in _iris(graph, distribution, DCAT.downloadURL)]
    if not access and not download:
        raise _Invalid("access URL: none given (dcat:accessURL)")
    format_code, media_type = _format(graph, distribution, download + access)
    names = _text_pair(graph, distribution, DCTERMS.title) or (
        f"{titles[0]} ({format_code})",
        f"{titles[1]} ({format_code})",
    )
    descriptions = _text_pair(graph, distribution, DCTERMS.description) or ("", "")
    return {
        "title_sv": names[0][:500],
        "title_en": names[1][:500],
        "description_sv": descriptions[0],
        "description_en": descriptions[1],
        "access_url": (access or download)[0],
        "download_url": download[0] if download else None,
        "format": format_code,
        "media_type": media_type,
        "licence": _licence(graph, distribution),
        "byte_size": _byte_size(graph, distribution),
        "checksum_sha256": _checksum(graph, distribution),
    }


# ----------------------------------------------------------------------------------------------- records


def _keywords(graph: Graph, node: Node) -> tuple[list[str], list[str]]:
    swedish: set[str] = set()
    english: set[str] = set()
    for value in graph.objects(node, DCAT.keyword):
        if not isinstance(value, Literal) or not str(value).strip():
            continue
        language = _language(value)
        if language in ("sv", ""):
            swedish.add(str(value).strip())
        if language != "sv":
            english.add(str(value).strip())
    return sorted(swedish), sorted(english)


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return str(node)
    url = graph.value(node, DCAT.accessURL) or graph.value(node, DCAT.downloadURL)
    return f"(no IRI; access URL {url})" if url is not None else "(no IRI)"


def _field(reasons: list[str], make: Any, *args: Any) -> Any:
    try:
        return make(*args)
    except _Invalid as problem:
        reasons.append(str(problem))
        return None


def dataset_input(
    session: Session, graph: Graph, node: Node, organisation: Organisation
) -> tuple[DatasetIn | None, list[str]]:
    """Map one dcat:Dataset of a source graph to our input, or give the reasons (field: problem) why not."""
    reasons: list[str] = []
    titles = _text_pair(graph, node, DCTERMS.title)
    descriptions = _text_pair(graph, node, DCTERMS.description)
    if titles is None:
        reasons.append("title: none given (dct:title)")
    if descriptions is None:
        reasons.append("description: none given (dct:description)")
    keywords_sv, keywords_en = _keywords(graph, node)
    values: dict[str, Any] = {
        "keywords_sv": keywords_sv,
        "keywords_en": keywords_en,
        "themes": _field(reasons, _themes, graph, node),
        "concepts": _field(reasons, _concepts, session, graph, node),
        "spatial": _field(reasons, _spatial, session, graph, node),
        "frequency": _field(reasons, _frequency, graph, node),
        "access_rights": _field(reasons, _access_rights, graph, node),
        "issued": _field(reasons, _issued, graph, node),
        "landing_page": next((str(v) for v in _iris(graph, node, DCAT.landingPage)), None),
        "conforms_to": [str(v) for v in _iris(graph, node, DCTERMS.conformsTo) if isinstance(v, URIRef)],
    }
    period = _field(reasons, _temporal, graph, node)
    if period is not None:
        values["temporal_start"], values["temporal_end"] = period
    contact = _field(reasons, _contact, graph, node, organisation)
    if contact is not None:
        values["contact_name"], values["contact_email"] = contact
    distributions = []
    for distribution in _iris(graph, node, DCAT.distribution):
        mapped = _field(reasons, _distribution, graph, distribution, titles or ("", ""))
        if mapped is not None:
            distributions.append(mapped)
        else:
            reasons[-1] = f"distribution {_label(graph, distribution)}: {reasons[-1]}"
    if reasons or titles is None or descriptions is None:
        return None, reasons
    values["title_sv"], values["title_en"] = (text[:500] for text in titles)
    values["description_sv"], values["description_en"] = descriptions
    # Sorted by content: blank-node distributions have no stable name, and the order must not change the hash.
    values["distributions"] = sorted(distributions, key=lambda item: sorted(item.items(), key=str))
    try:
        return DatasetIn.model_validate(values), []
    except ValidationError as error:
        return None, [
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        ]


def _upsert(
    session: Session, organisation: Organisation, data: DatasetIn, record: str, report: HarvestReport
) -> None:
    try:
        with session.begin_nested():
            _dataset, outcome = service.upsert_dataset(
                session, organisation=organisation, data=data, source_uri=record
            )
    except InvalidDataset as problem:
        reasons = [f"{error.field}: {error.message}" for error in problem.field_errors] or [problem.message]
        report.invalid.append(InvalidRecord(record, reasons))
        return
    getattr(report, outcome).append(record)


def harvest(session: Session, *, organisation: Organisation, graph: Graph, source: str) -> HarvestReport:
    """Bring an organisation's harvested datasets in line with a parsed source graph (see the module doc)."""
    report = HarvestReport(source=source)
    report.data_services = len(set(graph.subjects(RDF.type, DCAT.DataService)))
    seen: set[str] = set()
    for node in sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str):
        if isinstance(node, BNode):
            title = _text_pair(graph, node, DCTERMS.title)
            label = f"the dataset titled '{title[1]}'" if title else "a dataset without a title"
            report.invalid.append(
                InvalidRecord(label, ["IRI: it is a blank node, so it cannot be matched on the next harvest"])
            )
            continue
        record = str(node)
        seen.add(record)
        data, reasons = dataset_input(session, graph, node, organisation)
        if data is None:
            report.invalid.append(InvalidRecord(record, reasons))
            continue
        _upsert(session, organisation, data, record, report)
    gone = session.scalars(
        select(Dataset)
        .where(
            Dataset.organisation_id == organisation.id,
            Dataset.source_uri.is_not(None),
            Dataset.state == "active",
        )
        .order_by(Dataset.source_uri)
    )
    for dataset in list(gone):
        if dataset.source_uri not in seen:
            service.withdraw_dataset(session, dataset=dataset)
            report.withdrawn.append(dataset.source_uri or dataset.id)
    return report
