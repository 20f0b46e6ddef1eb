"""The public contract of accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from pydantic import BaseModel, Field

# The header that JSON clients signed in with the session cookie send the session's CSRF token in.
CSRF_HEADER: Final = "X-CSRF-Token"


class OrganisationOut(BaseModel):
    id: str
    name: str = Field(description="URL name, unique.")
    type: str = Field(description="agency, municipality, school, ngo or company.")
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    homepage: str | None
    is_demo: bool = Field(description="Demo organisations are examples, not real publishers.")
    created_at: datetime


class WhoAmI(BaseModel):
    client_id: str
    organisation: str
    scopes: list[str]
    requests_per_minute: int
