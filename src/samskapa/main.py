"""create_app(settings) -> FastAPI: mounts every area's API and pages, error handlers and the lifespan."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from samskapa import __version__
from samskapa.accounts import api as accounts_api
from samskapa.accounts import oidc as accounts_oidc
from samskapa.accounts import pages as accounts_pages
from samskapa.accounts.oauth import api as oauth_api
from samskapa.accounts.ratelimit import InProcessRateLimiter
from samskapa.arena import api as arena_api
from samskapa.arena import pages as arena_pages
from samskapa.catalogue import api as catalogue_api
from samskapa.catalogue import ckan as catalogue_ckan
from samskapa.catalogue import dcat_api as catalogue_dcat
from samskapa.catalogue import editor as catalogue_editor
from samskapa.catalogue import pages as catalogue_pages
from samskapa.config import Settings
from samskapa.core import memory
from samskapa.core.db import create_db_engine, create_session_factory, session_scope
from samskapa.education import api as education_api
from samskapa.education import pages as education_pages
from samskapa.enrichment import api as enrichment_api
from samskapa.enrichment import pages as enrichment_pages
from samskapa.enrichment import service as enrichment_service
from samskapa.indexes import close_indexes, open_indexes
from samskapa.job_ads import api as job_ads_api
from samskapa.job_ads import pages as job_ads_pages
from samskapa.keys import load_keys
from samskapa.models import import_all_models
from samskapa.taxonomy import api as taxonomy_api
from samskapa.taxonomy import pages as taxonomy_pages
from samskapa.taxonomy import service as taxonomy_service
from samskapa.taxonomy.suggest import SuggestIndex, SuggestIndexHolder
from samskapa.vault import api as vault_api
from samskapa.vault import pages as vault_pages
from samskapa.web import meta
from samskapa.web.cache import ResponseCache, VersionWatch
from samskapa.web.docs import install_docs
from samskapa.web.problems import install_error_handlers

logger = logging.getLogger("samskapa")

API_DESCRIPTION = """
Samskapa's open API: one common language of occupations, skills, education and regions (ESCO, the JobTech
taxonomy, SSYK 2012, ISCO-08, SUN 2020, SNI 2007, NUTS, Swedish municipalities).

Errors are RFC 9457 `application/problem+json` with a stable `code` and a `hint`. Lists use opaque cursors
(`next`). Unknown parameters and unknown ids are errors, never silent empty answers.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for `settings` (read from the environment when not given)."""
    settings = settings or Settings()
    import_all_models()
    engine = create_db_engine(
        settings.resolved_database_url(), sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    session_factory = create_session_factory(engine)

    def build_index() -> SuggestIndex:
        with session_scope(session_factory) as session:
            return taxonomy_service.build_suggest_index(session)

    def latest_version() -> int | None:
        with session_scope(session_factory) as session:
            return taxonomy_service.current_version(session)

    taxonomy_version = VersionWatch(latest_version, recheck_seconds=settings.version_recheck_seconds)
    suggest_index = SuggestIndexHolder(build=build_index, current_version=taxonomy_version.get)
    search_indexes = open_indexes(settings.resolved_search_dir(), create_session_factory(engine))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Warm the autocomplete index in the background so that start-up stays fast.
        if settings.suggest_warmup:
            threading.Thread(
                target=_warm,
                args=(suggest_index, session_factory, settings.automata_dir()),
                name="warm-up",
                daemon=True,
            ).start()
        if settings.search_sync_seconds > 0:
            for index in search_indexes.values():
                index.keeper.start(settings.search_sync_seconds)
        yield
        close_indexes(search_indexes)
        engine.dispose()

    app = FastAPI(
        title="Samskapa API",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.write_session_factory = create_session_factory(engine, writes=True)
    app.state.suggest_index = suggest_index
    app.state.search_indexes = search_indexes
    app.state.taxonomy_version = taxonomy_version
    app.state.concept_cache = ResponseCache(max_entries=settings.concept_cache_entries)
    app.state.rate_limiter = InProcessRateLimiter()
    app.state.keys = load_keys(settings)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link"],
    )
    install_error_handlers(app)
    install_docs(app)
    _include_routers(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "web" / "static"), name="static")
    return app


def _include_routers(app: FastAPI) -> None:
    """Mount every area's API and pages; the order matters where paths overlap."""
    app.include_router(meta.router)
    app.include_router(taxonomy_api.router)
    app.include_router(accounts_api.router)
    app.include_router(catalogue_api.router)
    app.include_router(job_ads_api.router)
    app.include_router(education_api.router)
    app.include_router(enrichment_api.router)
    app.include_router(oauth_api.router)
    app.include_router(vault_api.router)
    app.include_router(arena_api.router)
    app.include_router(catalogue_ckan.router)
    app.include_router(catalogue_dcat.router)
    app.include_router(catalogue_editor.router)  # before the pages, so that /datasets/new is not a dataset
    # The dataset and organisation pages show "Edit" / "Publish" links to the people who may use them.
    app.include_router(catalogue_pages.router)
    app.include_router(job_ads_pages.router)
    app.include_router(enrichment_pages.router)
    app.include_router(education_pages.router)
    app.include_router(accounts_pages.router)
    app.include_router(accounts_oidc.router)
    app.include_router(vault_pages.router)
    app.include_router(arena_pages.router)
    app.include_router(taxonomy_pages.router)


def _warm(holder: SuggestIndexHolder, session_factory: sessionmaker[Session], automata: Path) -> None:
    try:
        holder.get()
    except Exception:  # the index is built again on first use; a failed warm-up must not stop the server
        logger.exception("Warming the suggest index failed")
    try:
        with session_factory() as session:  # reads only: nothing to commit
            enrichment_service.warm_up(session, automata)
    except Exception:  # likewise: the dictionary is read again on first use
        logger.exception("Warming the enrichment dictionary failed")
    memory.settle()  # what was read lives as long as the worker: out of the collector's full passes
