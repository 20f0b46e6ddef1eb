"""The citizen's own API (/v1/me/...) and the services' API (/v1/people/{pairwise id}/...)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
