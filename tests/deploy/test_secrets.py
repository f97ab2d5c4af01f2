"""Every secret a shipped settings file names is provided by the systemd units and the compose file, and no other.

The systemd unit lacked the Norwegian case system's password once; this test would have said so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from robot.settings import load_settings
from tests.deploy.conftest import DEPLOY, PROJECT

SETTINGS_FILES = sorted([*(PROJECT / "config").glob("*.toml"), *DEPLOY.glob("*.toml")])
# The console's own secrets ([console] on the console's branch): the console gets them, the workers not.
# Until that branch is merged no settings model here names them, so they are listed.
CONSOLE_SECRETS = {"console_client_secret", "console_session_key"}


def named(path: Path, environment: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The secrets the settings file names when the robot starts with ``environment`` (ROBOT_* only)."""
    with monkeypatch.context() as patched:
        for variable in [v for v in os.environ if v.startswith("ROBOT_")]:
            patched.delenv(variable)
        patched.setenv("ROBOT_CONFIG", str(path))
        for variable, value in environment.items():
            if variable.startswith("ROBOT_") and variable not in ("ROBOT_CONFIG", "ROBOT_SECRETS_DIR"):
                patched.setenv(variable, value)
        return set(load_settings().secret_names())


def every_file_names(
    monkeypatch: pytest.MonkeyPatch, environment: Mapping[str, str] | None = None
) -> set[str]:
    return set().union(*(named(path, environment or {}, monkeypatch) for path in SETTINGS_FILES))


def _unit(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """A unit's LoadCredential names (to their paths) and its Environment= variables."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    credentials = dict(re.findall(r"^LoadCredential=([a-z0-9_]+):(\S+)$", text, re.MULTILINE))
    environment = dict(re.findall(r"^Environment=(\w+)=(\S*)$", text, re.MULTILINE))
    return credentials, environment


def test_the_shipped_settings_files_are_the_ones_checked() -> None:
    assert [path.relative_to(PROJECT).as_posix() for path in SETTINGS_FILES] == [
        "config/robot.toml",
        "deploy/robot.toml",
    ]


def test_the_worker_unit_provides_every_secret_the_settings_name(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials, environment = _unit("robot-worker@.service")
    wanted = every_file_names(monkeypatch, environment) - CONSOLE_SECRETS
    assert {"fagsystem_password", "case_system_password", "database_password"} <= wanted
    assert set(credentials) == wanted, (
        f"missing {wanted - set(credentials)}, unused {set(credentials) - wanted}"
    )
    assert all(path == f"/etc/robot/secrets/{name}" for name, path in credentials.items())
    assert environment["ROBOT_SECRETS_DIR"] == "%d"  # where systemd puts the credentials


def test_the_health_check_unit_gets_only_the_database_password(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials, environment = _unit("robot-health.service")
    assert set(credentials) == {"database_password"} and environment["ROBOT_SECRETS_DIR"] == "%d"
    assert environment["ROBOT_DATABASE__PASSWORD_SECRET"] == "database_password"


def _compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_provides_every_secret_the_settings_name_to_the_workers_and_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compose = _compose()
    services = compose["services"]
    wanted = every_file_names(monkeypatch, services["worker-1"]["environment"]) - CONSOLE_SECRETS
    assert set(compose["secrets"]) == wanted | CONSOLE_SECRETS
    for name, secret in compose["secrets"].items():
        assert secret == {"file": f"./secrets/{name}"}
    for worker in ("worker-1", "worker-2"):
        assert set(services[worker]["secrets"]) == wanted
    assert set(services["console"]["secrets"]) == wanted | CONSOLE_SECRETS


def test_compose_gives_each_other_service_only_the_secrets_it_needs() -> None:
    services = _compose()["services"]
    assert services["migrate"]["secrets"] == ["database_password"]
    assert services["db"]["secrets"] == ["database_password"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/database_password"
    assert "secrets" not in services["api"]  # the rules API reads no database and no system


def test_no_secret_value_is_kept_in_the_repository() -> None:
    kept = sorted(path.name for path in (DEPLOY / "secrets").iterdir())
    assert kept == [".gitignore"]
    ignore = (DEPLOY / "secrets" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "*" in ignore and "!.gitignore" in ignore
