"""OAuth 2.1 authorization server routes (filled in by the OAuth work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
