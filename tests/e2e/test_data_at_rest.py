"""Personal data at rest: owner-only files whatever the umask, sealed evidence, and no leak after a fault run.

A worker process runs against a hostile case system with an evidence key and tracing on every item.
Afterwards the logs, the console and the reports hold no unmasked identity number; the evidence
files on disk are encrypted (nothing readable in them); opened with ``evidence show`` they hold the
pages as the robot saw them, but never the password or any session cookie the case system issued.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from openpyxl import load_workbook

from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox.faults import FaultSettings
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import (
    PASSWORD,
    PROJECT,
    identity_numbers,
    start_worker,
    unmasked_in,
    worker_environment,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 77, 12, "2021-12"
FAULTS = FaultSettings(
    error_rate=0.2, post_error_rate=0.3, dialog_rate=0.1, seed=SEED, only_paths=("/arende", "/forslag")
)


def readable_text(path: Path) -> str:
    """A file's bytes as text, looking inside zip files (traces) too."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            data += b"".join(archive.read(name) for name in archive.namelist())
    return data.decode("utf-8", errors="replace")


def test_a_fault_run_leaks_nothing_and_its_evidence_opens_only_with_the_key(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    scenario = generate(SEED, COUNT, MONTH)
    numbers = identity_numbers(scenario)
    output = tmp_path / "console.txt"
    with Sandbox(tmp_path / "sandbox", robot_password=PASSWORD, faults=FAULTS) as sandbox:
        sandbox.seed_synthetic(SEED, COUNT, MONTH)
        env = worker_environment(
            tmp_path / "data",
            sandbox,
            f"sqlite:///{tmp_path / 'data' / 'robot.db'}",
            max_attempts="2",
            circuit_breaker_threshold="50",
        )
        env |= {"ROBOT_EVIDENCE_KEY": key, "ROBOT_EVIDENCE__TRACE": "always"}
        assert start_worker(env, output).wait(timeout=900) in (0, 1)
        issued = set(sandbox.case_system_app.state.sessions.issued_tokens())
    queue = WorkQueue(make_engine(f"sqlite:///{tmp_path / 'data' / 'robot.db'}"), "forsorjningsstod")
    evidence = sorted({Path(path) for item in queue.items() for path in item.evidence})
    assert evidence, output.read_text("utf-8")[-3000:]
    assert issued, "the case system issued session cookies"
    for path in evidence:
        assert path.name.endswith(".enc"), path
        text = readable_text(path)
        assert unmasked_in(text, numbers) == [] and PASSWORD not in text
        assert not any(token in text for token in issued)
    console = output.read_text("utf-8")
    log = (tmp_path / "data" / "logs" / "robot.jsonl").read_text("utf-8")
    cells = " ".join(
        str(value)
        for report in (tmp_path / "data" / "reports").glob("*.xlsx")
        for sheet in load_workbook(report).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    for text in (console, log, cells):
        assert unmasked_in(text, numbers) == [] and PASSWORD not in text and key not in text
        assert not any(token in text for token in issued)
    item = next(i for i in queue.items() if i.evidence)
    shown = subprocess.run(
        [sys.executable, "run_robot.py", "evidence", "show", item.reference],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    folder = Path(shown.stdout.split(" opened in ")[1].split(":")[0])
    try:
        opened = [path for path in folder.rglob("*") if path.is_file()]
        assert opened and stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert any(path.suffix == ".html" for path in opened)
        assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in opened)
        for path in opened:
            text = readable_text(path)
            assert PASSWORD not in text and not any(token in text for token in issued)
        assert "playwright show-trace" in shown.stdout
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_everything_the_robot_writes_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ROBOT_")}
    env |= {
        "ROBOT_PATHS__DATA_DIR": str(tmp_path / "data"),
        "ROBOT_PATHS__REPORTS_DIR": str(tmp_path / "data" / "reports"),
        "ROBOT_PATHS__LOG_FILE": str(tmp_path / "data" / "logs" / "robot.jsonl"),
        "ROBOT_PATHS__ARTIFACTS_DIR": str(tmp_path / "data" / "artifacts"),
        "ROBOT_DATABASE__URL": f"sqlite:///{tmp_path / 'data' / 'robot.db'}",
        "ROBOT_SANDBOX__DATA_DIR": str(tmp_path / "data" / "sandbox"),
        "ROBOT_SANDBOX__APPLICATIONS": "4",
        "ROBOT_SECRETS_DIR": str(tmp_path / "no-secrets"),
    }
    result = subprocess.run(
        ["bash", "-c", f"umask 022 && {sys.executable} run_robot.py once"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = list((tmp_path / "data").rglob("*"))
    kinds = {path.suffix for path in written}
    assert {".db", ".jsonl", ".xlsx"} <= kinds, kinds
    loose = [
        f"{path.relative_to(tmp_path)} {oct(stat.S_IMODE(path.stat().st_mode))}"
        for path in written
        if stat.S_IMODE(path.stat().st_mode) & 0o077
    ]
    assert loose == []
