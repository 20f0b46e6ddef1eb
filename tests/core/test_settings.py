"""Every setting is typed, described and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from samskapa.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_has_a_description() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    undocumented = [name for name in Settings.model_fields if f"SAMSKAPA_{name.upper()}" not in text]
    assert undocumented == []


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SAMSKAPA_DATABASE_URL", raising=False)
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAMSKAPA_PORT", "9001")
    settings = Settings()
    assert settings.port == 9001
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path.as_posix()}/samskapa.db"
    monkeypatch.setenv("SAMSKAPA_PORT", "not-a-port")
    with pytest.raises(ValueError, match="port"):
        Settings()
