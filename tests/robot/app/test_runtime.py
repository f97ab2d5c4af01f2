"""The wiring from settings to a database: the password comes from a named secret, never the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.app.runtime import database_url
from robot.settings import Settings, SettingsError
from robot.settings.secrets import SecretStore

URL = "postgresql+psycopg://robot@db:5432/robot"


def _settings(tmp_path: Path, **database: str | None) -> Settings:
    settings = Settings.model_validate({"database": {"url": URL, **database}})
    return settings.with_secrets(SecretStore(environ={}, folder=tmp_path, overrides={}))


def test_the_password_secret_goes_into_the_url(tmp_path: Path) -> None:
    (tmp_path / "database_password").write_text("s3cr%t/pw\n", encoding="utf-8")
    settings = _settings(tmp_path, password_secret="database_password")
    assert database_url(settings) == "postgresql+psycopg://robot:s3cr%25t%2Fpw@db:5432/robot"
    assert "database_password" in settings.secret_names()
    assert settings.masked()["database"]["url"] == URL  # the settings never hold the password


def test_without_a_password_secret_the_url_is_used_as_it_is(tmp_path: Path) -> None:
    assert database_url(_settings(tmp_path)) == URL


def test_a_missing_database_password_is_a_sentence_saying_where_to_put_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="ROBOT_DATABASE_PASSWORD or the file"):
        database_url(_settings(tmp_path, password_secret="database_password"))


def test_a_password_in_place_of_a_secret_name_is_refused() -> None:
    with pytest.raises(ValueError, match="NAME of a secret"):
        Settings.model_validate({"database": {"url": URL, "password_secret": "Hunter2!"}})
