"""The vault's pages: my profile, credentials, authorisations, who read my data, export and erase."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
