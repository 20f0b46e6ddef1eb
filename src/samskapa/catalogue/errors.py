"""Errors of the catalogue area."""

from __future__ import annotations

from samskapa.core.errors import Conflict, DomainError, Invalid, NotFound


class DatasetNotFound(NotFound):
    code = "dataset_not_found"
    title = "Dataset not found"


class DataServiceNotFound(NotFound):
    code = "data_service_not_found"
    title = "Data service not found"


class InvalidDataset(Invalid):
    code = "invalid_dataset"
    title = "Invalid dataset"


class InvalidSearch(Invalid):
    code = "invalid_search"
    title = "Invalid search"


class NameTaken(Conflict):
    code = "name_taken"
    title = "Name taken"


class DatasetWithdrawn(NotFound):
    status = 410
    code = "dataset_withdrawn"
    title = "Dataset withdrawn"


class CataloguePageNotFound(NotFound):
    code = "catalogue_page_not_found"
    title = "No such catalogue page"


class NotAcceptable(DomainError):
    status = 406
    code = "not_acceptable"
    title = "Not acceptable"


class InvalidCatalogueRequest(Invalid):
    code = "invalid_catalogue_request"
    title = "Invalid catalogue request"


class HarvestSourceError(Invalid):
    """A harvest source that cannot be read or parsed: nothing is harvested from it."""

    code = "harvest_source_error"
    title = "Unreadable harvest source"
