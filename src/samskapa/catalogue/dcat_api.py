"""Placeholder router, filled in by the work on this module."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
