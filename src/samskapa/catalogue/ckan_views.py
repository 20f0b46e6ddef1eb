"""CKAN-shaped dictionaries of our organisations, themes, keywords and datasets (no web framework)."""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.catalogue import ckan_query, service, vocabularies
from samskapa.catalogue.models import Dataset
from samskapa.catalogue.schemas import DatasetOut, DistributionOut
from samskapa.config import Settings
from samskapa.taxonomy import service as taxonomy
from samskapa.taxonomy.errors import ConceptNotFound

ID_NAMESPACE = uuid.UUID("6f1c1c44-4f3b-4d1e-9a43-5a6d3f3c2b10")  # stable ids of tags and groups


def ckan_time(moment: datetime) -> str:
    """CKAN's timestamps: ISO 8601 in UTC without a zone."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def stable_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{name}"))


def _translated(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


@dataclass
class Context:
    """One action call: its session and settings, and what it looked up once."""

    session: Session
    settings: Settings
    organisations: dict[str, Organisation] = field(default_factory=dict)
    concept_uris: dict[str, str | None] = field(default_factory=dict)

    def organisation(self, organisation_id: str) -> Organisation:
        if organisation_id not in self.organisations:
            self.organisations[organisation_id] = accounts.get_organisation(self.session, key=organisation_id)
        return self.organisations[organisation_id]

    def concept_uri(self, concept_id: str) -> str | None:
        if concept_id not in self.concept_uris:
            try:
                self.concept_uris[concept_id] = taxonomy.resolve_concept(self.session, key=concept_id).uri
            except ConceptNotFound:
                self.concept_uris[concept_id] = None
        return self.concept_uris[concept_id]


def organization_dict(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "title": organisation.title_sv,
        "title_translated": _translated(organisation.title_sv, organisation.title_en),
        "display_name": organisation.title_sv,
        "description": organisation.description_sv,
        "description_translated": _translated(organisation.description_sv, organisation.description_en),
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(organisation.created_at),
        "type": "organization",
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }


def group_dict(code: str, package_count: int | None = None) -> dict[str, Any]:
    sv, en = vocabularies.THEMES[code]
    group: dict[str, Any] = {
        "id": stable_id("group", code),
        "name": ckan_query.theme_group_name(code),
        "title": sv,
        "title_translated": _translated(sv, en),
        "display_name": sv,
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "type": "group",
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "uri": vocabularies.theme_uri(code),
    }
    if package_count is not None:
        group["package_count"] = package_count
    return group


def tag_dict(name: str) -> dict[str, Any]:
    return {
        "id": stable_id("tag", name),
        "name": name,
        "display_name": name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_dict(
    view: DatasetOut, row: Dataset, distribution: DistributionOut, position: int
) -> dict[str, Any]:
    return {
        "id": distribution.id,
        "package_id": view.id,
        "url": distribution.download_url or distribution.access_url,
        "name": distribution.title_sv,
        "name_translated": _translated(distribution.title_sv, distribution.title_en),
        "description": distribution.description_sv,
        "description_translated": _translated(distribution.description_sv, distribution.description_en),
        "format": distribution.format,
        "mimetype": distribution.media_type,
        "size": distribution.byte_size,
        "hash": distribution.checksum_sha256 or "",
        "hash_algorithm": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
        if distribution.checksum_sha256
        else None,
        "access_url": distribution.access_url,
        "download_url": distribution.download_url,
        "license": distribution.licence,
        "position": position,
        "state": "active",
        "url_type": None,
        "resource_type": None,
        "created": ckan_time(row.created_at),
        "last_modified": ckan_time(distribution.modified),
        "metadata_modified": ckan_time(distribution.modified),
    }


def _extras(view: DatasetOut, organisation: Organisation, spatial: list[str]) -> list[dict[str, str]]:
    """DCAT-AP fields under ckanext-dcat's extras keys; lists as JSON strings, as ckanext-dcat stores them."""
    extras: dict[str, str | None] = {
        "uri": view.uri,
        "identifier": view.id,
        "issued": view.issued.isoformat(),
        "modified": view.modified.isoformat(),
        "frequency": vocabularies.frequency_uri(view.frequency) if view.frequency else None,
        "access_rights": vocabularies.access_rights_uri(view.access_rights),
        "theme": json.dumps([vocabularies.theme_uri(code) for code in view.themes]) if view.themes else None,
        "spatial_uri": spatial[0] if spatial else None,
        "temporal_start": view.temporal_start.isoformat() if view.temporal_start else None,
        "temporal_end": view.temporal_end.isoformat() if view.temporal_end else None,
        "conforms_to": json.dumps(view.conforms_to) if view.conforms_to else None,
        "contact_name": view.contact_name,
        "contact_email": view.contact_email,
        "publisher_name": organisation.title_sv,
        "publisher_email": organisation.email,
        "publisher_url": organisation.homepage,
    }
    return [{"key": key, "value": value} for key, value in sorted(extras.items()) if value is not None]


def package_dict(ctx: Context, row: Dataset, view: DatasetOut) -> dict[str, Any]:
    """A dataset as CKAN's package dict with ckanext-dcat extras and ckanext-fluent translations."""
    organisation = ctx.organisation(row.organisation_id)
    licence = view.distributions[0].licence if view.distributions else None
    tags = list(dict.fromkeys([*view.keywords_sv, *view.keywords_en]))
    spatial = [uri for uri in (ctx.concept_uri(concept) for concept in view.spatial) if uri]
    return {
        "id": view.id,
        "name": view.name,
        "title": view.title_sv,
        "title_translated": _translated(view.title_sv, view.title_en),
        "notes": view.description_sv,
        "notes_translated": _translated(view.description_sv, view.description_en),
        "type": "dataset",
        "state": "active" if view.state == "active" else "deleted",
        "private": False,
        "license_id": ckan_query.licence_id(licence) if licence else None,
        "license_title": vocabularies.LICENCES.get(licence, licence) if licence else None,
        "license_url": licence,
        "isopen": licence in vocabularies.LICENCES,
        "url": view.landing_page or "",
        "version": None,
        "author": None,
        "author_email": None,
        "maintainer": view.contact_name,
        "maintainer_email": view.contact_email,
        "owner_org": organisation.id,
        "organization": organization_dict(organisation),
        "metadata_created": ckan_time(row.created_at),
        "metadata_modified": ckan_time(view.modified),
        "num_resources": len(view.distributions),
        "num_tags": len(tags),
        "resources": [resource_dict(view, row, d, i) for i, d in enumerate(view.distributions)],
        "tags": [tag_dict(tag) for tag in tags],
        "tags_translated": {"sv": view.keywords_sv, "en": view.keywords_en},
        "groups": [group_dict(code) for code in view.themes if code in vocabularies.THEMES],
        "spatial_coverage": [{"uri": uri} for uri in spatial],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        "extras": _extras(view, organisation, spatial),
    }


class _PackageCache:
    """Built package dicts by (database, dataset id, modified, base URL), like the data_dict CKAN keeps in its
    search index: a dataset's dict changes only when the dataset does, and every write moves `modified`."""

    def __init__(self, max_entries: int = 20_000) -> None:
        self._entries: OrderedDict[tuple[str, ...], dict[str, Any]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> dict[str, Any] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], value: dict[str, Any]) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


_PACKAGES = _PackageCache()


def package_dicts(ctx: Context, rows: Sequence[Dataset]) -> list[dict[str, Any]]:
    """Package dicts of `rows`, building only those not cached for their current `modified`.

    The dicts are shared with the cache: callers serialise them and must not change them."""
    database = ctx.session.get_bind().engine.url.render_as_string(hide_password=True)
    keys = [(database, row.id, row.modified.isoformat(), ctx.settings.base_url) for row in rows]
    found = {key: cached for key in keys if (cached := _PACKAGES.get(key)) is not None}
    missing = [row for row, key in zip(rows, keys, strict=True) if key not in found]
    views = service.dataset_views(ctx.session, missing, base_url=ctx.settings.base_url)
    for row, view in zip(missing, views, strict=True):
        built = package_dict(ctx, row, view)
        key = (database, row.id, row.modified.isoformat(), ctx.settings.base_url)
        _PACKAGES.put(key, built)
        found[key] = built
    return [found[key] for key in keys]


# --- actions -----------------------------------------------------------------------------------------------
