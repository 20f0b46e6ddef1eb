"""The public contract of the catalogue API (DCAT-AP 3.0.1 / DCAT-AP-SE fields), separate from the tables."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, HttpUrl


class DistributionIn(BaseModel):
    title_sv: str = Field(min_length=1, max_length=500, description="Title in Swedish (dct:title).")
    title_en: str = Field(min_length=1, max_length=500, description="Title in English.")
    description_sv: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000)
    access_url: HttpUrl = Field(description="Where the data can be reached (dcat:accessURL).")
    download_url: HttpUrl | None = Field(default=None, description="A direct download (dcat:downloadURL).")
    format: str = Field(description="EU file type code, e.g. CSV, JSON, RDF_TURTLE (dct:format).")
    media_type: str | None = Field(
        default=None, description="IANA media type (dcat:mediaType); from the format when left out."
    )
    licence: str = Field(
        description="Licence URI (dct:license), e.g. http://creativecommons.org/licenses/by/4.0/."
    )
    byte_size: int | None = Field(default=None, ge=0, description="Size in bytes (dcat:byteSize).")
    checksum_sha256: str | None = Field(
        default=None, pattern="^[0-9a-f]{64}$", description="SHA-256 (spdx:checksum)."
    )


class DatasetIn(BaseModel):
    name: str | None = Field(
        default=None,
        pattern="^[a-z0-9][a-z0-9_-]{1,99}$",
        description="URL name; made from the English title when left out.",
    )
    title_sv: str = Field(min_length=1, max_length=500)
    title_en: str = Field(min_length=1, max_length=500)
    description_sv: str = Field(min_length=1, max_length=20000)
    description_en: str = Field(min_length=1, max_length=20000)
    keywords_sv: list[str] = Field(default_factory=list, description="Keywords in Swedish (dcat:keyword).")
    keywords_en: list[str] = Field(default_factory=list, description="Keywords in English.")
    themes: list[str] = Field(
        default_factory=list, description="EU data themes, e.g. EDUC, ECON (dcat:theme)."
    )
    concepts: list[str] = Field(default_factory=list, description="Taxonomy concept ids the data covers.")
    spatial: list[str] = Field(
        default_factory=list,
        description="Regions covered: taxonomy ids such as lan:01 or kommun:0180 (dct:spatial).",
    )
    temporal_start: date | None = Field(
        default=None, description="Start of the period covered (dct:temporal)."
    )
    temporal_end: date | None = None
    frequency: str | None = Field(default=None, description="EU frequency code, e.g. DAILY, ANNUAL.")
    access_rights: str = Field(default="PUBLIC", description="PUBLIC, RESTRICTED or NON_PUBLIC.")
    contact_name: str = Field(min_length=1, max_length=300, description="Contact point (dcat:contactPoint).")
    contact_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    landing_page: HttpUrl | None = None
    conforms_to: list[HttpUrl] = Field(default_factory=list, description="Standards the data follows.")
    issued: datetime | None = Field(default=None, description="First publication; now when left out.")
    distributions: list[DistributionIn] = Field(default_factory=list)


class DistributionOut(BaseModel):
    id: str
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    access_url: str
    download_url: str | None
    format: str
    media_type: str | None
    licence: str
    byte_size: int | None
    checksum_sha256: str | None
    modified: datetime


class OrganisationRef(BaseModel):
    id: str
    name: str
    title_sv: str
    title_en: str
    type: str


class DatasetOut(BaseModel):
    id: str = Field(description="UUID, also the dct:identifier.")
    name: str
    uri: str = Field(description="The dataset's IRI in the DCAT-AP catalogue.")
    state: str = Field(description="active or withdrawn.")
    publisher: OrganisationRef
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    keywords_sv: list[str]
    keywords_en: list[str]
    themes: list[str]
    concepts: list[str]
    spatial: list[str]
    temporal_start: date | None
    temporal_end: date | None
    frequency: str | None
    access_rights: str
    contact_name: str
    contact_email: str
    landing_page: str | None
    conforms_to: list[str]
    issued: datetime
    modified: datetime
    distributions: list[DistributionOut]
    usage: dict[str, int] = Field(description="Downloads and API calls counted so far.")


class FacetValue(BaseModel):
    value: str
    count: int


class DatasetPage(BaseModel):
    count: int = Field(description="How many datasets match.")
    items: list[DatasetOut]
    facets: dict[str, list[FacetValue]]
    next: str | None = None
    next_url: str | None = None


class DataServiceIn(BaseModel):
    name: str = Field(pattern="^[a-z0-9][a-z0-9_-]{1,99}$")
    title_sv: str = Field(min_length=1, max_length=500)
    title_en: str = Field(min_length=1, max_length=500)
    description_sv: str = ""
    description_en: str = ""
    endpoint_url: HttpUrl
    endpoint_description: HttpUrl | None = Field(default=None, description="The OpenAPI description.")
    licence: str | None = None
    access_rights: str = "PUBLIC"
    serves: list[str] = Field(default_factory=list, description="Ids or names of the datasets it serves.")


class DataServiceOut(BaseModel):
    id: str
    name: str
    uri: str
    state: str = Field(description="active or withdrawn.")
    publisher: OrganisationRef
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    endpoint_url: str
    endpoint_description: str | None
    licence: str | None
    access_rights: str
    serves: list[str]
    modified: datetime
