"""Use cases of the catalogue: publish, change and withdraw datasets; find them; count their use.

Called by the /v1 API, the CKAN-compatible API, the DCAT-AP views, the pages, the CLI and the harvester.
Never commits.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.service import Principal
from samskapa.catalogue import search, vocabularies
from samskapa.catalogue.errors import (
    DataServiceNotFound,
    DatasetNotFound,
    InvalidDataset,
    InvalidSearch,
    NameTaken,
)
from samskapa.catalogue.models import (
    DataService,
    DataServiceDataset,
    Dataset,
    DatasetConcept,
    DatasetKeyword,
    DatasetTheme,
    DatasetUsage,
    Distribution,
)
from samskapa.catalogue.schemas import (
    DataServiceIn,
    DataServiceOut,
    DatasetIn,
    DatasetOut,
    DistributionOut,
    OrganisationRef,
)
from samskapa.core.errors import FieldError
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.text import fold
from samskapa.core.time import utcnow
from samskapa.taxonomy import service as taxonomy

SPATIAL_TYPES = ("region", "municipality", "country")


def _field_errors(session: Session, data: DatasetIn) -> list[FieldError]:
    errors: list[FieldError] = []

    def unknown(field: str, values: Sequence[str], allowed: Sequence[str]) -> None:
        bad = [value for value in values if value not in allowed]
        if bad:
            errors.append(FieldError(field, f"unknown value(s) {', '.join(bad)}; use {', '.join(allowed)}"))

    unknown("themes", data.themes, list(vocabularies.THEMES))
    unknown("access_rights", [data.access_rights], list(vocabularies.ACCESS_RIGHTS))
    if data.frequency is not None:
        unknown("frequency", [data.frequency], list(vocabularies.FREQUENCIES))
    for index, distribution in enumerate(data.distributions):
        unknown(f"distributions[{index}].format", [distribution.format], list(vocabularies.FORMATS))
        unknown(f"distributions[{index}].licence", [distribution.licence], list(vocabularies.LICENCES))
    missing = taxonomy.unknown_concept_ids(session, ids=data.concepts)
    if missing:
        errors.append(
            FieldError("concepts", f"unknown concept(s) {', '.join(missing)}; find ids with /v1/suggest")
        )
    missing = taxonomy.unknown_concept_ids(session, ids=data.spatial, types=SPATIAL_TYPES)
    if missing:
        errors.append(FieldError("spatial", f"not a region, municipality or country: {', '.join(missing)}"))
    if data.temporal_start and data.temporal_end and data.temporal_start > data.temporal_end:
        errors.append(FieldError("temporal_end", "the period ends before it starts"))
    return errors


def validate(session: Session, data: DatasetIn) -> None:
    """Refuse (400, every problem listed by field) a dataset that breaks the vocabularies or the taxonomy."""
    errors = _field_errors(session, data)
    if errors:
        raise InvalidDataset(
            f"The dataset has {len(errors)} invalid field(s): {', '.join(e.field for e in errors)}.",
            hint="Each error names its field and the values allowed.",
            field_errors=errors,
        )


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80]
    return slug if len(slug) >= 2 else "dataset"


def _free_name(session: Session, wanted: str | None, title: str, own_id: str | None) -> str:
    if wanted:
        taken = session.scalars(select(Dataset.id).where(Dataset.name == wanted)).first()
        if taken is not None and taken != own_id:
            raise NameTaken(f"The name '{wanted}' is taken.", hint="Choose another name, or leave it out.")
        return wanted
    base = _slug(title)
    name, counter = base, 1
    while (taken := session.scalars(select(Dataset.id).where(Dataset.name == name)).first()) not in (
        None,
        own_id,
    ):
        counter += 1
        name = f"{base}-{counter}"
    del taken
    return name


def _search_text(data: DatasetIn, organisation: Organisation) -> str:
    parts = [
        data.title_sv,
        data.title_en,
        data.description_sv,
        data.description_en,
        *data.keywords_sv,
        *data.keywords_en,
        organisation.title_sv,
        organisation.title_en,
        organisation.name,
    ]
    return fold(" ".join(parts))


def _write(
    session: Session, dataset: Dataset, data: DatasetIn, organisation: Organisation, now: datetime
) -> None:
    dataset.title_sv, dataset.title_en = data.title_sv.strip(), data.title_en.strip()
    dataset.description_sv, dataset.description_en = data.description_sv, data.description_en
    dataset.access_rights, dataset.frequency = data.access_rights, data.frequency
    dataset.spatial = json.dumps(list(dict.fromkeys(data.spatial)))
    dataset.temporal_start, dataset.temporal_end = data.temporal_start, data.temporal_end
    dataset.contact_name, dataset.contact_email = data.contact_name, data.contact_email
    dataset.landing_page = str(data.landing_page) if data.landing_page else None
    dataset.conforms_to = json.dumps([str(url) for url in data.conforms_to])
    dataset.search_text = _search_text(data, organisation)
    dataset.modified = now
    session.flush()
    for table in (DatasetTheme, DatasetConcept, DatasetKeyword, Distribution):
        session.execute(delete(table).where(table.dataset_id == dataset.id))
    session.add_all(DatasetTheme(dataset_id=dataset.id, theme=theme) for theme in dict.fromkeys(data.themes))
    session.add_all(DatasetConcept(dataset_id=dataset.id, concept_id=c) for c in dict.fromkeys(data.concepts))
    for lang, keywords in (("sv", data.keywords_sv), ("en", data.keywords_en)):
        cleaned = dict.fromkeys(k.strip() for k in keywords if k.strip())
        session.add_all(DatasetKeyword(dataset_id=dataset.id, lang=lang, keyword=k) for k in cleaned)
    for position, item in enumerate(data.distributions):
        session.add(
            Distribution(
                id=str(uuid.uuid5(uuid.UUID(dataset.id), f"distribution-{position}-{item.access_url}")),
                dataset_id=dataset.id,
                position=position,
                title_sv=item.title_sv,
                title_en=item.title_en,
                description_sv=item.description_sv,
                description_en=item.description_en,
                access_url=str(item.access_url),
                download_url=str(item.download_url) if item.download_url else None,
                media_type=item.media_type or vocabularies.FORMATS[item.format],
                format=item.format,
                licence=item.licence,
                byte_size=item.byte_size,
                checksum_sha256=item.checksum_sha256,
                modified=now,
            )
        )
    session.flush()


def create_dataset(
    session: Session,
    *,
    organisation: Organisation,
    data: DatasetIn,
    source_uri: str | None = None,
    source_hash: str | None = None,
    is_demo: bool = False,
    dataset_id: str | None = None,
) -> Dataset:
    """Publish a new dataset of `organisation` after validating every field."""
    validate(session, data)
    now = utcnow()
    new_id = dataset_id or str(uuid.uuid4())
    dataset = Dataset(
        id=new_id,
        name=_free_name(session, data.name, data.title_en, new_id),
        organisation_id=organisation.id,
        state="active",
        issued=data.issued or now,
        created_at=now,
        source_uri=source_uri,
        source_hash=source_hash,
        is_demo=is_demo,
    )
    session.add(dataset)
    _write(session, dataset, data, organisation, now)
    return dataset


def update_dataset(
    session: Session, *, dataset: Dataset, data: DatasetIn, source_hash: str | None = None
) -> Dataset:
    """Replace a dataset's description (and revive it if withdrawn); `modified` moves to now."""
    validate(session, data)
    organisation = session.get(Organisation, dataset.organisation_id)
    assert organisation is not None  # the foreign key guarantees it
    dataset.name = _free_name(session, data.name or dataset.name, data.title_en, dataset.id)
    dataset.state = "active"
    if data.issued is not None:
        dataset.issued = data.issued
    dataset.source_hash = source_hash if source_hash is not None else dataset.source_hash
    _write(session, dataset, data, organisation, utcnow())
    return dataset


def withdraw_dataset(session: Session, *, dataset: Dataset) -> Dataset:
    """Withdraw a dataset: it stays as a tombstone (state 'withdrawn'), never deleted."""
    if dataset.state != "withdrawn":
        dataset.state = "withdrawn"
        dataset.modified = utcnow()
        session.flush()
    return dataset


def get_dataset(session: Session, *, key: str, include_withdrawn: bool = True) -> Dataset:
    """A dataset by id or name."""
    dataset = session.get(Dataset, key) or session.scalars(select(Dataset).where(Dataset.name == key)).first()
    if dataset is None or (dataset.state == "withdrawn" and not include_withdrawn):
        raise DatasetNotFound(f"No dataset has the id or name '{key}'.", hint="Search with /v1/datasets?q=….")
    return dataset


def editable_dataset(session: Session, *, key: str, principal: Principal) -> Dataset:
    """A dataset the caller may change: the key needs catalogue:write and the dataset's organisation."""
    principal.require_scope("catalogue:write")
    dataset = get_dataset(session, key=key)
    principal.require_organisation(dataset.organisation_id)
    return dataset


def publishing_organisation(session: Session, *, principal: Principal) -> Organisation:
    """The organisation a key publishes for (the key needs catalogue:write)."""
    principal.require_scope("catalogue:write")
    organisation = session.get(Organisation, principal.organisation_id)
    assert organisation is not None  # keys belong to an existing organisation
    return organisation


def dataset_views(session: Session, datasets: Sequence[Dataset], *, base_url: str) -> list[DatasetOut]:
    """Full views of datasets, loading their parts in a few batched queries."""
    ids = [dataset.id for dataset in datasets]
    if not ids:
        return []
    organisations = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(Organisation.id.in_({d.organisation_id for d in datasets}))
        )
    }
    themes: dict[str, list[str]] = {i: [] for i in ids}
    for dataset_id, theme in session.execute(
        select(DatasetTheme.dataset_id, DatasetTheme.theme)
        .where(DatasetTheme.dataset_id.in_(ids))
        .order_by(DatasetTheme.theme)
    ):
        themes[dataset_id].append(theme)
    concepts: dict[str, list[str]] = {i: [] for i in ids}
    for dataset_id, concept in session.execute(
        select(DatasetConcept.dataset_id, DatasetConcept.concept_id)
        .where(DatasetConcept.dataset_id.in_(ids))
        .order_by(DatasetConcept.concept_id)
    ):
        concepts[dataset_id].append(concept)
    keywords: dict[tuple[str, str], list[str]] = {}
    for dataset_id, lang, keyword in session.execute(
        select(DatasetKeyword.dataset_id, DatasetKeyword.lang, DatasetKeyword.keyword)
        .where(DatasetKeyword.dataset_id.in_(ids))
        .order_by(DatasetKeyword.keyword)
    ):
        keywords.setdefault((dataset_id, lang), []).append(keyword)
    distributions: dict[str, list[DistributionOut]] = {i: [] for i in ids}
    for row in session.scalars(
        select(Distribution)
        .where(Distribution.dataset_id.in_(ids))
        .order_by(Distribution.dataset_id, Distribution.position)
    ):
        # Rows from our own tables are valid already: construct the views without validating them again.
        distributions[row.dataset_id].append(
            DistributionOut.model_construct(
                **{name: getattr(row, name) for name in DistributionOut.model_fields}
            )
        )
    usage = usage_totals(session, ids)
    views = []
    for d in datasets:
        organisation = organisations[d.organisation_id]
        views.append(
            DatasetOut.model_construct(
                id=d.id,
                name=d.name,
                uri=f"{base_url}/dataset/{d.id}",
                state=d.state,
                publisher=OrganisationRef.model_validate(organisation, from_attributes=True),
                title_sv=d.title_sv,
                title_en=d.title_en,
                description_sv=d.description_sv,
                description_en=d.description_en,
                keywords_sv=keywords.get((d.id, "sv"), []),
                keywords_en=keywords.get((d.id, "en"), []),
                themes=themes[d.id],
                concepts=concepts[d.id],
                spatial=json.loads(d.spatial),
                temporal_start=d.temporal_start,
                temporal_end=d.temporal_end,
                frequency=d.frequency,
                access_rights=d.access_rights,
                contact_name=d.contact_name,
                contact_email=d.contact_email,
                landing_page=d.landing_page,
                conforms_to=json.loads(d.conforms_to),
                issued=d.issued,
                modified=d.modified,
                distributions=distributions[d.id],
                usage=usage.get(d.id, {"downloads": 0, "api_calls": 0}),
            )
        )
    return views


def record_usage(
    session: Session, *, dataset_id: str, downloads: int = 0, api_calls: int = 0, day: date | None = None
) -> None:
    """Count downloads or API calls of a dataset for a day (today by default)."""
    today = day or datetime.now(UTC).date()
    updated = session.execute(
        update(DatasetUsage)
        .where(DatasetUsage.dataset_id == dataset_id, DatasetUsage.day == today)
        .values(downloads=DatasetUsage.downloads + downloads, api_calls=DatasetUsage.api_calls + api_calls)
    )
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        session.add(DatasetUsage(dataset_id=dataset_id, day=today, downloads=downloads, api_calls=api_calls))
    session.flush()


def usage_totals(session: Session, ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Downloads and API calls per dataset, all days together."""
    rows = session.execute(
        select(DatasetUsage.dataset_id, func.sum(DatasetUsage.downloads), func.sum(DatasetUsage.api_calls))
        .where(DatasetUsage.dataset_id.in_(ids))
        .group_by(DatasetUsage.dataset_id)
    )
    return {row[0]: {"downloads": int(row[1] or 0), "api_calls": int(row[2] or 0)} for row in rows}


def find_datasets(
    session: Session,
    *,
    query: search.DatasetQuery,
    offset: int = 0,
    limit: int,
    position: tuple[object, str] | None = None,
) -> list[Dataset]:
    """Matching datasets in order, from `offset` or after a keyset `position`."""
    statement = search.ordered(query)
    if position is not None:
        statement = search.after(statement, query, position)
    # Order and page on the narrow (sort key, id) rows first, then load the page's full rows: sorting whole
    # rows (descriptions and all) is what makes deep pages slow.
    ids = list(session.scalars(statement.with_only_columns(Dataset.id).offset(offset).limit(limit)))
    rows = {row.id: row for row in session.scalars(select(Dataset).where(Dataset.id.in_(ids)))}
    return [rows[dataset_id] for dataset_id in ids]


def check_filters(session: Session, filters: dict[str, list[str]]) -> None:
    """Refuse (400, naming the accepted values) filter values that can never match: no silent empty answer."""
    allowed: dict[str, Sequence[str]] = {
        "theme": list(vocabularies.THEMES),
        "access_rights": list(vocabularies.ACCESS_RIGHTS),
        "format": list(vocabularies.FORMATS),
        "licence": list(vocabularies.LICENCES),
    }
    errors: list[FieldError] = []
    for name, values in filters.items():
        if name in allowed:
            bad = [value for value in values if value not in allowed[name]]
            if bad:
                errors.append(
                    FieldError(name, f"unknown {', '.join(bad)}; use one of {', '.join(allowed[name])}")
                )
        elif name == "publisher":
            known = set(session.scalars(select(Organisation.name).where(Organisation.name.in_(values))))
            known |= set(session.scalars(select(Organisation.id).where(Organisation.id.in_(values))))
            bad = [value for value in values if value not in known]
            if bad:
                errors.append(
                    FieldError(name, f"no organisation named {', '.join(bad)}; see /v1/organisations")
                )
        elif name == "concept":
            bad = taxonomy.unknown_concept_ids(session, ids=values)
            if bad:
                errors.append(
                    FieldError(name, f"unknown concept(s) {', '.join(bad)}; find ids with /v1/suggest")
                )
    if errors:
        raise InvalidSearch(
            "; ".join(f"{e.field}: {e.message}" for e in errors),
            hint="Each filter lists the values it accepts.",
            field_errors=errors,
        )


def content_hash(data: DatasetIn) -> str:
    """A hash of a dataset description, to skip writes (and `modified` bumps) when nothing changed."""
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


def upsert_dataset(
    session: Session, *, organisation: Organisation, data: DatasetIn, source_uri: str, is_demo: bool = False
) -> tuple[Dataset, str]:
    """Create or update the dataset that `source_uri` describes; returns it and created/updated/unchanged."""
    digest = content_hash(data)
    existing = session.scalars(
        select(Dataset).where(Dataset.organisation_id == organisation.id, Dataset.source_uri == source_uri)
    ).first()
    if existing is None:
        dataset = create_dataset(
            session,
            organisation=organisation,
            data=data,
            source_uri=source_uri,
            source_hash=digest,
            is_demo=is_demo,
        )
        return dataset, "created"
    if existing.source_hash == digest and existing.state == "active":
        return existing, "unchanged"
    return update_dataset(session, dataset=existing, data=data, source_hash=digest), "updated"


def upsert_data_service(session: Session, *, organisation: Organisation, data: DataServiceIn) -> DataService:
    """Create or update an organisation's data service (an API) by name, and the datasets it serves."""
    if data.access_rights not in vocabularies.ACCESS_RIGHTS:
        raise InvalidDataset(
            f"Unknown access rights '{data.access_rights}'.",
            field_errors=[FieldError("access_rights", "use PUBLIC, RESTRICTED or NON_PUBLIC")],
        )
    if data.licence is not None and data.licence not in vocabularies.LICENCES:
        raise InvalidDataset(
            f"Unknown licence '{data.licence}'.",
            field_errors=[FieldError("licence", f"use one of {', '.join(vocabularies.LICENCES)}")],
        )
    served = [get_dataset(session, key=key).id for key in data.serves]
    service = session.scalars(select(DataService).where(DataService.name == data.name)).first()
    if service is None:
        service = DataService(id=str(uuid.uuid4()), name=data.name, organisation_id=organisation.id)
        session.add(service)
    elif service.organisation_id != organisation.id:
        raise NameTaken(f"The data service name '{data.name}' is taken by another organisation.")
    service.title_sv, service.title_en = data.title_sv, data.title_en
    service.description_sv, service.description_en = data.description_sv, data.description_en
    service.endpoint_url = str(data.endpoint_url)
    service.endpoint_description = str(data.endpoint_description) if data.endpoint_description else None
    service.licence, service.access_rights, service.state = data.licence, data.access_rights, "active"
    service.modified = utcnow()
    session.flush()
    session.execute(delete(DataServiceDataset).where(DataServiceDataset.data_service_id == service.id))
    session.add_all(
        DataServiceDataset(data_service_id=service.id, dataset_id=i) for i in dict.fromkeys(served)
    )
    session.flush()
    return service


def get_data_service(session: Session, *, key: str) -> DataService:
    """A data service by id or name."""
    found = (
        session.get(DataService, key)
        or session.scalars(select(DataService).where(DataService.name == key)).first()
    )
    if found is None:
        raise DataServiceNotFound(
            f"No data service has the id or name '{key}'.", hint="List them with /v1/data-services."
        )
    return found


def editable_data_service(session: Session, *, key: str, principal: Principal) -> DataService:
    """A data service the caller may change: catalogue:write and the service's organisation."""
    principal.require_scope("catalogue:write")
    found = get_data_service(session, key=key)
    principal.require_organisation(found.organisation_id)
    return found


def withdraw_data_service(session: Session, *, data_service: DataService) -> DataService:
    """Withdraw a data service (kept, state 'withdrawn')."""
    if data_service.state != "withdrawn":
        data_service.state = "withdrawn"
        data_service.modified = utcnow()
        session.flush()
    return data_service


def data_service_views(
    session: Session, services: Sequence[DataService], *, base_url: str
) -> list[DataServiceOut]:
    """Views of data services with their publisher and the datasets they serve."""
    ids = [item.id for item in services]
    serves: dict[str, list[str]] = {i: [] for i in ids}
    for service_id, dataset_id in session.execute(
        select(DataServiceDataset.data_service_id, DataServiceDataset.dataset_id)
        .where(DataServiceDataset.data_service_id.in_(ids))
        .order_by(DataServiceDataset.dataset_id)
    ):
        serves[service_id].append(dataset_id)
    organisations = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(Organisation.id.in_({item.organisation_id for item in services}))
        )
    }
    return [
        DataServiceOut(
            id=item.id,
            name=item.name,
            uri=f"{base_url}/data-service/{item.id}",
            state=item.state,
            publisher=OrganisationRef.model_validate(
                organisations[item.organisation_id], from_attributes=True
            ),
            title_sv=item.title_sv,
            title_en=item.title_en,
            description_sv=item.description_sv,
            description_en=item.description_en,
            endpoint_url=item.endpoint_url,
            endpoint_description=item.endpoint_description,
            licence=item.licence,
            access_rights=item.access_rights,
            serves=serves[item.id],
            modified=item.modified,
        )
        for item in services
    ]


def list_data_services(session: Session) -> list[DataService]:
    """Every active data service, by name."""
    return list(
        session.scalars(select(DataService).where(DataService.state == "active").order_by(DataService.name))
    )


def dataset_names(session: Session, *, offset: int = 0, limit: int | None = None) -> list[str]:
    """Names of the active datasets in name order (CKAN's package_list), from `offset`."""
    statement = select(Dataset.name).where(Dataset.state == "active").order_by(Dataset.name)
    return list(session.scalars(statement.offset(offset).limit(limit)))


def dataset_of_distribution(session: Session, *, distribution_id: str) -> Dataset | None:
    """The dataset a distribution belongs to, or None when no distribution has that id."""
    return session.scalars(
        select(Dataset)
        .join(Distribution, Distribution.dataset_id == Dataset.id)
        .where(Distribution.id == distribution_id)
    ).first()


def _sort_key(query: search.DatasetQuery) -> str:
    return ("-" if query.descending else "") + query.sort


def page_of_datasets(
    session: Session, *, query: search.DatasetQuery, cursor: str | None, limit: int, base_url: str
) -> tuple[list[DatasetOut], str | None]:
    """One page of matching datasets in the query's order, and the opaque cursor of the next page.

    Keyset paging on (sort value, id): no depth limit, and every dataset appears once.
    """
    position = None
    if cursor:
        state = decode_cursor(cursor)
        if state.get("sort") != _sort_key(query) or "id" not in state:
            raise InvalidSearch(
                "The cursor belongs to another sort order.", hint="Keep the same sort while paging."
            )
        value = state.get("value")
        if query.sort in ("modified", "issued") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        position = (value, str(state["id"]))
    rows = find_datasets(session, query=query, limit=limit + 1, position=position)
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        value = getattr(last, query.sort)
        next_cursor = encode_cursor(
            {
                "sort": _sort_key(query),
                "value": value.isoformat() if isinstance(value, datetime) else value,
                "id": last.id,
            }
        )
    return dataset_views(session, rows[:limit], base_url=base_url), next_cursor
