"""Swedish and English page text of citizen sign-up and OpenID Connect sign-in."""

from __future__ import annotations

from samskapa.web.i18n_types import Language

MESSAGES: dict[str, dict[Language, str]] = {}
