"""VC 2.0 credentials: the W3C suite inputs, Data Integrity EdDSA proofs, tampering, limits, no network."""

from __future__ import annotations

import json
import socket
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from samskapa.core.errors import Invalid, PayloadTooLarge
from samskapa.vault.credentials import (
    CRYPTOSUITES,
    ContextNotPinned,
    CredentialNotConforming,
    CredentialTooComplex,
    CredentialTooLarge,
    CredentialUnreadable,
    Cryptosuite,
    Limits,
    TrustList,
    check_data_model,
    did_key_from_public_key,
    multibase_from_public_key,
    pinned_document_loader,
    public_key_from_did_key,
    public_key_from_multibase,
    sign_credential,
    verify_credential,
)

DATA = Path(__file__).parent / "data"
SUITE = DATA / "vc2-test-suite-inputs"
VECTORS = DATA / "eddsa-test-vectors"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
CREATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

SUITE_FILES = sorted(path.name for path in SUITE.glob("*.json") if path.name != "validVc.json")


# --------------------------------------------------------------------------------------------------
# The W3C VC 2.0 test-suite inputs, judged as their names say
# --------------------------------------------------------------------------------------------------


def _suite_input(name: str) -> dict[str, Any]:
    """The input as the test suite's harness uses it: "PAST DATE"/"FUTURE DATE" become real timestamps."""
    text = (SUITE / name).read_text(encoding="utf-8")
    past = (NOW - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    future = (NOW + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    document: dict[str, Any] = json.loads(
        text.replace('"PAST DATE"', f'"{past}"').replace('"FUTURE DATE"', f'"{future}"')
    )
    return document


def _suite_problems(name: str) -> list[str]:
    """Judge one input the way the W3C suite uses it.

    Credential inputs are sent to an issuer, which fills in the issuer id (`issuing=True`). The suite
    issues (signs) the credentials inside its generic presentation inputs before presenting them
    (`to-be-secured`); only the `presentation-self-asserted-vc-*` inputs keep their credentials unsigned,
    so those are self-asserted (the default).
    """
    document = _suite_input(name)
    if name.startswith("presentation-self-asserted-vc-"):
        return check_data_model(document)
    if name.startswith("presentation-"):
        return check_data_model(document, issuing=True, unsecured_credentials="to-be-secured")
    return check_data_model(document, issuing=True)


def test_the_suite_has_all_120_inputs() -> None:
    assert len(SUITE_FILES) == 120
    names = Counter(
        "ok" if n.endswith("-ok.json") else "fail" if "-fail" in n else "self-asserted" for n in SUITE_FILES
    )
    assert names == {"ok": 65, "fail": 52, "self-asserted": 3}


@pytest.mark.parametrize("name", SUITE_FILES)
def test_suite_input_is_judged_as_its_name_says(name: str) -> None:
    problems = _suite_problems(name)
    if name.endswith("-ok.json"):
        assert problems == [], f"{name} should be accepted"
    else:  # -fail, -fail-or-inject (we reject, never inject), self-asserted mismatch / no holder
        assert problems, f"{name} should be rejected"
        assert all(isinstance(problem, str) and problem for problem in problems)


def test_suite_reasons_are_specific() -> None:
    assert any(
        "not one of the pinned contexts" in p
        for p in check_data_model(_suite_input("credential-proof-missing-type-fail.json"))
    )
    assert "credentialSubject[0]: has no claims (an empty object)" in _suite_problems(
        "credential-subject-no-claims-fail.json"
    )
    assert any("protected term" in p for p in _suite_problems("credential-redef-type-fail.json"))
    assert any(
        "validUntil is before validFrom" in p
        for p in _suite_problems("credential-validUntil-validFrom-fail.json")
    )
    assert any("holder" in p for p in _suite_problems("presentation-self-asserted-vc-no-holder.json"))
    assert any(
        "identical" in p for p in _suite_problems("presentation-self-asserted-vc-issuer-mismatch.json")
    )


def test_a_vc_1_1_document_is_not_vc_2() -> None:
    # validVc.json is the suite's VC 1.1 helper (only the v1 context): not a VC 2.0 document
    problems = check_data_model(json.loads((SUITE / "validVc.json").read_text(encoding="utf-8")))
    assert problems == [
        "this is a Verifiable Credentials 1.1 document "
        "(@context https://www.w3.org/2018/credentials/v1), not VC 2.0",
        "issuer is missing",
    ]


def test_verifying_needs_an_issuer() -> None:
    document = _suite_input("credential-ok.json")
    assert check_data_model(document, issuing=True) == []
    assert check_data_model(document) == ["issuer is missing"]


# --------------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------------


def test_multikey_and_did_key_round_trip() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    multibase = multibase_from_public_key(key)
    assert multibase.startswith("z6Mk")
    assert base58.b58decode(multibase[1:])[:2] == b"\xed\x01"
    assert public_key_from_multibase(multibase) == key
    did = did_key_from_public_key(key)
    assert did == f"did:key:{multibase}"
    assert public_key_from_did_key(f"{did}#{multibase}") == key
    with pytest.raises(Invalid):
        public_key_from_multibase("z" + base58.b58encode(b"\xec\x01" + bytes(32)).decode())
    with pytest.raises(Invalid):
        public_key_from_multibase("uAAAA")
    with pytest.raises(Invalid):
        public_key_from_did_key(f"{did}#z6MkOther")


# --------------------------------------------------------------------------------------------------
# Signing and verifying
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def issuer_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def _did(key: Ed25519PrivateKey) -> tuple[str, str]:
    did = did_key_from_public_key(key.public_key())
    return did, f"{did}#{did.removeprefix('did:key:')}"


def _credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:0b9d5a4e-2f43-4a8e-9a55-1d2f4d0c6a11",
        "type": ["VerifiableCredential", "CourseCredential"],
        "issuer": issuer,
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "course": {"name": "Welding 1", "credits": 7.5}},
    }


def _signed(key: Ed25519PrivateKey, cryptosuite: Cryptosuite) -> dict[str, Any]:
    did, method = _did(key)
    return sign_credential(
        _credential(did),
        private_key=key,
        verification_method=method,
        cryptosuite=cryptosuite,
        created=CREATED,
    )


def _trust(key: Ed25519PrivateKey) -> TrustList:
    did, _ = _did(key)
    return TrustList.from_dict({did: [did]})


@pytest.mark.parametrize("cryptosuite", CRYPTOSUITES)
def test_signed_credentials_verify(issuer_key: Ed25519PrivateKey, cryptosuite: Cryptosuite) -> None:
    signed = _signed(issuer_key, cryptosuite)
    did, method = _did(issuer_key)
    assert signed["proof"]["type"] == "DataIntegrityProof"
    assert signed["proof"]["cryptosuite"] == cryptosuite
    assert signed["proof"]["created"] == "2025-01-02T03:04:05Z"
    assert signed["proof"]["proofValue"].startswith("z")
    assert ("@context" in signed["proof"]) is (cryptosuite == "eddsa-jcs-2022")

    result = verify_credential(signed, trust=_trust(issuer_key), now=NOW)
    assert result.status == "valid", result.reasons
    assert result.reasons == []
    assert result.issuer == did
    assert result.verification_method == method
    assert result.cryptosuite == cryptosuite
    assert result.types == ["VerifiableCredential", "CourseCredential"]
    assert result.valid_from == datetime(2025, 1, 1, tzinfo=UTC)
    assert result.valid_until == datetime(2030, 1, 1, tzinfo=UTC)
    # the same from bytes and from text
    text = json.dumps(signed, indent=2)
    assert verify_credential(text, trust=_trust(issuer_key), now=NOW).status == "valid"
    assert verify_credential(text.encode(), trust=_trust(issuer_key), now=NOW).status == "valid"


@pytest.mark.parametrize("cryptosuite", CRYPTOSUITES)
def test_a_valid_signature_from_an_issuer_off_the_trust_list_is_untrusted(
    issuer_key: Ed25519PrivateKey, cryptosuite: Cryptosuite
) -> None:
    signed = _signed(issuer_key, cryptosuite)
    result = verify_credential(signed, trust=TrustList(), now=NOW)
    assert result.status == "untrusted"
    assert result.reasons == [
        f"the signature is valid but the issuer {signed['issuer']} is not on the trust list"
    ]

    other = Ed25519PrivateKey.generate()
    listed_with_other_key = TrustList.from_dict(
        {signed["issuer"]: [multibase_from_public_key(other.public_key())]}
    )
    result = verify_credential(signed, trust=listed_with_other_key, now=NOW)
    assert result.status == "untrusted"
    assert "not one of the trusted keys" in result.reasons[0]


def test_expired_and_not_yet_valid_credentials_are_invalid(issuer_key: Ed25519PrivateKey) -> None:
    signed = _signed(issuer_key, "eddsa-jcs-2022")
    expired = verify_credential(signed, trust=_trust(issuer_key), now=datetime(2031, 1, 1, tzinfo=UTC))
    assert expired.status == "invalid"
    assert expired.reasons == ["the credential has expired (validUntil 2030-01-01T00:00:00Z)"]
    early = verify_credential(signed, trust=_trust(issuer_key), now=datetime(2024, 1, 1, tzinfo=UTC))
    assert early.status == "invalid"
    assert early.reasons == ["the credential is not valid yet (validFrom 2025-01-01T00:00:00Z)"]


def test_an_unsigned_credential_is_not_verified(issuer_key: Ed25519PrivateKey) -> None:
    did, _ = _did(issuer_key)
    result = verify_credential(_credential(did), trust=_trust(issuer_key), now=NOW)
    assert result.status == "unsigned"
    assert "no proof" in result.reasons[0]


def test_a_credential_signed_by_someone_else_is_invalid(issuer_key: Ed25519PrivateKey) -> None:
    forger = Ed25519PrivateKey.generate()
    did, _ = _did(issuer_key)
    _, forger_method = _did(forger)
    # the forger claims the trusted issuer but can only sign with its own did:key
    forged = sign_credential(
        _credential(did),
        private_key=forger,
        verification_method=forger_method,
        cryptosuite="eddsa-jcs-2022",
        created=CREATED,
    )
    assert verify_credential(forged, trust=_trust(issuer_key), now=NOW).status == "untrusted"
    # and naming the issuer's key with its own signature fails
    _, issuer_method = _did(issuer_key)
    forged["proof"]["verificationMethod"] = issuer_method
    forged["proof"]["@context"] = forged["@context"]
    result = verify_credential(forged, trust=_trust(issuer_key), now=NOW)
    assert result.status == "invalid"
    assert "signature does not verify" in result.reasons[0]


def test_signing_refuses_a_nonconforming_credential(issuer_key: Ed25519PrivateKey) -> None:
    _, method = _did(issuer_key)
    document = _credential("did:example:issuer")
    del document["credentialSubject"]
    with pytest.raises(CredentialNotConforming, match="credentialSubject is missing"):
        sign_credential(
            document,
            private_key=issuer_key,
            verification_method=method,
            cryptosuite="eddsa-jcs-2022",
            created=CREATED,
        )


def test_trust_list_from_a_json_file(tmp_path: Path, issuer_key: Ed25519PrivateKey) -> None:
    did, method = _did(issuer_key)
    path = tmp_path / "trust.json"
    path.write_text(json.dumps({did: [{"id": method, "publicKeyMultibase": did.removeprefix("did:key:")}]}))
    trust = TrustList.from_json_file(path)
    assert trust.issuers == {did}
    assert verify_credential(_signed(issuer_key, "eddsa-rdfc-2022"), trust=trust, now=NOW).status == "valid"
    with pytest.raises(Invalid):
        TrustList.from_dict({"not a url": ["z6Mk"]})


# --------------------------------------------------------------------------------------------------
# The cryptosuite spec's own test vectors (w3c/vc-di-eddsa, see data/eddsa-test-vectors/PROVENANCE.md)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["signedJCS.json", "signedDataInt.json"])
def test_the_eddsa_cryptosuite_test_vectors_verify(name: str) -> None:
    key = json.loads((VECTORS / "keyPair.json").read_text(encoding="utf-8"))
    document = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    issuer = document["issuer"]
    trust = TrustList.from_dict(
        {
            issuer: [
                {
                    "id": document["proof"]["verificationMethod"],
                    "publicKeyMultibase": key["publicKeyMultibase"],
                }
            ]
        }
    )
    result = verify_credential(document, trust=trust, now=NOW)
    assert result.status == "valid", result.reasons
    assert result.cryptosuite == document["proof"]["cryptosuite"]
    # the private key of the vectors signs to the very same proof value
    secret = base58.b58decode(key["privateKeyMultibase"][1:])
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    private_key = Ed25519PrivateKey.from_private_bytes(secret[2:])
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    resigned = sign_credential(
        unsigned,
        private_key=private_key,
        verification_method=document["proof"]["verificationMethod"],
        cryptosuite=document["proof"]["cryptosuite"],
        created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC),
    )
    assert resigned["proof"]["proofValue"] == document["proof"]["proofValue"]


# --------------------------------------------------------------------------------------------------
# Every single-byte change of a signed credential fails
# --------------------------------------------------------------------------------------------------


def _variants(raw: bytes) -> Iterator[tuple[int, bytes]]:
    for position in range(len(raw)):
        changed = bytearray(raw)
        changed[position] ^= 0x01
        yield position, bytes(changed)


@pytest.mark.parametrize("cryptosuite", CRYPTOSUITES)
def test_every_single_byte_change_fails_verification(
    issuer_key: Ed25519PrivateKey, cryptosuite: Cryptosuite
) -> None:
    signed = _signed(issuer_key, cryptosuite)
    raw = json.dumps(signed, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    trust = _trust(issuer_key)
    assert verify_credential(raw, trust=trust, now=NOW).status == "valid"

    outcomes: Counter[str] = Counter()
    same_document = 0
    for position, changed in _variants(raw):
        try:
            if json.loads(changed) == signed:
                same_document += 1  # a change that keeps the parsed document (none exist for compact ASCII)
        except ValueError:
            pass
        try:
            result = verify_credential(changed, trust=trust, now=NOW)
        except CredentialUnreadable:
            outcomes["unreadable"] += 1
            continue
        assert result.status != "valid", f"byte {position} changed and the credential still verified"
        assert result.reasons
        if result.status == "unsigned":  # only when the "proof" key itself was renamed
            assert result.document is not None
            assert "proof" not in result.document
        outcomes[result.status] += 1
    assert same_document == 0
    assert outcomes["valid"] == 0
    assert set(outcomes) <= {"invalid", "unreadable", "unsigned"}
    assert outcomes["unsigned"] <= len("proof")
    assert sum(outcomes.values()) == len(raw)


# --------------------------------------------------------------------------------------------------
# Input limits, unreadable input, pinned contexts
# --------------------------------------------------------------------------------------------------


def test_oversized_input_is_refused(issuer_key: Ed25519PrivateKey) -> None:
    signed = _signed(issuer_key, "eddsa-jcs-2022")
    raw = json.dumps(signed).encode()
    with pytest.raises(CredentialTooLarge) as caught:
        verify_credential(raw, trust=_trust(issuer_key), max_bytes=len(raw) - 1)
    assert isinstance(caught.value, PayloadTooLarge)
    assert caught.value.status == 413
    with pytest.raises(CredentialTooLarge):
        verify_credential(b"{" + b" " * (256 * 1024) + b"}", trust=TrustList())
    with pytest.raises(CredentialTooLarge):
        verify_credential(signed | {"padding": "x" * 300_000}, trust=TrustList())


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"\xff\xfe\x00binary", "not UTF-8"),
        (b"not json at all", "not valid JSON"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b'{"a": 1, "a": 2}', "duplicate key"),
        (b'{"a": NaN}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a":' * 100 + b"1" + b"}" * 100, "nested deeper than 64"),
    ],
)
def test_unreadable_input_is_a_clear_error(document: bytes, reason: str) -> None:
    with pytest.raises(CredentialUnreadable, match=reason) as caught:
        verify_credential(document, trust=TrustList())
    assert isinstance(caught.value, Invalid)


def test_rdf_canonicalisation_is_bounded(issuer_key: Ed25519PrivateKey) -> None:
    did, method = _did(issuer_key)
    document = _credential(did)
    # identical anonymous nodes: their blank nodes can only be told apart by the N-degree hashing
    document["credentialSubject"]["knows"] = [{"knows": {"name": "x"}} for _ in range(6)]
    signed = sign_credential(
        document,
        private_key=issuer_key,
        verification_method=method,
        cryptosuite="eddsa-rdfc-2022",
        created=CREATED,
    )
    assert verify_credential(signed, trust=_trust(issuer_key), now=NOW).status == "valid"
    with pytest.raises(CredentialTooComplex, match="blank nodes"):
        verify_credential(signed, trust=_trust(issuer_key), now=NOW, limits=Limits(max_blank_nodes=5))
    with pytest.raises(CredentialTooComplex, match="RDF statements"):
        verify_credential(signed, trust=_trust(issuer_key), now=NOW, limits=Limits(max_quads=10))
    with pytest.raises(CredentialTooComplex, match="disambiguation steps"):
        verify_credential(
            signed, trust=_trust(issuer_key), now=NOW, limits=Limits(max_canonicalisation_steps=3)
        )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to open a connection or resolve a name fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_a_context_that_is_not_pinned_is_an_error_never_a_fetch(
    no_network: list[str], issuer_key: Ed25519PrivateKey
) -> None:
    url = "https://contexts.example/unpinned/v1"
    with pytest.raises(ContextNotPinned, match="not one of the pinned contexts"):
        pinned_document_loader(url)
    assert pinned_document_loader("https://w3id.org/security/data-integrity/v2")["document"]["@context"]

    did, _ = _did(issuer_key)
    document = _credential(did)
    document["@context"] = ["https://www.w3.org/ns/credentials/v2", url]
    problems = check_data_model(document)
    assert problems == [
        f"JSON-LD context '{url}' is not one of the pinned contexts; contexts are never fetched"
    ]

    signed = _signed(issuer_key, "eddsa-rdfc-2022")
    signed["@context"] = [*signed["@context"], url]
    result = verify_credential(signed, trust=_trust(issuer_key), now=NOW)
    assert result.status == "invalid"
    assert "not one of the pinned contexts" in result.reasons[0]
    assert no_network == []


def test_the_data_integrity_and_multikey_contexts_are_pinned(issuer_key: Ed25519PrivateKey) -> None:
    did, method = _did(issuer_key)
    document = _credential(did)
    document["@context"] = [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/multikey/v1",
    ]
    for cryptosuite in CRYPTOSUITES:
        signed = sign_credential(
            document,
            private_key=issuer_key,
            verification_method=method,
            cryptosuite=cryptosuite,
            created=CREATED,
        )
        assert verify_credential(signed, trust=_trust(issuer_key), now=NOW).status == "valid"
