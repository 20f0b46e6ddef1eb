"""Harvesting external DCAT-AP catalogues: mapping, idempotency, updates, withdrawals, invalid input."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.catalogue import harvest, service
from samskapa.catalogue.errors import HarvestSourceError
from samskapa.catalogue.models import Dataset
from samskapa.cli import app
from samskapa.core.db import create_session_factory, session_scope
from tests.databases import DatabaseFactory

DATA = Path(__file__).parent / "data"
RECOMMENDED = "https://example.com/dataset1"
runner = CliRunner()


def _organisation(session: Session, email: str | None = "open-data@example.org") -> Organisation:
    return accounts.create_organisation(
        session,
        name=f"harvested-{uuid.uuid4().hex[:8]}",
        type_="agency",
        title_sv="Skördad myndighet",
        title_en="Harvested agency",
        email=email,
    )


def _run(session: Session, organisation: Organisation, source: Path | str) -> harvest.HarvestReport:
    graph = harvest.read_source(str(source))
    return harvest.harvest(session, organisation=organisation, graph=graph, source=str(source))


def _of(session: Session, organisation: Organisation) -> list[Dataset]:
    return list(
        session.scalars(
            select(Dataset).where(Dataset.organisation_id == organisation.id).order_by(Dataset.source_uri)
        )
    )


def test_the_recommended_example_maps_every_field(session: Session) -> None:
    owner = _organisation(session)
    report = _run(session, owner, DATA / "rekommenderat.ttl")
    assert report.counts() == {"created": 1, "updated": 0, "unchanged": 0, "withdrawn": 0, "invalid": 0}
    assert report.data_services == 1
    (view,) = service.dataset_views(session, _of(session, owner), base_url="https://x.se")
    assert (view.title_sv, view.title_en) == ("Bibliotek i Sverige", "Libraries in Sweden")
    assert view.description_en == view.description_sv, "a description in Swedish only is used for English too"
    assert (view.keywords_sv, view.keywords_en) == (["bibliotek"], ["library"])
    assert view.themes == ["EDUC"]
    assert view.spatial == ["country:SE"], "GeoNames' Sweden is the taxonomy's Sweden"
    assert (str(view.temporal_start), str(view.temporal_end)) == ("2010-01-01", "2012-01-01")
    assert view.access_rights == "PUBLIC"
    assert (view.contact_name, view.contact_email) == (
        "Öppna data gruppen på exempel organisationen",
        "oppnadata@exemple.com",
    )
    assert view.issued.isoformat() == "2020-01-01T00:00:00+00:00"
    formats = sorted((d.format, d.licence, d.access_url) for d in view.distributions)
    cc0 = "http://creativecommons.org/publicdomain/zero/1.0/"
    assert formats == [("CSV", cc0, "http://example.com/download"), ("JSON", cc0, "http://example.com/api")]


def test_harvesting_twice_gives_the_same_catalogue_and_formats_agree(session: Session) -> None:
    owner, twin = _organisation(session), _organisation(session)
    first = _run(session, owner, DATA / "rekommenderat.ttl")
    before = [(d.id, d.modified, d.source_hash) for d in _of(session, owner)]
    second = _run(session, owner, DATA / "rekommenderat.ttl")
    assert second.counts() == {"created": 0, "updated": 0, "unchanged": 1, "withdrawn": 0, "invalid": 0}
    assert [(d.id, d.modified, d.source_hash) for d in _of(session, owner)] == before
    assert first.created == second.unchanged == [RECOMMENDED]
    _run(session, twin, DATA / "rekommenderat.rdf")
    assert [d.source_hash for d in _of(session, twin)] == [before[0][2]], "RDF/XML maps like Turtle"
    bees = _run(session, owner, DATA / "example-bee-population-2022-2023.ttl")
    assert bees.counts()["created"] == 2
    again = _run(session, owner, DATA / "example-bee-population-2022-2023.ttl")
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 2, "withdrawn": 0, "invalid": 0}


def test_a_changed_record_updates_and_a_vanished_one_is_withdrawn(session: Session, tmp_path: Path) -> None:
    owner = _organisation(session)
    both = DATA / "example-bee-population-2022-2023.ttl"
    _run(session, owner, both)
    changed = tmp_path / "changed.ttl"
    changed.write_text(
        both.read_text(encoding="utf-8").replace("Bee population 2023", "Bee population in 2023"),
        encoding="utf-8",
    )
    report = _run(session, owner, changed)
    assert report.counts() == {"created": 0, "updated": 1, "unchanged": 1, "withdrawn": 0, "invalid": 0}
    assert report.updated == ["https://data.gov.gr/id/dataset/BeePopulation2023"]
    titles = {d.title_en for d in _of(session, owner)}
    assert "Bee population in 2023" in titles
    only_2022 = tmp_path / "only-2022.ttl"
    text = changed.read_text(encoding="utf-8")
    only_2022.write_text(text[: text.index("example-ds:BeePopulation2023")], encoding="utf-8")
    report = _run(session, owner, only_2022)
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 1, "withdrawn": 1, "invalid": 0}
    states = {d.source_uri: d.state for d in _of(session, owner)}
    assert states["https://data.gov.gr/id/dataset/BeePopulation2023"] == "withdrawn", "withdrawn, not deleted"
    report = _run(session, owner, changed)
    assert report.updated == ["https://data.gov.gr/id/dataset/BeePopulation2023"], "it comes back"
    assert {d.state for d in _of(session, owner)} == {"active"}


def test_api_datasets_of_the_organisation_are_never_withdrawn(session: Session) -> None:
    from tests.catalogue.factories import dataset

    owner = _organisation(session)
    own = dataset(session, owner)
    report = _run(session, owner, DATA / "example-bee-population.ttl")
    assert report.counts()["withdrawn"] == 0
    assert session.get(Dataset, own.id).state == "active"  # type: ignore[union-attr]


def test_invalid_records_are_reported_with_record_and_field(session: Session, tmp_path: Path) -> None:
    owner = _organisation(session)
    minimal = _run(session, owner, DATA / "obligatoriskt.ttl")
    assert minimal.counts()["invalid"] == 1
    (line,) = [record.line() for record in minimal.invalid]
    assert line.startswith(f"{RECOMMENDED}: distribution https://example.com/distribution1: format:"), line
    partial = _run(session, owner, DATA / "example-bee-population-dataset-frequency.ttl")
    (record,) = partial.invalid
    assert record.reasons == ["title: none given (dct:title)", "description: none given (dct:description)"]
    odd = tmp_path / "odd.ttl"
    odd.write_text(
        (DATA / "rekommenderat.ttl")
        .read_text(encoding="utf-8")
        .replace("data-theme/EDUC", "data-theme/NOPE")
        .replace("sws.geonames.org/2661886", "sws.geonames.org/1")
        .replace(
            "publicdomain/zero/1.0/> ;\n\tdcat:downloadURL", "licenses/by-nc/4.0/> ;\n\tdcat:downloadURL"
        )
        .replace('"2012-01-01"^^xsd:date', '"2012-02-30"^^xsd:date')
        .replace('"text/csv"', '"application/x-unknown"'),
        encoding="utf-8",
    )
    report = _run(session, owner, odd)
    (record,) = report.invalid
    assert record.record == RECOMMENDED
    fields = [reason.split(":")[0] for reason in record.reasons]
    assert fields == ["theme", "spatial", "temporal", "distribution https"], record.reasons
    assert "NOPE" in record.reasons[0]
    assert "not a valid date" in record.reasons[2]
    assert "application/x-unknown" in record.reasons[3]
    assert report.counts()["created"] == 0
    no_mail = _organisation(session, email=None)
    report = _run(session, no_mail, DATA / "example-bee-population.ttl")
    (record,) = report.invalid
    assert record.reasons[0].startswith("contact point: no e-mail address")


def test_only_one_language_is_used_for_both(session: Session) -> None:
    owner = _organisation(session)
    _run(session, owner, DATA / "example-bee-population.ttl")
    (found,) = _of(session, owner)
    assert (found.title_sv, found.title_en) == ("Bee population", "Bee population")
    assert found.contact_email == "open-data@example.org", "the organisation's address when none is given"


def test_a_broken_or_unknown_source_is_an_error_with_the_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ;; ", encoding="utf-8"
    )
    with pytest.raises(HarvestSourceError) as caught:
        harvest.read_source(str(broken))
    assert "broken.ttl is not valid turtle" in caught.value.message
    unknown = tmp_path / "catalogue.csv"
    unknown.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(HarvestSourceError, match="Cannot tell the RDF format"):
        harvest.read_source(str(unknown))
    with pytest.raises(HarvestSourceError, match="There is no file"):
        harvest.read_source(str(tmp_path / "missing.ttl"))


@pytest.fixture
def cli_engine(
    databases: DatabaseFactory, mini_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Engine:
    engine = databases.migrated_engine("harvest-cli", mini_sources)  # has Sweden, which the examples cover
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    with session_scope(create_session_factory(engine)) as session:
        accounts.create_organisation(
            session, name="bees", type_="agency", title_sv="Bin", title_en="Bees", email="bees@example.org"
        )
    return engine


def _count(engine: Engine) -> int:
    with session_scope(create_session_factory(engine)) as session:
        return session.scalar(select(func.count()).select_from(Dataset)) or 0


def test_cli_harvest_reports_and_a_broken_file_changes_nothing(cli_engine: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalogue", "harvest", str(DATA / "rekommenderat.ttl"), "--org", "bees"])
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 0 unchanged, 0 withdrawn, 0 invalid" in result.output
    assert "1 data service(s) in the source were not harvested" in result.output
    result = runner.invoke(app, ["catalogue", "harvest", str(DATA / "obligatoriskt.rdf"), "--org", "bees"])
    assert "0 created, 0 updated, 0 unchanged, 0 withdrawn, 1 invalid" in result.output
    assert (
        "invalid: https://example.com/dataset1: distribution https://example.com/distribution1"
        in result.output
    )
    broken = tmp_path / "broken.rdf"
    broken.write_text(
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><oops", encoding="utf-8"
    )
    before = _count(cli_engine)
    result = runner.invoke(app, ["catalogue", "harvest", str(broken), "--org", "bees"])
    assert result.exit_code == 1
    assert "broken.rdf is not valid xml" in result.output
    assert _count(cli_engine) == before == 1
    with session_scope(create_session_factory(cli_engine)) as session:
        assert session.scalars(select(Dataset.state)).all() == ["active"], (
            "nothing withdrawn by a broken file"
        )
    result = runner.invoke(app, ["catalogue", "harvest", str(DATA / "rekommenderat.ttl"), "--org", "nobody"])
    assert result.exit_code == 1


def test_cli_validate(cli_engine: Engine) -> None:
    runner.invoke(app, ["catalogue", "harvest", str(DATA / "rekommenderat.ttl"), "--org", "bees"])
    result = runner.invoke(app, ["catalogue", "validate", "--org", "bees"])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output
    result = runner.invoke(app, ["catalogue", "validate"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["catalogue", "validate", "--file", str(DATA / "obligatoriskt.ttl")])
    assert result.exit_code == 1
    assert "MinCountConstraintComponent" in result.output


def test_our_own_json_ld_catalogue_harvests_back_to_the_same_descriptions(
    session: Session, tmp_path: Path
) -> None:
    from samskapa.catalogue import dcat
    from tests.catalogue.test_validation import varied_catalogue

    made = varied_catalogue(session, count=12)
    origin = session.get(Organisation, made[0].organisation_id)
    assert origin is not None
    source = tmp_path / "ours.jsonld"
    graph = dcat.catalogue_graph(session, base_url="https://origin.example.se", organisation=origin)
    source.write_bytes(dcat.serialise(graph, "jsonld"))
    copy = _organisation(session)
    report = _run(session, copy, source)
    assert report.invalid == []
    originals = [d for d in made if d.organisation_id == origin.id]
    assert report.counts()["created"] == len(originals)
    fields = [
        *("title_sv", "description_en", "keywords_sv", "themes", "concepts", "spatial", "temporal_start"),
        *("temporal_end", "frequency", "access_rights", "contact_email", "issued", "conforms_to"),
    ]

    def described(datasets: list[Dataset]) -> list[tuple[object, ...]]:
        views = service.dataset_views(session, datasets, base_url="https://x.se")
        return sorted(
            (
                *(getattr(view, name) for name in fields),
                sorted(
                    (d.format, d.licence, d.access_url, d.byte_size, d.checksum_sha256)
                    for d in view.distributions
                ),
            )
            for view in views
        )

    assert described(_of(session, copy)) == described(originals)
