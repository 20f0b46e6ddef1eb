"""The trust list of credential issuers the vault checks imported credentials against.

`Settings.vault_trust_list` names a JSON file (issuer id -> keys, the shape `credentials.TrustList` reads);
empty means the bundled `data/trust-list.json`. The bundled list is deliberately empty: no issuer is trusted
until the operator names it, so imported credentials are kept as "untrusted" (signed, but by an issuer
nobody vouched for) rather than "valid".
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from samskapa.config import Settings
from samskapa.vault.credentials import TrustList

BUNDLED_TRUST_LIST: Final = Path(__file__).parent / "data" / "trust-list.json"


def trust_list_path(settings: Settings) -> Path:
    """The trust list file the settings name (the bundled one when the setting is empty)."""
    configured = settings.vault_trust_list.strip()
    return Path(configured) if configured else BUNDLED_TRUST_LIST


def load_trust_list(settings: Settings) -> TrustList:
    """Read the trust list; a missing or malformed file is an `Invalid` error naming it."""
    return TrustList.from_json_file(trust_list_path(settings))
