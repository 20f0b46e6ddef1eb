"""The synthetic job-ad generator: ads in our schema, real concepts, weighted places, deterministic."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from samskapa.core.errors import Invalid
from samskapa.job_ads import vocabularies
from samskapa.job_ads.schemas import AdIn
from samskapa.job_ads.synthetic import EN_TEXTS, SV_TEXTS, GenerationModel, build_model, generate_ads
from samskapa.taxonomy.models import Concept, Relation
from samskapa.taxonomy.service import unknown_concept_ids

START = date(2026, 11, 30)
KEYS = {
    "external_id", "headline", "description", "lang", "employer", "occupation", "ssyk", "municipality",
    "region", "employment_type", "working_hours", "remote", "skills", "nice_to_have_skills", "published_at",
    "expires_at", "vacancies", "salary", "url", "synthetic", "removed",
}  # fmt: skip


@pytest.fixture(scope="module")
def model(loaded_engine: Engine) -> GenerationModel:
    with Session(loaded_engine) as db_session:
        return build_model(db_session)


@pytest.fixture(scope="module")
def ads(model: GenerationModel) -> list[dict[str, Any]]:
    return list(generate_ads(model, count=3000, lang="both", seed=11, start=START))


def _relations(session: Session, sources: set[str], kinds: tuple[str, ...]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(Relation.source_id, Relation.target_id).where(
            Relation.source_id.in_(sorted(sources)), Relation.kind.in_(kinds)
        )
    )
    for source, target in rows:
        out[source].add(target)
    return out


def test_vocabularies_resolve_ids_labels_and_jobtech_aliases() -> None:
    resolve = vocabularies.resolve_employment_type
    assert resolve("employment-type:regular") == "employment-type:regular"
    assert resolve("vanlig ANSTÄLLNING") == "employment-type:regular"
    assert resolve("PFZr_Syz_cUq") == "employment-type:regular"
    assert resolve("Regular employment") == "employment-type:regular"
    assert resolve("Vikariat") == "employment-type:temporary"
    assert resolve("Sommarjobb / feriejobb") == "employment-type:summer"
    assert resolve("Fixed-term") == "employment-type:fixed-term"
    assert resolve("heltidsjobb") is None
    assert resolve("") is None
    assert vocabularies.resolve_working_hours("Heltid") == "full-time"
    assert vocabularies.resolve_working_hours("947z_JGS_Uk2") == "part-time"
    assert vocabularies.resolve_working_hours("part-time") == "part-time"
    assert vocabularies.resolve_working_hours("Övertid") is None
    assert vocabularies.employment_type_names("sv")["employment-type:on-demand"] == "Behovsanställning"
    assert vocabularies.working_hours_names("en") == {"full-time": "Full-time", "part-time": "Part-time"}
    assert len(list(vocabularies.EMPLOYMENT_TYPES)) == 6
    assert "full-time" in vocabularies.WORKING_HOURS


def test_ads_follow_the_schema_and_are_marked_synthetic(ads: list[dict[str, Any]]) -> None:
    assert len(ads) == 3000
    assert [ad["external_id"] for ad in ads[:3]] == ["SYN-11-1", "SYN-11-2", "SYN-11-3"]
    assert len({ad["external_id"] for ad in ads}) == len(ads)
    for ad in ads[:500]:
        assert set(ad) == KEYS
        AdIn.model_validate(ad)
    assert all(ad["synthetic"] is True and ad["removed"] is False for ad in ads)
    assert all(ad["description"].endswith((SV_TEXTS.synthetic, EN_TEXTS.synthetic)) for ad in ads)


def test_generation_is_deterministic_for_a_seed(model: GenerationModel) -> None:
    first = list(generate_ads(model, count=200, lang="both", seed=5, start=START))
    again = list(generate_ads(model, count=200, lang="both", seed=5, start=START))
    other = list(generate_ads(model, count=200, lang="both", seed=6, start=START))
    assert first == again
    assert [ad["description"] for ad in first] != [ad["description"] for ad in other]
    assert len(list(generate_ads(model, count=0, seed=1, start=START))) == 0


def test_language_choice(model: GenerationModel, ads: list[dict[str, Any]]) -> None:
    share = sum(ad["lang"] == "sv" for ad in ads) / len(ads)
    assert 0.55 < share < 0.65
    assert {ad["lang"] for ad in generate_ads(model, count=100, lang="sv", seed=1, start=START)} == {"sv"}
    assert {ad["lang"] for ad in generate_ads(model, count=100, lang="en", seed=1, start=START)} == {"en"}


def test_bad_arguments_are_refused(model: GenerationModel) -> None:
    with pytest.raises(Invalid):
        list(generate_ads(model, count=-1, seed=1))
    with pytest.raises(Invalid):
        list(generate_ads(model, count=1, lang="de", seed=1))  # type: ignore[arg-type]


def test_every_concept_exists_with_the_right_type(session: Session, ads: list[dict[str, Any]]) -> None:
    by_type: dict[str, set[str]] = defaultdict(set)
    for ad in ads:
        by_type["occupation-name" if ad["lang"] == "sv" else "occupation"].add(ad["occupation"])
        by_type["ssyk-group"].add(ad["ssyk"])
        by_type["municipality"].add(ad["municipality"])
        by_type["region"].add(ad["region"])
        by_type["skill"].update(ad["skills"] + ad["nice_to_have_skills"])
    for concept_type, ids in by_type.items():
        assert unknown_concept_ids(session, ids=sorted(ids), types=[concept_type]) == [], concept_type
    levels = session.scalars(select(Concept.level).where(Concept.id.in_(sorted(by_type["ssyk-group"]))))
    assert set(levels) == {4}
    swedish_occupations = {ad["occupation"] for ad in ads if ad["lang"] == "sv"}
    assert all(occupation.startswith("jobtech:") for occupation in swedish_occupations)
    assert all(ad["occupation"].startswith("esco:occupation:") for ad in ads if ad["lang"] == "en")


def test_region_is_the_municipality_county(session: Session, ads: list[dict[str, Any]]) -> None:
    counties = _relations(session, {ad["municipality"] for ad in ads}, ("broader",))
    for ad in ads:
        assert ad["region"] in counties[ad["municipality"]]
        assert ad["region"].startswith("lan:")


def test_swedish_ads_list_skills_of_their_ssyk_group(
    session: Session, model: GenerationModel, ads: list[dict[str, Any]]
) -> None:
    swedish = [ad for ad in ads if ad["lang"] == "sv"]
    groups = _relations(session, {ad["occupation"] for ad in swedish}, ("broader",))
    skills = sorted({s for ad in swedish for s in ad["skills"] + ad["nice_to_have_skills"]})
    skill_schemes = {
        row[0]: row[1]
        for row in session.execute(select(Concept.id, Concept.scheme).where(Concept.id.in_(skills)))
    }
    for ad in swedish:
        assert ad["ssyk"] in groups[ad["occupation"]]
        pool = set(model.sv_skill_pool(ad["ssyk"]))
        assert 4 <= len(ad["skills"]) <= 10
        assert len(ad["nice_to_have_skills"]) <= 5
        assert set(ad["skills"]) <= pool
        assert set(ad["nice_to_have_skills"]) <= pool
        assert not set(ad["skills"]) & set(ad["nice_to_have_skills"])
        assert {skill_schemes[s] for s in ad["skills"]} == {"jobtech"}
    cleaners = model.sv_skill_pool("ssyk:9111")
    query = select(Concept.id, Concept.pref_label_sv).where(Concept.id.in_(cleaners))
    labels = {row[0]: row[1] for row in session.execute(query)}
    assert any("städ" in (labels[skill] or "").lower() for skill in cleaners)


def test_english_ads_list_the_esco_occupation_skills(session: Session, ads: list[dict[str, Any]]) -> None:
    english = [ad for ad in ads if ad["lang"] == "en"]
    occupations = {ad["occupation"] for ad in english}
    essential = _relations(session, occupations, ("essential_skill",))
    optional = _relations(session, occupations, ("optional_skill",))
    broader = _relations(session, occupations, ("broader",))
    for ad in english:
        assert 4 <= len(ad["skills"]) <= 10
        assert set(ad["skills"]) <= essential[ad["occupation"]]
        assert set(ad["nice_to_have_skills"]) <= optional[ad["occupation"]]
    # The SSYK group maps (close_match) to the occupation's ISCO group.
    sample = english[:200]
    for ad in sample:
        frontier, isco = set(broader[ad["occupation"]]), None
        while frontier and isco is None:
            isco = next((c for c in sorted(frontier) if c.startswith("isco:")), None)
            frontier = (
                set().union(*_relations(session, frontier, ("broader",)).values()) if isco is None else set()
            )
        assert isco is not None
        assert isco in _relations(session, {ad["ssyk"]}, ("close_match",))[ad["ssyk"]]


def test_municipalities_are_weighted_by_population(model: GenerationModel) -> None:
    ads = list(generate_ads(model, count=5000, lang="sv", seed=3, start=START))
    counts = Counter(ad["municipality"] for ad in ads)
    assert counts["kommun:0180"] > 250  # Stockholm, about 9 % of the population
    assert counts["kommun:0180"] > 20 * max(1, counts["kommun:2403"])  # Bjurholm, about 2,400 people
    assert len(counts) > 150


def test_conditions_dates_and_employers(ads: list[dict[str, Any]]) -> None:
    start = datetime(START.year, START.month, START.day, tzinfo=UTC)
    for ad in ads:
        published = datetime.fromisoformat(ad["published_at"])
        expires = datetime.fromisoformat(ad["expires_at"])
        assert start - timedelta(days=61) < published < start
        assert timedelta(days=13) < expires - published < timedelta(days=44)
        assert ad["employment_type"] in vocabularies.EMPLOYMENT_TYPES
        assert ad["working_hours"] in (None, "full-time", "part-time")
        number = ad["employer"]["organisation_number"]
        assert number is None or re.fullmatch(r"50\d{4}-\d{4}", number)
    types = Counter(ad["employment_type"] for ad in ads)
    assert types.most_common(1)[0][0] == "employment-type:regular"
    assert len(types) == 6
    assert 0.05 < sum(ad["remote"] for ad in ads) / len(ads) < 0.16
    assert len({ad["published_at"][:10] for ad in ads}) >= 55
    care = [ad["employer"]["name"] for ad in ads if ad["ssyk"].startswith(("ssyk:22", "ssyk:53", "ssyk:23"))]
    assert any(name.startswith("Region ") or name == "Västra Götalandsregionen" for name in care)
    assert any(name.endswith((" kommun", " stad", " Stad")) for name in care)


def test_texts_are_in_the_ad_language(model: GenerationModel, ads: list[dict[str, Any]]) -> None:
    markers = {
        "sv": ("Anställningsform:", "Placering:", SV_TEXTS.synthetic),
        "en": ("Employment type:", "Location:", EN_TEXTS.synthetic),
    }
    headings = {
        lang: set(
            t.role_headings + t.profile_headings + t.benefit_headings + t.terms_headings + t.apply_headings
        )
        for lang, t in (("sv", SV_TEXTS), ("en", EN_TEXTS))
    }
    labels = dict(zip(model.skill_ids, model.skill_labels, strict=True))
    phrases = dict(zip(model.skill_ids, model.skill_phrases, strict=True))
    sizes = []
    for ad in ads:
        text, lang = ad["description"], ad["lang"]
        other = "en" if lang == "sv" else "sv"
        sizes.append(len(text.encode()))
        assert all(marker in text for marker in markers[lang])
        assert not any(marker in text for marker in markers[other])
        lines = set(text.splitlines())
        assert len(lines & headings[lang]) == 5
        assert not lines & headings[other]
        for skill in ad["skills"] + ad["nice_to_have_skills"]:
            assert labels[skill] in text or phrases[skill] in text
        assert ad["headline"]
    assert 1000 < sum(sizes) / len(sizes) < 2600
