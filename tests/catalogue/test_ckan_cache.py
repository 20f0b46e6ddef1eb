"""CKAN package dicts are built once per state of a dataset, and never served stale."""

from __future__ import annotations

from sqlalchemy.orm import Session

from samskapa.catalogue import service
from samskapa.catalogue.ckan_views import Context, package_dicts
from samskapa.config import Settings
from tests.catalogue.factories import dataset, dataset_input, organisation


def test_package_dicts_are_reused_until_the_dataset_changes(session: Session, settings: Settings) -> None:
    owner = organisation(session)
    row = dataset(session, owner, name="cached-dataset")
    first = package_dicts(Context(session=session, settings=settings), [row])[0]
    again = package_dicts(Context(session=session, settings=settings), [row])[0]
    assert again is first
    service.update_dataset(
        session, dataset=row, data=dataset_input(name="cached-dataset", title_sv="Ny titel")
    )
    changed = package_dicts(Context(session=session, settings=settings), [row])[0]
    assert changed is not first
    assert changed["title"] == "Ny titel"
    service.withdraw_dataset(session, dataset=row)
    assert package_dicts(Context(session=session, settings=settings), [row])[0]["state"] == "deleted"
