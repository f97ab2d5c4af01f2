"""Helpers for the end-to-end tests: settings pointing at a temporary folder, and checks on outputs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import SecretStr

from robot.secrets import SecretStore
from robot.settings import (
    DatabaseSettings,
    EngineSettings,
    PathSettings,
    SandboxSettings,
    Settings,
    load_settings,
)
from sandbox.scenario import Scenario

PROJECT = Path(__file__).resolve().parents[2]
PASSWORD = "e2e-robot-password-7f3a"


def e2e_settings(root: Path, **engine: float) -> Settings:
    """The shipped settings, with every path and the database under ``root`` and quick retries."""
    settings = load_settings()
    engine_settings = EngineSettings(
        worker_id="e2e",
        lease_seconds=engine.get("lease_seconds", 60),
        max_attempts=int(engine.get("max_attempts", 3)),
        backoff_base_seconds=engine.get("backoff_base_seconds", 0),
        backoff_max_seconds=engine.get("backoff_max_seconds", 0),
        circuit_breaker_threshold=int(engine.get("circuit_breaker_threshold", 5)),
        max_items_per_pass=500,
    )
    configured = settings.model_copy(
        update={
            "paths": PathSettings(
                data_dir=root,
                reports_dir=root / "reports",
                log_file=root / "logs" / "robot.jsonl",
                artifacts_dir=root / "artifacts",
            ),
            "database": DatabaseSettings(url=f"sqlite:///{root / 'robot.db'}"),
            "sandbox": SandboxSettings(data_dir=root / "sandbox"),
            "engine": engine_settings,
        }
    )
    return configured.with_secrets(SecretStore(overrides={"case_system_password": SecretStr(PASSWORD)}))


def identity_numbers(scenario: Scenario) -> set[str]:
    """Every identity number in the scenario, in the 12-digit form without a hyphen."""
    numbers: set[str] = set()
    for case in scenario.cases:
        numbers.add(case.identity_number)
        if case.co_applicant_identity_number:
            numbers.add(case.co_applicant_identity_number)
    for application in scenario.applications:
        payload = application.payload
        if isinstance(payload, dict):
            for key in ("applicant", "co_applicant"):
                person = payload.get(key)
                if isinstance(person, dict) and isinstance(person.get("identity_number"), str):
                    numbers.add(person["identity_number"])
    return {re.sub(r"\D", "", number) for number in numbers if len(re.sub(r"\D", "", number)) == 12}


def unmasked_in(text: str, numbers: set[str]) -> list[str]:
    """The identity numbers that appear unmasked in ``text``, in any usual spelling."""
    found = []
    for digits in numbers:
        spellings = (digits, f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}-{digits[8:]}")
        if any(spelling in text for spelling in spellings):
            found.append(f"{digits[:8]}-****")
    return found


def report_references(path: Path) -> dict[str, str]:
    """Reference -> sheet name, for every item row in the report's outcome sheets."""
    workbook = load_workbook(path)
    found: dict[str, str] = {}
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row and isinstance(row[0], str) and row[0]:
                found[row[0]] = sheet.title
    return found


def worker_environment(data_dir: Path, sandbox: Any, database_url: str, **engine: str) -> dict[str, str]:
    """The environment of a ``run_robot.py`` worker process against an in-process sandbox.

    ``engine`` sets ``ROBOT_ENGINE__<KEY>`` values, e.g. ``LEASE_SECONDS="8"``.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("ROBOT_")}
    env.update(
        {
            "ROBOT_CONFIG": str(PROJECT / "config" / "robot.toml"),
            "ROBOT_SANDBOX__EMBEDDED": "false",
            "ROBOT_PROCESS__FORSORJNINGSSTOD__ESERVICE__URL": sandbox.eservice_url,
            "ROBOT_PROCESS__FORSORJNINGSSTOD__INCOME_REGISTER__URL": sandbox.register_url,
            "ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__URL": sandbox.case_system_url,
            "ROBOT_CASE_SYSTEM_PASSWORD": PASSWORD,
            "ROBOT_DATABASE__URL": database_url,
            "ROBOT_PATHS__DATA_DIR": str(data_dir),
            "ROBOT_PATHS__REPORTS_DIR": str(data_dir / "reports"),
            "ROBOT_PATHS__LOG_FILE": str(data_dir / "logs" / "robot.jsonl"),
            "ROBOT_PATHS__ARTIFACTS_DIR": str(data_dir / "artifacts"),
            "ROBOT_SECRETS_DIR": str(data_dir / "no-secrets"),
        }
    )
    env.update({f"ROBOT_ENGINE__{key.upper()}": value for key, value in engine.items()})
    return env


def start_worker(env: dict[str, str], output: Path) -> subprocess.Popen[bytes]:
    """Start ``run_robot.py once`` in its own process group (a kill takes its Chromium with it)."""
    with output.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "run_robot.py", "once"],
            cwd=PROJECT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
