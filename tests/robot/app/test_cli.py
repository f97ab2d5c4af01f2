"""The command line as a user runs it: check-config, status, run (stopping on SIGTERM), demo."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ROBOT_")}
    env.update(
        {
            "ROBOT_CONFIG": str(PROJECT / "config" / "robot.toml"),
            "ROBOT_SECRETS_DIR": str(tmp_path / "no-secrets"),
            "ROBOT_DATABASE__URL": f"sqlite:///{tmp_path / 'robot.db'}",
            "ROBOT_PATHS__DATA_DIR": str(tmp_path),
            "ROBOT_PATHS__REPORTS_DIR": str(tmp_path / "reports"),
            "ROBOT_PATHS__LOG_FILE": str(tmp_path / "logs" / "robot.jsonl"),
            "ROBOT_PATHS__ARTIFACTS_DIR": str(tmp_path / "artifacts"),
            "ROBOT_SANDBOX__DATA_DIR": str(tmp_path / "sandbox"),
        }
    )
    env.update(extra)
    return env


def robot(tmp_path: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run_robot.py", *args],
        cwd=PROJECT,
        env=environment(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_config_prints_the_settings_with_secrets_by_name_only(tmp_path: Path) -> None:
    result = robot(
        tmp_path,
        "check-config",
        ROBOT_CASE_SYSTEM_PASSWORD="do-not-print-me",
        ROBOT_DATABASE__URL="postgresql+psycopg://robot:db-pass-91@127.0.0.1:5432/test",
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["secrets"]["case_system_password"] == "set (environment)"
    assert printed["database"]["url"] == "postgresql+psycopg://robot:********@127.0.0.1:5432/test"
    assert "do-not-print-me" not in result.stdout + result.stderr
    assert "db-pass-91" not in result.stdout + result.stderr
    assert "The settings are valid." in result.stderr


def test_check_config_in_production_says_which_secrets_are_missing(tmp_path: Path) -> None:
    result = robot(tmp_path, "check-config", ROBOT_ENVIRONMENT="production", ROBOT_SANDBOX__EMBEDDED="false")
    assert result.returncode == 1
    assert "these secrets are not set" in result.stderr and "case_system_password" in result.stderr


def test_check_config_fails_with_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    result = robot(tmp_path, "check-config", ROBOT_ENGINE__LEASE_SECONDS="-1")
    assert result.returncode == 2
    assert "engine.lease_seconds" in result.stderr
    assert "ROBOT_ENGINE__LEASE_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_status_on_an_empty_queue(tmp_path: Path) -> None:
    result = robot(tmp_path, "status")
    assert result.returncode == 0, result.stderr
    assert "forsorjningsstod: 0 items" in result.stdout
    assert "no passes yet" in result.stdout


def test_calculate_names_a_missing_file_plainly(tmp_path: Path) -> None:
    result = robot(tmp_path, "calculate", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_run_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "run_robot.py", "run"],
        cwd=PROJECT,
        env=environment(tmp_path, ROBOT_SANDBOX__EMBEDDED="false", ROBOT_CASE_SYSTEM_PASSWORD="x"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    first_line = process.stdout.readline()
    assert "Running on schedule: forsorjningsstod (*/15 7-18 * * mon-fri)" in first_line
    assert time.monotonic() < deadline
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Stopped cleanly." in out


@pytest.mark.slow
@pytest.mark.browser
def test_demo_accounts_for_every_application_and_says_where_to_look(tmp_path: Path) -> None:
    result = robot(tmp_path, "demo", "--applications", "6", "--seed", "11", "--fresh", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "forsorjningsstod: all applications so far: 6;" in result.stdout
    assert "waiting 0" in result.stdout and "failed 0" in result.stdout
    assert "report:" in result.stdout
    reports = list((tmp_path / "reports").glob("forsorjningsstod-*.xlsx"))
    assert len(reports) == 1


def test_sandbox_prints_its_addresses_and_the_caseworker_login_and_stops_on_sigterm(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "run_robot.py", "sandbox", "--applications", "3"],
        cwd=PROJECT,
        env=environment(
            tmp_path,
            ROBOT_PROCESS__FORSORJNINGSSTOD__ESERVICE__URL="http://127.0.0.1:0",
            ROBOT_PROCESS__FORSORJNINGSSTOD__INCOME_REGISTER__URL="http://127.0.0.1:0",
            ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__URL="http://127.0.0.1:0",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while not any(line.startswith("State is kept") for line in lines):
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else "sandbox exited"
        lines.append(line)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    text = "".join(lines)
    assert "Seeded 3 Swedish and 3 Norwegian applications" in text
    assert "Caseworker view: http://127.0.0.1:" in text
    assert "handlaggare1 / handlaggare1-sandbox" in text
    assert process.returncode == 0


@pytest.mark.slow
@pytest.mark.browser
def test_once_with_the_embedded_sandbox_seeds_it_and_runs_a_pass(tmp_path: Path) -> None:
    result = robot(tmp_path, "once", ROBOT_SANDBOX__APPLICATIONS="4", ROBOT_SANDBOX__SEED="5", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "forsorjningsstod: pass" in result.stdout
    status = robot(tmp_path, "status")
    assert "forsorjningsstod: 4 items" in status.stdout
    assert "new 0  in_progress 0" in status.stdout


def test_status_check_exits_non_zero_with_a_sentence_when_no_pass_ran(tmp_path: Path) -> None:
    result = robot(tmp_path, "status", "--check")
    assert result.returncode == 1
    assert "forsorjningsstod: no pass has run ever" in result.stdout


def test_schema_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    result = subprocess.run(  # `true` exits at once, so the robot writes into a closed pipe
        ["bash", "-c", f"set -o pipefail; {sys.executable} run_robot.py schema | true"],
        cwd=PROJECT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "BrokenPipeError" not in result.stderr and "Traceback" not in result.stderr


def test_every_command_has_a_handler_and_every_handler_a_command() -> None:
    from robot.app.cli import HANDLERS, build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices or ())  # type: ignore[union-attr]
    assert commands == set(HANDLERS)
