"""The full bundled taxonomy: counts equal the sources', reloads change nothing, mappings reach ESCO."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.config import BUNDLED_TAXONOMY_SOURCES
from samskapa.taxonomy import service
from samskapa.taxonomy.loader import load_taxonomy
from samskapa.taxonomy.models import Concept, Relation, TaxonomyVersion


def _count(session: Session, *, type_: str, scheme: str) -> int:
    query = (
        select(func.count())
        .select_from(Concept)
        .where(Concept.type == type_, Concept.scheme == scheme, Concept.status == "active")
    )
    return session.scalar(query) or 0


def test_counts_equal_the_sources(session: Session) -> None:
    assert _count(session, type_="occupation", scheme="esco") == 3007
    assert _count(session, type_="skill", scheme="esco") == 13896
    assert _count(session, type_="occupation-name", scheme="jobtech") == 2412
    assert _count(session, type_="skill", scheme="jobtech") == 6657
    assert _count(session, type_="municipality", scheme="scb-kommun") == 290
    assert _count(session, type_="region", scheme="scb-lan") == 21
    assert _count(session, type_="ssyk-group", scheme="ssyk-2012") == 603
    occupation_skill = (
        select(func.count())
        .select_from(Relation)
        .join(Concept, Concept.id == Relation.source_id)
        .where(Concept.type == "occupation", Relation.kind.in_(["essential_skill", "optional_skill"]))
    )
    assert session.scalar(occupation_skill) == 123855
    substitutes = select(func.count()).select_from(Relation).where(Relation.kind == "substitutes")
    assert session.scalar(substitutes) == 8324


def test_reloading_the_same_sources_changes_nothing(session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(TaxonomyVersion))
    report = load_taxonomy(session, source_dir=BUNDLED_TAXONOMY_SOURCES)
    assert report.version is None
    assert report.created == report.updated == report.deprecated == 0
    assert session.scalar(select(func.count()).select_from(TaxonomyVersion)) == before == 1


def test_swedish_occupation_name_reaches_esco_skills(session: Session) -> None:
    name = session.scalars(
        select(Concept).where(Concept.pref_label_sv == "Systemutvecklare/Programmerare")
    ).one()
    result = service.skills_of(session, key=name.id, lang="en", limit=500)
    via = [ref.id for ref in result.via]
    assert via[0] == "ssyk:2512"
    assert "isco:2512" in via
    occupations = {ref.label for ref in result.occupations}
    assert {"software developer", "web developer"} <= occupations
    skills = {item.label for item in result.essential + result.optional}
    assert {"computer programming", "Python (computer programming)"} <= skills
    assert all(item.type == "skill" and item.scheme == "esco" for item in result.essential + result.optional)
    shares = [item.share for item in result.essential]
    assert shares == sorted(shares, reverse=True)


def test_ssyk_and_isco_groups_resolve_to_the_same_esco_occupations(session: Session) -> None:
    isco = service.skills_of(session, key="isco:2221", lang="en", limit=10)
    assert isco.occupations, "ISCO 2221 has ESCO nursing occupations under it"
    assert all(ref.type == "occupation" for ref in isco.occupations)
    esco_nurse = next(ref for ref in isco.occupations if ref.label == "specialist nurse")
    direct = service.skills_of(session, key=esco_nurse.id, lang="en", limit=1000)
    assert direct.occupations == [esco_nurse]
    assert all(item.share == 1.0 for item in direct.essential + direct.optional)
