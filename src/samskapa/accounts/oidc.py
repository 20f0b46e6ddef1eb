"""OpenID Connect sign-in with eID providers (filled in by the sign-in work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
