"""Errors of the catalogue area."""

from __future__ import annotations

from samskapa.core.errors import Conflict, Invalid, NotFound


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
