"""Platform-level endpoints: health and API information."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from samskapa import __version__
from samskapa.web.deps import DbSession, SettingsDep
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(route_class=StrictQueryRoute, tags=["platform"])


class ApiInfo(BaseModel):
    name: str = Field(description="Name of the platform.")
    version: str = Field(description="Software version.")
    docs: str = Field(description="Link to the interactive API documentation.")
    openapi: str = Field(description="Link to the OpenAPI 3.1 description.")


class Health(BaseModel):
    status: str = Field(description="ok when the server answers and the database is reachable.")
    database: str = Field(description="The database in use: sqlite or postgresql.")
    environment: str = Field(description="development, test or production.")


@router.get("/v1/api-info", response_model=ApiInfo, summary="Name, version and documentation links")
def api_info(settings: SettingsDep) -> ApiInfo:
    return ApiInfo(
        name="Samskapa",
        version=__version__,
        docs=f"{settings.base_url}/docs",
        openapi=f"{settings.base_url}/openapi.json",
    )


@router.get("/healthz", response_model=Health, summary="Liveness and database check")
def health(session: DbSession, settings: SettingsDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", database=session.get_bind().dialect.name, environment=settings.environment)
