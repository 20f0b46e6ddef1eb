"""Dependencies shared by every router: settings, a database session per request, the API language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.web.i18n import Language


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: commit on success, roll back on error."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with session_scope(factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbSession = Annotated[Session, Depends(get_session)]
ApiLang = Annotated[
    Language, Query(description="Language of the labels shown (sv or en); the other one is the fallback.")
]
