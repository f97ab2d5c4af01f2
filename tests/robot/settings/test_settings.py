"""Settings: the shipped file loads, the environment overrides it, bad values and secrets in the file are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.settings import Settings, SettingsError, load_settings

PROJECT = Path(__file__).resolve().parents[3]


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
    assert [p.name for p in settings.processes] == ["forsorjningsstod", "sosialhjelp"]
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
        '[[processes]]\nname = "x"\ndefinition = "a.b:c"\nschedule = "every now and then"\n',
        monkeypatch,
    )
    with pytest.raises(SettingsError, match="not a valid cron expression"):
        load_settings()


def test_unknown_database_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_DATABASE__URL", "mysql://x")
    with pytest.raises(SettingsError, match="sqlite:/// or postgresql"):
        load_settings()


def test_password_in_the_settings_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (PROJECT / "config" / "robot.toml").read_text(encoding="utf-8")
    write_config(
        tmp_path, text.replace('username = "robot"', 'username = "robot"\npassword = "hunter2"'), monkeypatch
    )
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "processes.0.case_system.password" in str(raised.value)
    assert "ROBOT_CASE_SYSTEM_PASSWORD" in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_a_secret_is_named_in_the_file_and_read_by_name_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROBOT_CASE_SYSTEM_PASSWORD", "s3cret-value")
    settings = load_settings()
    assert settings.process("forsorjningsstod").options.case_system.password_secret == "case_system_password"
    assert settings.secrets.require("case_system_password") == "s3cret-value"
    assert "s3cret-value" not in repr(settings)
    assert settings.masked()["secrets"]["case_system_password"] == "set (environment)"
    assert "s3cret-value" not in str(settings.masked())


def test_a_secret_from_the_secrets_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "case_system_password").write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("ROBOT_SECRETS_DIR", str(secrets))
    settings = load_settings()
    assert settings.secrets.require("case_system_password") == "from-file"
    assert settings.masked()["secrets"]["case_system_password"] == "set (secrets folder)"


def test_the_database_password_is_masked_in_the_printed_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_DATABASE__URL", "postgresql+psycopg://robot:pg-pass-77@db.example/robot")
    masked = load_settings().masked()
    assert masked["database"]["url"] == "postgresql+psycopg://robot:********@db.example/robot"
    assert "pg-pass-77" not in str(masked)


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


def test_a_misspelt_key_in_the_file_is_refused_with_the_nearest_valid_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (PROJECT / "config" / "robot.toml").read_text(encoding="utf-8")
    write_config(tmp_path, text.replace("max_attempts = 3", "max_atempts = 7"), monkeypatch)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "engine.max_atempts" in str(raised.value)
    assert "Did you mean 'max_attempts'?" in str(raised.value)


@pytest.mark.parametrize(
    ("variable", "named", "nearest"),
    [
        ("ROBOT_ENGINE__MAX_ATEMPTS", "engine.max_atempts", "'max_attempts'"),
        ("ROBOT_PATHS__REPORT_DIR", "paths.report_dir", "'reports_dir'"),
        ("ROBOT_ENGNE__MAX_ATTEMPTS", "ROBOT_ENGNE__MAX_ATTEMPTS", "ROBOT_ENGINE__MAX_ATTEMPTS"),
        ("ROBOT_CASE_SYSTEM_PASWORD", "ROBOT_CASE_SYSTEM_PASWORD", "ROBOT_CASE_SYSTEM_PASSWORD"),
        (
            "ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__URLL",
            "processes.forsorjningsstod.case_system.urll",
            "'url'",
        ),
        ("ROBOT_PROCESS__FORSORJNINGSTOD__FORM", "ROBOT_PROCESS__FORSORJNINGSTOD__FORM", "FORSORJNINGSSTOD"),
        (
            "ROBOT_CASE_SYSTEM__URL",
            "ROBOT_CASE_SYSTEM__URL",
            "ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__URL",
        ),
    ],
)
def test_a_misspelt_environment_variable_is_refused_with_the_nearest_valid_name(
    monkeypatch: pytest.MonkeyPatch, variable: str, named: str, nearest: str
) -> None:
    monkeypatch.setenv(variable, "7")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert named in str(raised.value)
    assert nearest in str(raised.value)


def test_a_broken_settings_file_names_the_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, "[engine]\nmax_attempts = 3\nlease_seconds = \n", monkeypatch)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "line 3" in str(raised.value) and "column" in str(raised.value)


def test_process_settings_are_overridden_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__TIMEOUT_MS", "2500")
    monkeypatch.setenv("ROBOT_PROCESS__FORSORJNINGSSTOD__ENABLED", "false")
    process = load_settings().process("forsorjningsstod")
    assert process.options.case_system.timeout_ms == 2500
    assert process.enabled is False


def test_a_definition_that_cannot_be_loaded_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path, '[[processes]]\nname = "x"\ndefinition = "nowhere.at_all:definition"\n', monkeypatch
    )
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "processes.x.definition" in str(raised.value)
    assert "ROBOT_PROCESS__X__DEFINITION" in str(raised.value)
