"""Catalogue API tests run against an app whose database is the test's own rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.config import Settings
from samskapa.main import create_app
from tests.catalogue.factories import organisation


@dataclass
class Keys:
    editor: str
    read_only: str
    revoked: str
    other_org: str
    slow: str
    org_name: str


@pytest.fixture
def api(session: Session, settings: Settings) -> Iterator[TestClient]:
    """The app with its sessions bound to this test's transaction (savepoints instead of commits)."""
    app = create_app(settings)

    def request_session() -> Session:
        # What the test made so far is kept (its savepoint released) so that a request that fails and rolls
        # back undoes only its own work; the outer transaction still rolls everything back at the end.
        session.commit()
        return session

    app.state.session_factory = request_session
    with TestClient(app) as client:
        yield client


@pytest.fixture
def keys(session: Session) -> Keys:
    mine, theirs = organisation(session), organisation(session)

    def key(org: Organisation, scopes: list[str], rpm: int = 600) -> str:
        return accounts.create_api_key(
            session,
            organisation=org,
            client_name="t",
            scopes=scopes,
            requests_per_minute=rpm,
        )[1]

    revoked_row, revoked = accounts.create_api_key(
        session, organisation=mine, client_name="t", scopes=["catalogue:write"]
    )
    accounts.revoke_api_key(session, key_id=revoked_row.id)
    return Keys(
        editor=key(mine, ["catalogue:write"]),
        read_only=key(mine, []),
        revoked=revoked,
        other_org=key(theirs, ["catalogue:write"]),
        slow=key(mine, ["catalogue:write"], rpm=2),
        org_name=mine.name,
    )
