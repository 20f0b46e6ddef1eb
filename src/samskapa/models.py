"""Every area's tables, imported in one place so that Alembic and tests see the whole metadata."""

from __future__ import annotations


def import_all_models() -> None:
    """Import each area's models module (registers its tables on Base.metadata)."""
    import samskapa.accounts.models
    import samskapa.accounts.oauth.models
    import samskapa.arena.models
    import samskapa.catalogue.models
    import samskapa.core.collection
    import samskapa.education.models
    import samskapa.enrichment.models
    import samskapa.job_ads.models
    import samskapa.taxonomy.models
    import samskapa.vault.models  # noqa: F401
