"""Authorisation records as documents: the signed receipt of each change, the ISO/IEC TS 27560 record in
W3C DPV terms (JSON-LD) and the Kantara Consent Receipt 1.1 export for older consumers."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from samskapa.accounts.oauth.schemas import PURPOSES
from samskapa.vault.models import Authorisation, AuthorisationEvent
from samskapa.vault.vocabulary import (
    CATEGORY_DPV,
    CATEGORY_KANTARA,
    CONSENT_TYPE,
    OPERATION_DPV,
    STATE_DPV,
)

RECEIPT_TYPE = "SamskapaAuthorisationReceipt"
DPV_CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
KANTARA_VERSION = "KI-CR-v1.1.0"


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def record_fields(authorisation: Authorisation) -> dict[str, Any]:
    """The mandatory fields of the record (ISO/IEC TS 27560 through DPV), in plain JSON."""
    return {
        "id": authorisation.id,
        "kind": authorisation.kind,
        "subject": authorisation.subject,
        "controller": {"id": authorisation.organisation_id, "name": authorisation.organisation_name},
        "recipient": {"client_id": authorisation.client_id, "name": authorisation.client_name},
        "recipients": json.loads(authorisation.recipients),
        "legal_basis": authorisation.legal_basis,
        "notice": json.loads(authorisation.notice),
        "purposes": json.loads(authorisation.purposes),
        "categories": json.loads(authorisation.categories),
        "operations": json.loads(authorisation.operations),
        "retention_days": authorisation.retention_days,
        "valid_from": _iso(authorisation.valid_from),
        "valid_until": _iso(authorisation.valid_until),
        "withdrawal_method": authorisation.withdrawal_method,
        "state": authorisation.state,
    }


def receipt(
    authorisation: Authorisation, *, seq: int, event: str, at: datetime, actor: str, previous: str | None
) -> dict[str, Any]:
    """The receipt of one change: the whole record as it stands after the change, chained to the last one."""
    return {
        "type": RECEIPT_TYPE,
        "authorisation": record_fields(authorisation),
        "event": {"seq": seq, "type": event, "at": _iso(at), "actor": actor},
        "previous_receipt_sha256": previous,
    }


def receipt_digest(receipt_json: str) -> str:
    return hashlib.sha256(receipt_json.encode()).hexdigest()


def dpv_record(authorisation: Authorisation, events: list[AuthorisationEvent]) -> dict[str, Any]:
    """The record as DPV JSON-LD (a dpv:ConsentRecord with its history)."""
    notice = json.loads(authorisation.notice)
    return {
        "@context": DPV_CONTEXT,
        "@id": f"urn:uuid:{authorisation.id}",
        "@type": "dpv:ConsentRecord",
        "dpv:hasDataSubject": {
            "@id": f"urn:samskapa:subject:{authorisation.subject}",
            "@type": "dpv:DataSubject",
        },
        "dpv:hasDataController": {
            "@id": f"urn:samskapa:organisation:{authorisation.organisation_id}",
            "@type": "dpv:DataController",
            "dct:title": authorisation.organisation_name,
        },
        "dpv:hasRecipient": {
            "@id": f"urn:samskapa:client:{authorisation.client_id}",
            "dct:title": authorisation.client_name,
        },
        "dpv:hasLegalBasis": {"@id": authorisation.legal_basis},
        "dpv:hasConsentType": {"@id": CONSENT_TYPE[authorisation.kind]},
        "dpv:hasConsentStatus": {"@id": STATE_DPV[authorisation.state]},
        "dpv:hasNotice": {
            "@id": notice["id"],
            "dct:hasVersion": notice["version"],
            "dct:language": notice["language"],
        },
        "dpv:hasPurpose": [_purpose(code) for code in json.loads(authorisation.purposes)],
        "dpv:hasPersonalData": [{"@id": CATEGORY_DPV[c]} for c in json.loads(authorisation.categories)],
        "dpv:hasProcessing": [{"@id": OPERATION_DPV[o]} for o in json.loads(authorisation.operations)],
        "dpv:hasStorageCondition": {"dpv:hasDuration": f"P{authorisation.retention_days}D"},
        "dpv:hasExpiry": {"@value": _iso(authorisation.valid_until), "@type": "xsd:dateTime"},
        "dpv:hasWithdrawalMethod": authorisation.withdrawal_method,
        "dct:valid": {"@value": _iso(authorisation.valid_from), "@type": "xsd:dateTime"},
        "dpv:hasEvent": [
            {"dpv:hasSequence": e.seq, "@type": "dpv:Event", "dct:type": e.event, "dct:date": _iso(e.at)}
            for e in events
        ],
    }


def _purpose(code: str) -> dict[str, str]:
    """A purpose code as a DPV purpose node (typed by its DPV concept when the code is in the vocabulary)."""
    known = PURPOSES.get(code)
    return {
        "@id": f"urn:samskapa:purpose:{code}",
        "@type": known.dpv if known is not None else "dpv:Purpose",
        "dct:identifier": code,
    }


def kantara_receipt(
    authorisation: Authorisation,
    *,
    purpose_labels: dict[str, str],
    controller_email: str,
    policy_url: str,
    language: str,
) -> dict[str, Any]:
    """The record as a Kantara Consent Receipt 1.1 (it validates against the published schema)."""
    categories = json.loads(authorisation.categories)
    kantara_categories = sorted({CATEGORY_KANTARA[c] for c in categories})
    termination = f"{_iso(authorisation.valid_until)}; data kept {authorisation.retention_days} days"
    return {
        "version": KANTARA_VERSION,
        "jurisdiction": "SE",
        "consentTimestamp": int(authorisation.created_at.timestamp()),
        "collectionMethod": "Samskapa consent screen"
        if authorisation.kind == "consent"
        else "Samskapa request",
        "consentReceiptID": authorisation.id,
        "language": language,
        "piiPrincipalId": authorisation.subject,
        "piiControllers": [
            {
                "piiController": authorisation.organisation_name,
                "contact": authorisation.organisation_name,
                "address": {"addressCountry": "SE"},
                "email": controller_email,
                "phone": "",
            }
        ],
        "policyUrl": policy_url,
        "services": [
            {
                "service": authorisation.client_name,
                "purposes": [
                    {
                        "purpose": purpose_labels.get(purpose, purpose),
                        "purposeCategory": [purpose],
                        "consentType": "EXPLICIT",
                        "piiCategory": kantara_categories,
                        "primaryPurpose": index == 0,
                        "termination": termination,
                        "thirdPartyDisclosure": False,
                    }
                    for index, purpose in enumerate(json.loads(authorisation.purposes))
                ],
            }
        ],
        "sensitive": False,
        "spiCat": [],
    }
