"""JSON API of accounts (/v1): organisations, and who a key belongs to."""

from __future__ import annotations

from fastapi import APIRouter

from samskapa.accounts import service
from samskapa.accounts.schemas import OrganisationOut, WhoAmI
from samskapa.web.deps import CurrentClient, DbSession
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1", tags=["organisations"], route_class=StrictQueryRoute)


@router.get("/organisations", response_model=list[OrganisationOut], summary="Every organisation")
def list_organisations(session: DbSession) -> list[OrganisationOut]:
    return [
        OrganisationOut.model_validate(o, from_attributes=True) for o in service.list_organisations(session)
    ]


@router.get("/organisations/{key}", response_model=OrganisationOut, summary="One organisation by id or name")
def get_organisation(key: str, session: DbSession) -> OrganisationOut:
    return OrganisationOut.model_validate(service.get_organisation(session, key=key), from_attributes=True)


@router.get("/client", response_model=WhoAmI, summary="The API client behind the key sent")
def who_am_i(principal: CurrentClient) -> WhoAmI:
    return WhoAmI(
        client_id=principal.client_id,
        organisation=principal.organisation_name,
        scopes=sorted(principal.scopes),
        requests_per_minute=principal.requests_per_minute,
    )
