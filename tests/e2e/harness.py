"""Helpers for the end-to-end tests: settings pointing at a temporary folder, and checks on outputs."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import SecretStr

from robot.process import WorkContext, WorkItemView
from robot.settings import (
    DatabaseSettings,
    EngineSettings,
    PathSettings,
    SandboxSettings,
    Settings,
    load_settings,
)
from robot.settings.secrets import SecretStore
from sandbox.scenario import Scenario

PROJECT = Path(__file__).resolve().parents[2]
PASSWORD = "e2e-robot-password-7f3a"
MESSAGE_ID_KEY = "e2e-message-id-key"


PROCESS = "forsorjningsstod"  # the process these tests drive; any other configured process is left out


def e2e_settings(root: Path, **engine: float) -> Settings:
    """The shipped settings for the försörjningsstöd process alone, with every path and the database
    under ``root`` and quick retries."""
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
            # No spot checks: the oracle's expectations are for the rules alone (the demo checks 10 %; spot
            # checks are tested by the rules cases and tests/processes).
            "processes": [
                process.with_options(spot_check_percent=Decimal(0))
                for process in settings.processes
                if process.name == PROCESS
            ],
        }
    )
    secrets = {"case_system_password": SecretStr(PASSWORD), "mail_message_id_key": SecretStr(MESSAGE_ID_KEY)}
    return configured.with_secrets(SecretStore(overrides=secrets))


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
    """The environment of a ``run_robot.py`` worker process against an in-process sandbox, with only
    the försörjningsstöd process enabled.

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
            "ROBOT_MAIL_MESSAGE_ID_KEY": MESSAGE_ID_KEY,
            "ROBOT_PROCESS__FORSORJNINGSSTOD__BOOKING__URL": sandbox.urls["booking"],
            "ROBOT_PROCESS__FORSORJNINGSSTOD__MAIL__HOST": "127.0.0.1",
            "ROBOT_PROCESS__FORSORJNINGSSTOD__MAIL__PORT": sandbox.urls["smtp"].rsplit(":", 1)[1],
            "ROBOT_PROCESS__FORSORJNINGSSTOD__MAIL__STARTTLS": "false",
            "ROBOT_PROCESS__FORSORJNINGSSTOD__MAIL__FOLLOW_URL": sandbox.urls["follow"],
            "ROBOT_DATABASE__URL": database_url,
            "ROBOT_PATHS__DATA_DIR": str(data_dir),
            "ROBOT_PATHS__REPORTS_DIR": str(data_dir / "reports"),
            "ROBOT_PATHS__LOG_FILE": str(data_dir / "logs" / "robot.jsonl"),
            "ROBOT_PATHS__ARTIFACTS_DIR": str(data_dir / "artifacts"),
            "ROBOT_SECRETS_DIR": str(data_dir / "no-secrets"),
            "ROBOT_PROCESS__FORSORJNINGSSTOD__SPOT_CHECK_PERCENT": "0",  # the oracle expects no spot checks
        }
    )
    env.update({f"ROBOT_ENGINE__{key.upper()}": value for key, value in engine.items()})
    others = [process.name for process in load_settings().processes if process.name != PROCESS]
    env.update({f"ROBOT_PROCESS__{name.upper()}__ENABLED": "false" for name in others})
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


# --- a scenario of hand-picked applications, and the process driven item by item ---------------------


def seed_scenario(sandbox: Any, scenario: Scenario, extra_payloads: tuple[dict[str, Any], ...] = ()) -> None:
    """Load ``scenario`` into the sandbox's three systems, then ``extra_payloads`` into the e-service."""
    from sandbox import case_system, eservice, income_register

    payloads = [application.payload for application in scenario.applications] + list(extra_payloads)
    eservice.seed(sandbox.eservice_db, payloads)
    income_register.seed(sandbox.register_db, scenario.payments, scenario.gaps)
    case_system.seed(sandbox.case_system_db, scenario.cases)


def resubmitted(payload: dict[str, Any], reference: str) -> dict[str, Any]:
    """The same application submitted again under another reference (the citizen pressed send twice)."""
    return {**copy.deepcopy(payload), "reference": reference}


def first_with(scenario: Scenario, outcome: str) -> dict[str, Any]:
    """The payload of the scenario's first application the oracle expects to end ``outcome``."""
    return next(a.payload for a in scenario.applications if a.expected.outcome == outcome)


@contextmanager
def live_process(settings: Settings) -> Iterator[Any]:
    """The configured försörjningsstöd process, created from ``settings`` and started (browser open)."""
    from robot.settings.process_context import process_context

    process_settings = settings.processes[0]
    process = process_settings.process_definition.create(process_context(settings, process_settings))
    process.start()
    try:
        yield process
    finally:
        process.stop()


def view_for(payload: dict[str, Any], item_id: int = 1, attempts: int = 1, related: Any = ()) -> WorkItemView:
    """A claimed work item as the engine shows it to the process."""
    return WorkItemView(
        id=item_id,
        process="forsorjningsstod",
        reference=payload["reference"],
        payload=payload,
        attempts=attempts,
        subject=payload["applicant"]["identity_number"],
        period=payload["month"],
        related=tuple(related),
    )


def work_context(directory: Path, attempt: int = 1) -> WorkContext:
    return WorkContext(run_id="test", attempt=attempt, evidence_dir=directory, heartbeat=lambda: None)
