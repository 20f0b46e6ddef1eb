"""W3C Verifiable Credentials 2.0 for the vault: data-model checks and Data Integrity EdDSA proofs.

A pure module (no database, no network). It does three things:

* `check_data_model` judges a VC 2.0 credential or presentation against the rules of the
  Verifiable Credentials Data Model 2.0 (the W3C VC 2.0 test suite is the yardstick). Part of the
  judgement is JSON-LD expansion in *safe mode*: every type and property must be defined by a context,
  no term may be dropped, and every identifier must be an absolute IRI.
* `verify_credential` verifies a `DataIntegrityProof` with the cryptosuites `eddsa-jcs-2022` and
  `eddsa-rdfc-2022` (W3C "Data Integrity EdDSA Cryptosuites v1.0") and decides whether the issuer is
  trusted, against a `TrustList`.
* `sign_credential` issues such a proof (for the tests and the demo issuer).

JSON-LD contexts are pinned in `data/contexts/` and served by `pinned_document_loader`, which raises
`ContextNotPinned` for any other URL: nothing is ever fetched.

Work is bounded: the input size (`max_bytes`, default 256 KiB), the JSON nesting depth, the number of
RDF quads and blank nodes handed to RDF canonicalisation, and the number of "hash N-degree quads" steps
of RDFC-1.0 (its known blow-up on symmetric "poison" graphs) plus a wall-clock deadline. Going over a
bound raises `CredentialTooLarge` or `CredentialTooComplex`, never a hang.

Statuses of a `Verification`:

* ``valid``: conforms to the data model, inside its validity period, the proof verifies, and the
  issuer and the key it signed with are on the trust list;
* ``untrusted``: as ``valid`` except that the issuer or its key is not on the trust list;
* ``unsigned``: conforms to the data model but carries no proof, so nothing about it is verified;
* ``invalid``: a data-model violation, a bad or malformed proof, a proof whose verification method cannot
  be resolved offline (neither a did:key nor on the trust list), or outside its validity period.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal, cast
from urllib.parse import urlsplit

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

from samskapa.core.errors import Invalid, PayloadTooLarge
from samskapa.core.time import utcnow

__all__ = [
    "BASE_CONTEXT",
    "CRYPTOSUITES",
    "DEFAULT_MAX_BYTES",
    "PINNED_CONTEXTS",
    "ContextNotPinned",
    "CredentialNotConforming",
    "CredentialTooComplex",
    "CredentialTooLarge",
    "CredentialUnreadable",
    "Cryptosuite",
    "Limits",
    "TrustList",
    "TrustedKey",
    "Verification",
    "VerificationStatus",
    "check_data_model",
    "did_key_from_public_key",
    "multibase_from_public_key",
    "parse_document",
    "pinned_document_loader",
    "public_key_from_did_key",
    "public_key_from_multibase",
    "sign_credential",
    "verify_credential",
]

BASE_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
V1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
DEFAULT_MAX_BYTES: Final = 256 * 1024

Cryptosuite = Literal["eddsa-jcs-2022", "eddsa-rdfc-2022"]
CRYPTOSUITES: Final[tuple[Cryptosuite, ...]] = ("eddsa-jcs-2022", "eddsa-rdfc-2022")
VerificationStatus = Literal["valid", "untrusted", "invalid", "unsigned"]

_ED25519_MULTICODEC: Final = b"\xed\x01"
_CONTEXT_DIR: Final = "data/contexts"

# URL -> file in data/contexts (see data/PROVENANCE.md)
PINNED_CONTEXTS: Final[Mapping[str, str]] = {
    BASE_CONTEXT: "credentials-v2.jsonld",
    V1_CONTEXT: "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/2018/credentials/examples/v1": "credentials-examples-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class CredentialTooLarge(PayloadTooLarge):
    """The input is bigger than the size limit."""

    code = "credential_too_large"
    title = "Credential too large"


class CredentialTooComplex(PayloadTooLarge):
    """Canonicalising the credential would take more work than the limits allow."""

    code = "credential_too_complex"
    title = "Credential too complex"


class CredentialUnreadable(Invalid):
    """The input is not a UTF-8 JSON object (or uses JSON features we refuse, like duplicate keys)."""

    code = "credential_unreadable"
    title = "Unreadable credential"


class CredentialNotConforming(Invalid):
    """The document does not conform to the VC 2.0 data model (raised when signing)."""

    code = "credential_not_conforming"
    title = "Credential does not conform"


class ContextNotPinned(Invalid):
    """A JSON-LD context URL that is not pinned in the repository; it is never fetched."""

    code = "context_not_pinned"
    title = "Unknown JSON-LD context"


# --------------------------------------------------------------------------------------------------
# Keys: Multikey (multibase base58btc, multicodec 0xed01) and did:key
# --------------------------------------------------------------------------------------------------


def multibase_from_public_key(public_key: Ed25519PublicKey) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 key: ``z`` + base58btc(0xed01 + 32 bytes)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(_ED25519_MULTICODEC + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 key of a Multikey `publicKeyMultibase` (``z6Mk…``); `Invalid` if it is not one."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise Invalid(
            f"a publicKeyMultibase must be a base58btc multibase string starting with 'z': {value!r}"
        )
    try:
        decoded = base58.b58decode(value[1:].encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise Invalid(f"publicKeyMultibase {value!r} is not valid base58btc") from exc
    if len(decoded) != 34 or not decoded.startswith(_ED25519_MULTICODEC):
        raise Invalid(
            f"publicKeyMultibase {value!r} is not an Ed25519 public key (multicodec 0xed01 + 32 bytes)"
        )
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def did_key_from_public_key(public_key: Ed25519PublicKey) -> str:
    """The ``did:key`` DID of an Ed25519 key."""
    return "did:key:" + multibase_from_public_key(public_key)


def did_key_verification_method(public_key: Ed25519PublicKey) -> str:
    """The verification method id of an Ed25519 ``did:key``: ``did:key:z6Mk…#z6Mk…``."""
    multibase = multibase_from_public_key(public_key)
    return f"did:key:{multibase}#{multibase}"


def public_key_from_did_key(did_or_url: str) -> Ed25519PublicKey:
    """The key of ``did:key:z6Mk…`` or of its verification method ``did:key:z6Mk…#z6Mk…``."""
    if not did_or_url.startswith("did:key:"):
        raise Invalid(f"{did_or_url!r} is not a did:key")
    did, _, fragment = did_or_url.partition("#")
    multibase = did.removeprefix("did:key:")
    if fragment and fragment != multibase:
        raise Invalid(f"the fragment of {did_or_url!r} must repeat the key ({multibase})")
    return public_key_from_multibase(multibase)


def _public_key_fingerprint(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


# --------------------------------------------------------------------------------------------------
# Trust list
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedKey:
    """One key an issuer signs with: its `publicKeyMultibase` and, optionally, its verification method id.

    Without `verification_method` the key is trusted whatever verification method id names it (the
    key itself is the identity, as with did:key); with it, only proofs naming that id are trusted.
    """

    public_key_multibase: str
    verification_method: str | None = None

    def __post_init__(self) -> None:
        public_key_from_multibase(self.public_key_multibase)  # validates

    @property
    def public_key(self) -> Ed25519PublicKey:
        return public_key_from_multibase(self.public_key_multibase)


class TrustList:
    """Issuer id → the Ed25519 keys it is trusted to sign credentials with.

    Built from a mapping (or a JSON file holding one) whose values are lists of entries, each either a
    string (a ``z6Mk…`` publicKeyMultibase or a ``did:key:…`` DID / verification method) or an object
    ``{"id": <verification method id>, "publicKeyMultibase": "z6Mk…"}`` (Multikey shape, id optional)::

        {"did:key:z6MkA…": ["did:key:z6MkA…"],
         "https://issuer.example": [{"id": "https://issuer.example#key-1", "publicKeyMultibase": "z6MkB…"}]}
    """

    def __init__(self, issuers: Mapping[str, Iterable[TrustedKey]] | None = None) -> None:
        self._issuers: dict[str, tuple[TrustedKey, ...]] = {}
        for issuer, keys in (issuers or {}).items():
            self._issuers[issuer] = tuple(keys)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrustList:
        issuers: dict[str, list[TrustedKey]] = {}
        if not isinstance(data, Mapping):
            raise Invalid("a trust list must be a JSON object: issuer id -> list of keys")
        for issuer, entries in data.items():
            if not _is_url(issuer):
                raise Invalid(f"trust list issuer {issuer!r} is not a URL")
            listed = [entries] if isinstance(entries, str | Mapping) else entries
            if not isinstance(listed, list):
                raise Invalid(f"trust list entry for {issuer!r} must be a list of keys")
            issuers[issuer] = [_trusted_key(issuer, entry) for entry in listed]
        return cls(issuers)

    @classmethod
    def from_json_file(cls, path: str | Path) -> TrustList:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Invalid(f"cannot read the trust list {path}: {exc}") from exc
        return cls.from_dict(data)

    def add(
        self, issuer: str, key: Ed25519PublicKey | str, *, verification_method: str | None = None
    ) -> None:
        """Trust `key` (a key object or a ``z6Mk…`` multibase) for `issuer`."""
        multibase = key if isinstance(key, str) else multibase_from_public_key(key)
        entry = TrustedKey(multibase, verification_method)
        self._issuers[issuer] = (*self._issuers.get(issuer, ()), entry)

    @property
    def issuers(self) -> frozenset[str]:
        return frozenset(self._issuers)

    def keys_for(self, issuer: str) -> tuple[TrustedKey, ...]:
        return self._issuers.get(issuer, ())

    def resolve(self, verification_method: str) -> Ed25519PublicKey | None:
        """The key a (non-did:key) verification method id stands for, if some issuer lists it."""
        for keys in self._issuers.values():
            for key in keys:
                if key.verification_method == verification_method:
                    return key.public_key
        return None

    def trusts(self, issuer: str, verification_method: str, public_key: Ed25519PublicKey) -> bool:
        """Whether `issuer` is listed and `public_key` (named `verification_method`) is one of its keys."""
        fingerprint = _public_key_fingerprint(public_key)
        for key in self._issuers.get(issuer, ()):
            if key.verification_method not in (None, verification_method):
                continue
            if _public_key_fingerprint(key.public_key) == fingerprint:
                return True
        return False


def _trusted_key(issuer: str, entry: Any) -> TrustedKey:
    if isinstance(entry, str):
        if entry.startswith("did:key:"):
            key = public_key_from_did_key(entry)
            return TrustedKey(multibase_from_public_key(key), did_key_verification_method(key))
        return TrustedKey(entry)
    if isinstance(entry, Mapping):
        multibase = entry.get("publicKeyMultibase")
        method = entry.get("id")
        if not isinstance(multibase, str):
            raise Invalid(f"trust list key for {issuer!r} needs a publicKeyMultibase")
        if method is not None and not _is_url(method):
            raise Invalid(f"trust list verification method {method!r} is not a URL")
        return TrustedKey(multibase, method)
    raise Invalid(f"trust list key for {issuer!r} must be a string or an object")


# --------------------------------------------------------------------------------------------------
# Parsing: size, UTF-8, strict JSON, depth
# --------------------------------------------------------------------------------------------------

_MAX_DEPTH: Final = 64


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _depth(value: Any, limit: int) -> int:
    """The nesting depth of a JSON value, stopping early past `limit`."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _text(document: bytes | str | Mapping[str, Any], max_bytes: int) -> str:
    """The document as JSON text, its size checked against `max_bytes`."""
    if isinstance(document, Mapping):
        try:
            text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise CredentialUnreadable(f"the credential is not a JSON document: {exc}") from exc
        size = len(text.encode("utf-8"))
    elif isinstance(document, bytes | bytearray | memoryview):
        raw = bytes(document)
        size = len(raw)
        if size > max_bytes:
            raise CredentialTooLarge(_too_large(size, max_bytes))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CredentialUnreadable(
                f"the credential is not UTF-8 text (invalid byte at position {exc.start})"
            ) from exc
    elif isinstance(document, str):
        text = document
        size = len(text.encode("utf-8", errors="surrogatepass"))
    else:
        raise CredentialUnreadable(
            f"a credential must be bytes, text or a JSON object, not {type(document).__name__}"
        )
    if size > max_bytes:
        raise CredentialTooLarge(_too_large(size, max_bytes))
    return text


def parse_document(
    document: bytes | str | Mapping[str, Any], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[str, Any]:
    """The document as a JSON object, or `CredentialTooLarge` / `CredentialUnreadable`.

    Bytes must be UTF-8; duplicate object keys, NaN/Infinity and nesting deeper than 64 are refused.
    """
    text = _text(document, max_bytes)
    try:
        parsed = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise CredentialUnreadable(f"the credential JSON has a {exc}") from exc
    except RecursionError as exc:
        raise CredentialUnreadable("the credential JSON is nested too deeply") from exc
    except ValueError as exc:
        raise CredentialUnreadable(f"the credential is not valid JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise CredentialUnreadable(f"a credential must be a JSON object, not a JSON {type(parsed).__name__}")
    if _depth(parsed, _MAX_DEPTH) > _MAX_DEPTH:
        raise CredentialUnreadable(f"the credential JSON is nested deeper than {_MAX_DEPTH} levels")
    return parsed


def _too_large(size: int, limit: int) -> str:
    return f"the credential is {size} bytes; the limit is {limit} bytes"


# --------------------------------------------------------------------------------------------------
# JSON-LD: pinned contexts, safe-mode expansion, bounded RDF canonicalisation
# --------------------------------------------------------------------------------------------------

_context_documents: dict[str, Any] = {}


class _BoundedCache(dict[Any, Any]):
    """pyld's shared cache of resolved contexts, bounded (oldest entries go first)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        while len(self) > self.maxsize:
            del self[next(iter(self))]


_resolved_contexts: Final = _BoundedCache(maxsize=256)


def pinned_document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The pyld document loader: serves the pinned contexts, raises `ContextNotPinned` for anything else."""
    name = PINNED_CONTEXTS.get(url)
    if name is None:
        raise ContextNotPinned(
            f"JSON-LD context {url!r} is not one of the pinned contexts; contexts are never fetched",
            extra={"url": url},
        )
    if url not in _context_documents:
        text = (
            resources.files("samskapa.vault").joinpath(f"{_CONTEXT_DIR}/{name}").read_text(encoding="utf-8")
        )
        _context_documents[url] = json.loads(text)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_context_documents[url]),
    }


def _jsonld_options() -> dict[str, Any]:
    return {
        "documentLoader": pinned_document_loader,
        "contextResolver": ContextResolver(_resolved_contexts, pinned_document_loader),
        "base": None,
        "processingMode": "json-ld-1.1",
    }


class _JsonLdFailure(Exception):
    """JSON-LD processing failed; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        nxt = getattr(current, "cause", None)
        current = nxt if isinstance(nxt, BaseException) else (current.__cause__ or current.__context__)


def _jsonld_reason(exc: Exception) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ContextNotPinned):
            return cause.message
    if isinstance(exc, KeyError) and exc.args == ("@vocab",):
        return (
            'the JSON-LD context sets "@vocab": null where no vocabulary is defined; it cannot be processed'
        )
    code = getattr(exc, "code", None)
    messages = [str(cause.args[0]) if cause.args else type(cause).__name__ for cause in _causes(exc)]
    detail = messages[-1] if messages else type(exc).__name__
    if code:
        return f"JSON-LD processing failed ({code}): {detail}"
    return f"JSON-LD processing failed: {detail}"


def _is_absolute_iri(value: str) -> bool:
    return bool(_IRI_SCHEME.match(value)) and not _HAS_SPACE.search(value)


def _expand(document: Mapping[str, Any]) -> list[Any]:
    """Safe-mode JSON-LD expansion: raises `_JsonLdFailure` on a dropped term or a relative IRI."""
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    try:
        expanded = processor.expand(copy.deepcopy(dict(document)), _jsonld_options())
    except RecursionError as exc:
        raise _JsonLdFailure("the document is nested too deeply for JSON-LD processing") from exc
    except Exception as exc:  # pyld raises JsonLdError and, on some inputs, plain KeyError/TypeError
        raise _JsonLdFailure(_jsonld_reason(exc)) from exc
    if dropped:
        names = sorted({name or "(an unknown @-keyword)" for name in dropped})
        raise _JsonLdFailure(
            "these properties are not defined by any JSON-LD context and would be dropped: "
            + ", ".join(names)
        )
    relative = sorted(set(_relative_iris(expanded)))
    if relative:
        raise _JsonLdFailure(
            "these identifiers or types are not absolute IRIs (not defined by a context, or not URLs): "
            + ", ".join(repr(value) for value in relative[:10])
        )
    return cast(list[Any], expanded)


def _relative_iris(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@id" and isinstance(value, str):
            if not value.startswith("_:") and not _is_absolute_iri(value):
                yield value
        elif key == "@type":
            for item in [value] if "@value" in node or not isinstance(value, list) else value:
                if isinstance(item, str) and not item.startswith("_:") and not _is_absolute_iri(item):
                    yield item
        elif key == "@value":
            continue
        else:
            if not key.startswith("@") and not _is_absolute_iri(key):
                yield key
            yield from _relative_iris(value)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work of verifying one credential (all have safe defaults)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_quads: int = 2_000
    max_blank_nodes: int = 200
    max_canonicalisation_steps: int = 2_000
    time_limit_seconds: float = 5.0


class _BoundedURDNA2015(URDNA2015):  # type: ignore[misc]  # pyld has no type hints
    """RDFC-1.0 (URDNA2015) with a cap on the recursive "hash N-degree quads" steps and a deadline."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self._steps_left = limits.max_canonicalisation_steps
        self._deadline = time.monotonic() + limits.time_limit_seconds
        self._limits = limits

    def hash_n_degree_quads(self, id_: Any, issuer: Any) -> Any:
        self._steps_left -= 1
        if self._steps_left < 0:
            raise CredentialTooComplex(
                "RDF canonicalisation needs more than "
                f"{self._limits.max_canonicalisation_steps} blank-node disambiguation steps "
                "(a highly symmetric graph); refused"
            )
        if time.monotonic() > self._deadline:
            raise CredentialTooComplex(
                f"RDF canonicalisation took longer than {self._limits.time_limit_seconds} s; refused"
            )
        return super().hash_n_degree_quads(id_, issuer)


def _rdfc(document: Mapping[str, Any], limits: Limits) -> bytes:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, within `limits`."""
    expanded = _expand(document)
    options = _jsonld_options()
    try:
        dataset = jsonld.JsonLdProcessor().to_rdf(expanded, options)
    except Exception as exc:
        raise _JsonLdFailure(_jsonld_reason(exc)) from exc
    quads = sum(len(triples) for triples in dataset.values())
    if quads > limits.max_quads:
        raise CredentialTooComplex(
            f"the credential has {quads} RDF statements; the limit is {limits.max_quads}"
        )
    blank_nodes = {
        component["value"]
        for triples in dataset.values()
        for triple in triples
        for component in triple.values()
        if isinstance(component, dict) and component.get("type") == "blank node"
    }
    blank_nodes.update(name for name in dataset if name.startswith("_:"))
    if len(blank_nodes) > limits.max_blank_nodes:
        raise CredentialTooComplex(
            f"the credential has {len(blank_nodes)} blank nodes; the limit is {limits.max_blank_nodes}"
        )
    canonical = _BoundedURDNA2015(limits).main(dataset, {"format": "application/n-quads"})
    return cast(str, canonical).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# Data model (VC 2.0)
# --------------------------------------------------------------------------------------------------

_IRI_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_HAS_SPACE: Final = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")
_DATE_TIME_STAMP: Final = re.compile(
    r"^(?P<year>-?\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})T(?P<hour>\d{2}):(?P<minute>\d{2}):"
    r"(?P<second>\d{2})(?P<fraction>\.\d+)?(?P<tz>Z|[+-]\d{2}:\d{2})$"
)
_LANGUAGE_VALUE_KEYS: Final = frozenset({"@value", "@language", "@direction"})

UnsecuredCredentials = Literal["self-asserted", "to-be-secured"]


def _is_url(value: Any) -> bool:
    """A URL per the VC data model: an absolute IRI (scheme + something), no spaces; http(s) needs a host."""
    if not isinstance(value, str) or not _is_absolute_iri(value):
        return False
    scheme, _, rest = value.partition(":")
    if not rest:
        return False
    if scheme.lower() in {"http", "https"}:
        try:
            return bool(urlsplit(value).netloc)
        except ValueError:
            return False
    return True


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_date_time_stamp(value: Any) -> datetime | None:
    """An XML Schema `dateTimeStamp` (time zone required) as an aware datetime, or None if it is not one."""
    if not isinstance(value, str):
        return None
    match = _DATE_TIME_STAMP.match(value)
    if match is None:
        return None
    fraction = (match["fraction"] or "")[1:7].ljust(6, "0") if match["fraction"] else "0"
    tz = "+00:00" if match["tz"] == "Z" else match["tz"]
    try:
        moment = datetime.fromisoformat(
            f"{match['year']}-{match['month']}-{match['day']}T{match['hour']}:{match['minute']}:"
            f"{match['second']}.{fraction.ljust(6, '0')}{tz}"
        )
    except ValueError:
        return None
    return moment.astimezone(UTC)


@dataclass
class _Checker:
    issuing: bool
    unsecured_credentials: UnsecuredCredentials
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    # ---- shared rules ------------------------------------------------------------------------------

    def context(self, document: Mapping[str, Any], where: str) -> bool:
        if "@context" not in document:
            self.add(where, f"@context is missing; its first value must be {BASE_CONTEXT}")
            return False
        contexts = _as_list(document["@context"])
        if not contexts:
            self.add(where, f"@context is empty; its first value must be {BASE_CONTEXT}")
            return False
        if contexts[0] != BASE_CONTEXT:
            if contexts[0] == V1_CONTEXT:
                self.add(
                    where,
                    f"this is a Verifiable Credentials 1.1 document (@context {V1_CONTEXT}), not VC 2.0",
                )
            else:
                self.add(where, f"the first @context value must be {BASE_CONTEXT}, not {contexts[0]!r}")
            return False
        ok = True
        for item in contexts[1:]:
            if isinstance(item, str):
                if not _is_url(item):
                    self.add(where, f"@context value {item!r} is not a URL")
                    ok = False
            elif not isinstance(item, dict):
                self.add(where, f"@context values must be URLs or objects, not {json.dumps(item)}")
                ok = False
        return ok

    def types(self, document: Mapping[str, Any], where: str, required: str) -> list[str]:
        if "type" not in document:
            self.add(where, f"type is missing; it must include {required}")
            return []
        types = _as_list(document["type"])
        if not types or not all(isinstance(t, str) and t for t in types):
            self.add(where, "type must be a non-empty string or a list of non-empty strings")
            return [t for t in types if isinstance(t, str)]
        if required not in types:
            self.add(where, f"type must include {required}")
        return cast(list[str], types)

    def identifier(self, document: Mapping[str, Any], where: str) -> None:
        if "id" not in document:
            return
        value = document["id"]
        if isinstance(value, list):
            self.add(where, "id must be a single URL, not a list")
        elif not _is_url(value):
            self.add(where, f"id must be a URL, not {json.dumps(value)}")

    def language_values(self, document: Mapping[str, Any], where: str) -> None:
        for name in ("name", "description"):
            if name not in document:
                continue
            for value in _as_list(document[name]):
                if isinstance(value, str):
                    continue
                if not isinstance(value, dict):
                    self.add(where, f"{name} must be a string or a language value object")
                    continue
                extra = set(value) - _LANGUAGE_VALUE_KEYS
                if extra:
                    self.add(
                        where,
                        f"{name} language value may only have @value, @language and @direction; "
                        f"it also has {', '.join(sorted(extra))}",
                    )
                if not isinstance(value.get("@value"), str):
                    self.add(where, f"{name} language value needs a string @value")

    def typed_items(self, document: Mapping[str, Any], where: str, name: str, *, id_required: bool) -> None:
        if name not in document:
            return
        items = _as_list(document[name])
        if not items:
            self.add(where, f"{name} must not be empty")
        for index, item in enumerate(items):
            at = f"{where}.{name}[{index}]" if isinstance(document[name], list) else f"{where}.{name}"
            at = at.lstrip(".")
            if not isinstance(item, dict):
                self.add(at, "must be an object")
                continue
            if "type" not in item:
                self.add(at, "type is missing")
            else:
                kinds = _as_list(item["type"])
                if not kinds or not all(isinstance(kind, str) and kind for kind in kinds):
                    self.add(
                        at, f"type must be a string or a list of strings, not {json.dumps(item['type'])}"
                    )
            if "id" in item:
                self.identifier(item, at)
            elif id_required:
                self.add(at, "id is missing")

    # ---- credential --------------------------------------------------------------------------------

    def credential(self, document: Mapping[str, Any], where: str = "") -> list[str]:
        self.context(document, where)
        types = self.types(document, where, "VerifiableCredential")
        self.identifier(document, where)
        self.issuer(document, where)
        self.subjects(document, where)
        self.language_values(document, where)
        self.validity(document, where)
        self.typed_items(document, where, "credentialStatus", id_required=False)
        self.typed_items(document, where, "credentialSchema", id_required=True)
        self.typed_items(document, where, "evidence", id_required=False)
        self.typed_items(document, where, "refreshService", id_required=False)
        self.typed_items(document, where, "termsOfUse", id_required=False)
        self.typed_items(document, where, "confidenceMethod", id_required=False)
        self.typed_items(document, where, "renderMethod", id_required=False)
        self.proofs(document, where)
        return types

    def issuer(self, document: Mapping[str, Any], where: str) -> None:
        if "issuer" not in document:
            if not self.issuing:
                self.add(where, "issuer is missing")
            return
        issuer = document["issuer"]
        if isinstance(issuer, dict):
            if "id" in issuer:
                if not _is_url(issuer["id"]):
                    self.add(where, f"issuer id must be a URL, not {json.dumps(issuer['id'])}")
            elif not self.issuing:
                self.add(where, "issuer object must have an id")
            self.language_values(issuer, f"{where}.issuer".lstrip("."))
        elif not _is_url(issuer):
            self.add(where, f"issuer must be a URL or an object with a URL id, not {json.dumps(issuer)}")

    def subjects(self, document: Mapping[str, Any], where: str) -> None:
        if "credentialSubject" not in document:
            self.add(where, "credentialSubject is missing")
            return
        subjects = _as_list(document["credentialSubject"])
        if not subjects:
            self.add(where, "credentialSubject must not be empty")
        for index, subject in enumerate(subjects):
            at = f"{where}.credentialSubject[{index}]".lstrip(".")
            if not isinstance(subject, dict):
                self.add(at, "must be an object (a set of claims)")
            elif not subject:
                self.add(at, "has no claims (an empty object)")
            else:
                self.identifier(subject, at)

    def validity(self, document: Mapping[str, Any], where: str) -> None:
        moments: dict[str, datetime] = {}
        for name in ("validFrom", "validUntil"):
            if name not in document:
                continue
            moment = parse_date_time_stamp(document[name])
            if moment is None:
                self.add(
                    where,
                    f"{name} must be an XML Schema dateTimeStamp with a time zone "
                    f"(e.g. 2024-01-31T12:00:00Z), not {json.dumps(document[name])}",
                )
            else:
                moments[name] = moment
        if len(moments) == 2 and moments["validUntil"] < moments["validFrom"]:
            self.add(where, "validUntil is before validFrom")

    def proofs(self, document: Mapping[str, Any], where: str) -> None:
        if "proof" not in document:
            return
        proofs = _as_list(document["proof"])
        if not proofs:
            self.add(where, "proof must not be empty")
        for index, proof in enumerate(proofs):
            at = (
                f"{where}.proof[{index}]".lstrip(".")
                if isinstance(document["proof"], list)
                else f"{where}.proof"
            )
            at = at.lstrip(".")
            if not isinstance(proof, dict):
                self.add(at, "must be an object")
            elif not isinstance(proof.get("type"), str) or not proof["type"]:
                self.add(at, "type is missing")

    # ---- presentation ------------------------------------------------------------------------------

    def presentation(self, document: Mapping[str, Any]) -> list[str]:
        self.context(document, "")
        types = self.types(document, "", "VerifiablePresentation")
        self.identifier(document, "")
        holder = self.holder(document)
        self.proofs(document, "")
        if "verifiableCredential" not in document:
            return types
        credentials = _as_list(document["verifiableCredential"])
        for index, credential in enumerate(credentials):
            at = f"verifiableCredential[{index}]"
            if not isinstance(credential, dict):
                self.add(
                    at,
                    "must be a verifiable credential object or an enveloped verifiable credential object, "
                    f"not a {type(credential).__name__}",
                )
                continue
            kinds = _as_list(credential.get("type"))
            id_ = credential.get("id")
            if "EnvelopedVerifiableCredential" in kinds or (
                "type" not in credential and isinstance(id_, str) and id_.startswith("data:")
            ):
                self.enveloped(credential, at)
                continue
            self.credential(credential, at)
            if "proof" not in credential and self.unsecured_credentials == "self-asserted":
                self.self_asserted(credential, holder, at)
        return types

    def holder(self, document: Mapping[str, Any]) -> str | None:
        if "holder" not in document:
            return None
        holder = document["holder"]
        if isinstance(holder, dict):
            if not _is_url(holder.get("id")):
                self.add("", "holder object must have an id that is a URL")
                return None
            return cast(str, holder["id"])
        if not _is_url(holder):
            self.add("", f"holder must be a URL or an object with a URL id, not {json.dumps(holder)}")
            return None
        return cast(str, holder)

    def enveloped(self, credential: Mapping[str, Any], where: str) -> None:
        if "@context" not in credential or BASE_CONTEXT not in _as_list(credential["@context"]):
            self.add(where, f"an enveloped verifiable credential needs @context including {BASE_CONTEXT}")
        if "EnvelopedVerifiableCredential" not in _as_list(credential.get("type")):
            self.add(where, "an enveloped verifiable credential must have type EnvelopedVerifiableCredential")
        id_ = credential.get("id")
        if not isinstance(id_, str) or not id_.startswith("data:") or "," not in id_:
            self.add(where, "an enveloped verifiable credential's id must be a data: URL")

    def self_asserted(self, credential: Mapping[str, Any], holder: str | None, where: str) -> None:
        issuer = credential.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if holder is None:
            self.add(
                where,
                "a credential without its own proof is self-asserted (secured only by the presentation); "
                "the presentation must then have a holder",
            )
        elif issuer_id != holder:
            self.add(
                where,
                "a credential without its own proof is self-asserted (secured only by the presentation); "
                f"its issuer ({issuer_id!r}) must be identical to the presentation's holder ({holder!r})",
            )


def check_data_model(
    document: Mapping[str, Any],
    *,
    issuing: bool = False,
    unsecured_credentials: UnsecuredCredentials = "self-asserted",
) -> list[str]:
    """The ways `document` fails the VC Data Model 2.0, as plain sentences; empty when it conforms.

    Handles verifiable credentials and verifiable presentations (with embedded or enveloped credentials).
    The JSON-LD part of the judgement expands the document in safe mode with the pinned contexts: every
    type and property must map to an absolute IRI, protected terms must not be redefined, and an unknown
    context URL is a problem (it is never fetched).

    `issuing=True` judges a credential that is about to be issued (what the W3C test suite sends to an
    issuer): `issuer`, or the `id` of an issuer object, may still be missing, since the issuer fills it in.

    `unsecured_credentials` says how to read a credential inside a presentation that has no proof of its
    own. ``"self-asserted"`` (the default, for verifying): it is secured only by the presentation, so the
    presentation must have a `holder` identical to the credential's `issuer`. ``"to-be-secured"``: the
    credentials are still to be issued and signed before presenting (as the W3C test suite does with its
    presentation inputs), so the holder rule does not apply.
    """
    checker = _Checker(issuing=issuing, unsecured_credentials=unsecured_credentials)
    if not isinstance(document, Mapping):
        return ["a credential or presentation must be a JSON object"]
    kinds = _as_list(document.get("type"))
    if "VerifiableCredential" in kinds:
        checker.credential(document)
    elif "VerifiablePresentation" in kinds:
        checker.presentation(document)
    else:
        checker.context(document, "")
        checker.add(
            "",
            ("type is missing; " if "type" not in document else "")
            + "type must include VerifiableCredential (a credential) "
            + "or VerifiablePresentation (a presentation)",
        )
        return checker.problems
    if not any("@context" in problem for problem in checker.problems):
        try:
            _expand(_without_proofs(document))
        except _JsonLdFailure as failure:
            checker.add("", failure.reason)
    return checker.problems


def _without_proofs(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its proofs (and those of embedded credentials), for the data-model JSON-LD check.

    A proof is judged by its own cryptosuite (eddsa-rdfc-2022 expands its proof configuration in safe
    mode); the data model only asks that it has a type.
    """
    stripped = {key: value for key, value in document.items() if key != "proof"}
    if isinstance(stripped.get("verifiableCredential"), list | dict):
        stripped["verifiableCredential"] = [
            _without_proofs(item) if isinstance(item, dict) else item
            for item in _as_list(stripped["verifiableCredential"])
        ]
    return stripped


# --------------------------------------------------------------------------------------------------
# Data Integrity proofs (eddsa-jcs-2022, eddsa-rdfc-2022)
# --------------------------------------------------------------------------------------------------


def _format_created(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise Invalid("created must be a timezone-aware datetime")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(
    unsecured: Mapping[str, Any], proof_config: Mapping[str, Any], cryptosuite: str, limits: Limits
) -> bytes:
    """SHA-256(canonical proof config) || SHA-256(canonical document), per the cryptosuite."""
    if cryptosuite == "eddsa-jcs-2022":
        try:
            canonical_config = rfc8785.dumps(dict(proof_config))
            canonical_document = rfc8785.dumps(dict(unsecured))
        except (rfc8785.CanonicalizationError, ValueError, TypeError) as exc:
            raise _JsonLdFailure(f"the document cannot be canonicalised with JCS (RFC 8785): {exc}") from exc
    else:
        canonical_config = _rdfc(proof_config, limits)
        canonical_document = _rdfc(unsecured, limits)
    return hashlib.sha256(canonical_config).digest() + hashlib.sha256(canonical_document).digest()


def _proof_config(document: Mapping[str, Any], proof: Mapping[str, Any], cryptosuite: str) -> dict[str, Any]:
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    elif cryptosuite == "eddsa-jcs-2022":
        config.pop("@context", None)
    return config


def sign_credential(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    cryptosuite: Cryptosuite,
    created: datetime,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """A copy of the credential with a `DataIntegrityProof` (assertionMethod) by `private_key`.

    The credential must conform to the data model and must not already carry a proof. With
    eddsa-jcs-2022 the proof carries the document's @context, as the cryptosuite requires.
    """
    if cryptosuite not in CRYPTOSUITES:
        raise Invalid(f"unsupported cryptosuite {cryptosuite!r}; use one of {', '.join(CRYPTOSUITES)}")
    if "proof" in document:
        raise CredentialNotConforming("the credential already has a proof; proof sets are not supported")
    if not _is_url(verification_method):
        raise Invalid(f"the verification method {verification_method!r} is not a URL")
    unsecured = copy.deepcopy(dict(document))
    problems = check_data_model(unsecured)
    if problems:
        raise CredentialNotConforming(
            "the credential does not conform to the VC 2.0 data model: " + "; ".join(problems),
            extra={"problems": problems},
        )
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": _format_created(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    if cryptosuite == "eddsa-jcs-2022" and "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    try:
        hash_data = _hash_data(
            unsecured, _proof_config(unsecured, proof, cryptosuite), cryptosuite, limits or Limits()
        )
    except _JsonLdFailure as failure:
        raise CredentialNotConforming(failure.reason) from failure
    signature = private_key.sign(hash_data)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    secured = unsecured
    secured["proof"] = proof
    return secured


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify_credential`."""

    status: VerificationStatus
    reasons: list[str]
    issuer: str | None = None
    cryptosuite: str | None = None
    types: list[str] = field(default_factory=list)
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    verification_method: str | None = None
    document: dict[str, Any] | None = None

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


class _ProofProblem(Exception):
    """The proof is malformed or does not verify; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _ProofCheck:
    cryptosuite: str | None = None
    verification_method: str | None = None
    trusted: bool = False
    reasons: list[str] = field(default_factory=list)


def _single_proof(document: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The credential's one DataIntegrityProof, its shape checked (not its signature)."""
    proofs = _as_list(document.get("proof"))
    if len(proofs) != 1:
        raise _ProofProblem("exactly one proof is supported; proof sets and chains are not")
    proof = proofs[0]
    if not isinstance(proof, dict):
        raise _ProofProblem("proof must be an object")
    if proof.get("type") != "DataIntegrityProof":
        raise _ProofProblem(f"proof type must be DataIntegrityProof, not {json.dumps(proof.get('type'))}")
    if proof.get("cryptosuite") not in CRYPTOSUITES:
        raise _ProofProblem(
            f"proof cryptosuite {json.dumps(proof.get('cryptosuite'))} is not supported "
            f"(use {' or '.join(CRYPTOSUITES)})"
        )
    if proof.get("proofPurpose") != "assertionMethod":
        raise _ProofProblem(
            "proof purpose must be assertionMethod for a credential, "
            f"not {json.dumps(proof.get('proofPurpose'))}"
        )
    if "created" in proof and parse_date_time_stamp(proof["created"]) is None:
        raise _ProofProblem(f"proof created is not a dateTimeStamp: {json.dumps(proof['created'])}")
    if "expires" in proof:
        expires = parse_date_time_stamp(proof["expires"])
        if expires is None:
            raise _ProofProblem(f"proof expires is not a dateTimeStamp: {json.dumps(proof['expires'])}")
        if expires < now:
            raise _ProofProblem(f"the proof expired at {proof['expires']}")
    if "@context" in proof and proof["@context"] != document.get("@context"):
        raise _ProofProblem("the proof's @context differs from the credential's @context")
    if not _is_url(proof.get("verificationMethod")):
        raise _ProofProblem(
            f"proof verificationMethod must be a URL, not {json.dumps(proof.get('verificationMethod'))}"
        )
    return proof


def _signature(proof: Mapping[str, Any]) -> bytes:
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise _ProofProblem("proofValue must be a multibase base58btc string starting with 'z'")
    try:
        signature = base58.b58decode(proof_value[1:].encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise _ProofProblem("proofValue is not valid base58btc") from exc
    if len(signature) != 64:
        raise _ProofProblem(f"proofValue decodes to {len(signature)} bytes; an Ed25519 signature has 64")
    return signature


def _verification_key(method: str, trust: TrustList) -> Ed25519PublicKey:
    if method.startswith("did:key:"):
        if "#" not in method:
            raise _ProofProblem("a did:key verification method must be did:key:<key>#<key>")
        try:
            return public_key_from_did_key(method)
        except Invalid as exc:
            raise _ProofProblem(f"proof verificationMethod: {exc.message}") from exc
    resolved = trust.resolve(method)
    if resolved is None:
        raise _ProofProblem(
            f"the verification method {method} is neither a did:key nor on the trust list; "
            "it cannot be resolved offline, so the signature cannot be checked"
        )
    return resolved


def _check_proof(
    document: dict[str, Any], issuer: str | None, trust: TrustList, now: datetime, limits: Limits
) -> _ProofCheck:
    """Verify the proof (raises `_ProofProblem` when it is malformed or does not verify), then judge trust."""
    proof = _single_proof(document, now)
    cryptosuite = cast(str, proof["cryptosuite"])
    method = cast(str, proof["verificationMethod"])
    result = _ProofCheck(cryptosuite=cryptosuite, verification_method=method)
    signature = _signature(proof)
    public_key = _verification_key(method, trust)
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    try:
        hash_data = _hash_data(unsecured, _proof_config(unsecured, proof, cryptosuite), cryptosuite, limits)
    except _JsonLdFailure as failure:
        raise _ProofProblem(failure.reason) from failure
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature as exc:
        raise _ProofProblem(
            f"the {cryptosuite} signature does not verify: "
            f"the credential was altered or was not signed by {method}"
        ) from exc
    if issuer is None:
        result.reasons.append("the credential has no issuer to trust")
    elif issuer not in trust.issuers:
        result.reasons.append(f"the signature is valid but the issuer {issuer} is not on the trust list")
    elif not trust.trusts(issuer, method, public_key):
        result.reasons.append(
            f"the signature is valid but the key {method} is not one of the trusted keys of issuer {issuer}"
        )
    else:
        result.trusted = True
    return result


def verify_credential(
    document: bytes | str | Mapping[str, Any],
    *,
    trust: TrustList,
    now: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: Limits | None = None,
) -> Verification:
    """Verify a VC 2.0 credential: data model, validity period, Data Integrity proof, trust.

    Raises `CredentialTooLarge` (over `max_bytes`), `CredentialUnreadable` (not a UTF-8 JSON object) and
    `CredentialTooComplex` (RDF canonicalisation over its limits); everything else is a `Verification`
    whose `reasons` say, in plain English, what is wrong. See the module docstring for the statuses.
    """
    limits = limits or Limits(max_bytes=max_bytes)
    parsed = parse_document(document, max_bytes=max_bytes)
    moment = now or utcnow()
    if moment.tzinfo is None:
        raise Invalid("now must be a timezone-aware datetime")
    types = [t for t in _as_list(parsed.get("type")) if isinstance(t, str)]
    issuer = _issuer_id(parsed)
    valid_from = parse_date_time_stamp(parsed.get("validFrom"))
    valid_until = parse_date_time_stamp(parsed.get("validUntil"))
    check = _ProofCheck()

    def outcome(status: VerificationStatus, reasons: list[str]) -> Verification:
        return Verification(
            status=status,
            reasons=reasons,
            issuer=issuer,
            cryptosuite=check.cryptosuite,
            types=types,
            valid_from=valid_from,
            valid_until=valid_until,
            verification_method=check.verification_method,
            document=parsed,
        )

    if "VerifiableCredential" not in types:
        what = "a verifiable presentation" if "VerifiablePresentation" in types else "not a credential"
        return outcome("invalid", [f"this is {what}: type must include VerifiableCredential"])
    problems = check_data_model(parsed)
    if problems:
        return outcome("invalid", problems)
    period: list[str] = []
    if valid_from is not None and moment < valid_from:
        period.append(f"the credential is not valid yet (validFrom {parsed['validFrom']})")
    if valid_until is not None and moment > valid_until:
        period.append(f"the credential has expired (validUntil {parsed['validUntil']})")
    if "proof" not in parsed:
        unsigned = "the credential has no proof, so neither its origin nor its content is verified"
        return outcome("invalid", period) if period else outcome("unsigned", [unsigned])
    try:
        check = _check_proof(parsed, issuer, trust, moment, limits)
    except _ProofProblem as problem:
        period.append(problem.reason)
    if period:
        return outcome("invalid", period + check.reasons)
    return outcome("valid" if check.trusted else "untrusted", check.reasons)
