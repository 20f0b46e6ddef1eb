"""Fixtures of the enrichment tests: the dictionary of the fully loaded test taxonomy."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from samskapa.enrichment.dictionary import Dictionary
from samskapa.enrichment.snapshot import dictionary_for


@pytest.fixture
def dictionary(session: Session) -> Dictionary:
    """The dictionary of the loaded taxonomy (built once per process, like in the app)."""
    return dictionary_for(session)
