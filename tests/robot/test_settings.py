"""Settings: the shipped file loads, the environment overrides it, bad values and secrets in the file are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.settings import Settings, SettingsError, load_settings

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _project_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ROBOT_CONFIG", str(PROJECT / "config" / "robot.toml"))
    monkeypatch.setenv("ROBOT_SECRETS_DIR", str(tmp_path / "no-secrets"))
    monkeypatch.delenv("ROBOT_CASE_SYSTEM_PASSWORD", raising=False)


def write_config(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "robot.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ROBOT_CONFIG", str(path))


def test_shipped_settings_describe_the_embedded_demo() -> None:
    settings = load_settings()
    assert settings.environment == "sandbox"
    assert settings.database.url.startswith("sqlite:///")
    assert settings.sandbox.embedded is True
    assert [p.name for p in settings.processes] == ["forsorjningsstod"]
    assert settings.processes[0].schedule == "*/15 7-18 * * mon-fri"


def test_environment_overrides_nested_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_ENGINE__MAX_ATTEMPTS", "7")
    monkeypatch.setenv("ROBOT_DATABASE__URL", "postgresql+psycopg://robot@127.0.0.1:5432/test")
    settings = load_settings()
    assert settings.engine.max_attempts == 7
    assert settings.database.url.startswith("postgresql+psycopg://")


def test_bad_value_gives_a_sentence_naming_the_value_and_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROBOT_ENGINE__MAX_ATTEMPTS", "many")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert "engine.max_attempts" in message
    assert "ROBOT_ENGINE__MAX_ATTEMPTS" in message


def test_bad_schedule_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path,
        '[[processes]]\nname = "x"\nfactory = "a.b:c"\nschedule = "every now and then"\n',
        monkeypatch,
    )
    with pytest.raises(SettingsError, match="not a valid cron expression"):
        load_settings()


def test_unknown_database_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_DATABASE__URL", "mysql://x")
    with pytest.raises(SettingsError, match="sqlite:/// or postgresql"):
        load_settings()


def test_password_in_the_settings_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(tmp_path, '[case_system]\nurl = "http://127.0.0.1:1"\npassword = "hunter2"\n', monkeypatch)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "ROBOT_CASE_SYSTEM_PASSWORD" in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_password_from_environment_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_CASE_SYSTEM_PASSWORD", "s3cret-value")
    settings = load_settings()
    assert settings.case_system_password is not None
    assert settings.case_system_password.get_secret_value() == "s3cret-value"
    assert "s3cret-value" not in repr(settings)
    assert settings.masked()["case_system_password"] == "********"


def test_password_from_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "case_system_password").write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("ROBOT_SECRETS_DIR", str(secrets))
    settings = load_settings()
    assert settings.case_system_password is not None
    assert settings.case_system_password.get_secret_value() == "from-file"


def test_production_refuses_the_embedded_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match=r"sandbox\.embedded"):
        load_settings()
    monkeypatch.setenv("ROBOT_SANDBOX__EMBEDDED", "false")
    settings = load_settings()
    assert settings.allow_unverified is False


def test_missing_settings_file_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(SettingsError, match="ROBOT_CONFIG"):
        load_settings()


def test_defaults_without_processes_are_valid() -> None:
    assert Settings(processes=[]).engine.max_attempts >= 1
