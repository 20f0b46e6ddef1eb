"""Authorisation records: every mandatory field, a DPV JSON-LD form, and Kantara CR 1.1 receipts that
validate against the published schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from sqlalchemy.orm import Session

from samskapa.vault import service
from samskapa.vault.service import VaultKeys
from tests.vault.conftest import give, make_person

KANTARA = Path(__file__).parent / "data" / "kantara"
DPV = Namespace("https://w3id.org/dpv#")
# ISO/IEC TS 27560 through DPV (domain.md): the fields every record carries.
MANDATORY = {
    "subject",
    "legal_basis",
    "notice",
    "purposes",
    "categories",
    "operations",
    "recipients",
    "retention_days",
    "valid_from",
    "valid_until",
    "withdrawal_method",
    "state",
    "kind",
    "controller",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (KANTARA / "kantara-consent-receipt-v1_1-schema.nocomments.json").read_text()
    )
    return loaded


def _validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_schema_accepts_its_own_example_and_rejects_a_broken_one(schema: dict[str, Any]) -> None:
    example = json.loads((KANTARA / "kantara-consent-receipt-v1_1-example.json").read_text())
    _validator(schema).validate(example)
    del example["piiPrincipalId"]
    assert list(_validator(schema).iter_errors(example))


@pytest.mark.parametrize("state", ["given", "withdrawn", "revoked"])
def test_kantara_receipts_validate(
    session: Session, keys: VaultKeys, schema: dict[str, Any], state: str
) -> None:
    person = make_person(session)
    authorisation = give(
        session,
        keys,
        person.id,
        purposes=("career-guidance", "job-matching"),
        categories=("skills", "credentials"),
    )
    if state != "given":
        service.change(
            session, person_id=person.id, authorisation_id=authorisation.id, event=state, keys=keys
        )
    receipt = service.kantara_receipt(
        session,
        person_id=person.id,
        authorisation_id=authorisation.id,
        purpose_labels={"career-guidance": "Career guidance"},
        policy_url="https://samskapa.example/privacy",
        controller_email="dpo@example.org",
        language="en",
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(schema).iter_errors(receipt)]
    assert errors == []
    assert receipt["piiPrincipalId"] == authorisation.subject
    assert [p["purpose"] for p in receipt["services"][0]["purposes"]] == ["Career guidance", "job-matching"]


def test_every_record_carries_the_mandatory_fields(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    authorisation = give(session, keys, person.id)
    record = service.my_authorisation(session, person_id=person.id, authorisation_id=authorisation.id)
    receipt = record.events[0].receipt["authorisation"]
    assert set(receipt) >= MANDATORY
    for field in MANDATORY:
        assert receipt[field] not in (None, "", []), field
    assert set(receipt["notice"]) == {"id", "version", "language", "sha256"}


def test_the_dpv_record_is_json_ld_with_the_dpv_terms(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    authorisation = give(session, keys, person.id)
    service.withdraw(session, person_id=person.id, authorisation_id=authorisation.id, keys=keys)
    document = service.dpv_record(session, person_id=person.id, authorisation_id=authorisation.id)
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    record = URIRef(f"urn:uuid:{authorisation.id}")
    assert (record, RDF.type, DPV.ConsentRecord) in graph
    assert (record, DPV.hasConsentStatus, DPV.ConsentWithdrawn) in graph
    for predicate in (
        DPV.hasDataSubject,
        DPV.hasDataController,
        DPV.hasPurpose,
        DPV.hasPersonalData,
        DPV.hasNotice,
    ):
        assert graph.value(record, predicate) is not None, predicate
    assert len(list(graph.objects(record, DPV.hasEvent))) == 2
    purpose = graph.value(record, DPV.hasPurpose)
    assert (purpose, RDF.type, DPV.ProvidePersonalisedRecommendations) in graph  # career guidance
