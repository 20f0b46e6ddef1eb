"""The `samskapa` command line, run in-process against fresh databases."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from samskapa.cli import app
from samskapa.core.db import create_session_factory, session_scope
from samskapa.taxonomy.models import TaxonomyVersion
from tests.databases import DatabaseFactory

runner = CliRunner()


@pytest.fixture
def cli_env(databases: DatabaseFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    engine = databases.migrated_engine("cli")
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    return engine


def _versions(engine: Engine) -> int:
    with session_scope(create_session_factory(engine)) as session:
        return session.scalar(select(func.count()).select_from(TaxonomyVersion)) or 0


def test_load_stats_and_export(cli_env: Engine, mini_sources: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["taxonomy", "load", "--source", str(mini_sources)])
    assert result.exit_code == 0, result.output
    assert "Version 1:" in result.output
    result = runner.invoke(app, ["taxonomy", "load", "--source", str(mini_sources)])
    assert "unchanged" in result.output
    result = runner.invoke(app, ["taxonomy", "load", "--if-empty", "--source", str(mini_sources)])
    assert "is loaded (version 1)" in result.output
    assert _versions(cli_env) == 1
    result = runner.invoke(app, ["taxonomy", "stats"])
    assert result.exit_code == 0
    assert "municipality" in result.output
    assert "290" in result.output
    out = tmp_path / "dump.ttl"
    result = runner.invoke(app, ["taxonomy", "export", str(out), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("skos:Concept") > 1000


def test_load_of_a_corrupt_source_exits_1_with_file_and_line(
    cli_env: Engine, mini_sources: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(mini_sources, broken)
    path = broken / "esco" / "broaderRelationsOccPillar.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().split("\n")
    lines[9] = '"unterminated'
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    result = runner.invoke(app, ["taxonomy", "load", "--source", str(broken)])
    assert result.exit_code == 1
    assert "esco/broaderRelationsOccPillar.csv" in result.output
    assert "line 10" in result.output
    assert _versions(cli_env) == 0


def test_export_before_any_load_says_what_to_do(cli_env: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["taxonomy", "export", str(tmp_path / "x.ttl")])
    assert result.exit_code == 1
    assert "samskapa taxonomy load" in result.output


def test_orgs_keys_demo_and_platform_registration(cli_env: Engine, mini_sources: Path) -> None:
    assert runner.invoke(app, ["taxonomy", "load", "--source", str(mini_sources)]).exit_code == 0
    first = runner.invoke(app, ["catalogue", "register-platform"])
    assert "samskapa-taxonomy: created" in first.output
    again = runner.invoke(app, ["catalogue", "register-platform"])
    assert "samskapa-taxonomy: unchanged" in again.output
    seeded = runner.invoke(app, ["demo", "seed"])
    assert "8 demo publishers" in seeded.output
    assert "(0 new)" in runner.invoke(app, ["demo", "seed"]).output
    made = runner.invoke(
        app, ["orgs", "create", "ngo-x", "--type", "ngo", "--title-sv", "X", "--title-en", "X"]
    )
    assert made.exit_code == 0, made.output
    bad = runner.invoke(
        app, ["orgs", "create", "ngo-y", "--type", "club", "--title-sv", "Y", "--title-en", "Y"]
    )
    assert bad.exit_code == 1
    assert "type" in bad.output
    member = runner.invoke(app, ["orgs", "add-member", "ngo-x", "ada@example.org", "--role", "admin"])
    assert "is admin of 'ngo-x'" in member.output
    key = runner.invoke(app, ["orgs", "create-key", "ngo-x", "--scope", "catalogue:write"])
    secret = key.output.strip().splitlines()[-1]
    assert secret.startswith("smk_")
    key_id = key.output.split()[1]
    assert runner.invoke(app, ["orgs", "revoke-key", key_id]).exit_code == 0
    listing = runner.invoke(app, ["orgs", "list"])
    assert "scb-demo" in listing.output
    assert "samskapa" in listing.output


def test_set_password_asks_twice_and_enables_sign_in(cli_env: Engine) -> None:
    runner.invoke(app, ["orgs", "create", "ngo-p", "--type", "ngo", "--title-sv", "P", "--title-en", "P"])
    runner.invoke(app, ["orgs", "add-member", "ngo-p", "eva@example.org", "--role", "editor"])
    mismatch = runner.invoke(
        app, ["orgs", "set-password", "eva@example.org"], input="long-enough-pass\nother\n"
    )
    assert mismatch.exit_code != 0
    done = runner.invoke(
        app, ["orgs", "set-password", "eva@example.org"], input="long-enough-pass\nlong-enough-pass\n"
    )
    assert done.exit_code == 0, done.output
    from samskapa.accounts import service as accounts

    with session_scope(create_session_factory(cli_env)) as session:
        person = accounts.verify_login(session, email="eva@example.org", password="long-enough-pass")
        assert person.email == "eva@example.org"
