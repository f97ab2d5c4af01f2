"""``purge [--dry-run]`` and ``items export``: items, reports, rotated logs and evidence past their time."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import structlog
from sqlalchemy.engine import Engine

from robot.app.cli import main
from robot.app.purge import carry_out, describe, plan_purge
from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.process import Decided
from robot.queue.db import make_engine
from robot.queue.models import utcnow
from robot.queue.schema import migrate
from robot.queue.store import WorkQueue
from robot.settings import Settings, load_settings
from tests.robot.app.test_cli import environment
from tests.robot.fakes import FakeProcess, identity_for, record

KEY = b"pseudonym key"
OLD_REPORT = "forsorjningsstod-20210101-070000-0123abcd.xlsx"
NEW_REPORT = "forsorjningsstod-20210401-070000-4567cdef.xlsx"


def _aged(path: Path, moment: datetime, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b"x")
    when = (moment - timedelta(days=days)).timestamp()
    os.utime(path, (when, when))
    return path


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    return load_settings()


@pytest.fixture
def database(settings: Settings) -> Engine:
    engine = make_engine(settings.database.url)
    migrate(engine)
    return engine


@pytest.fixture
def decided(database: Engine, settings: Settings, options: EngineOptions) -> WorkQueue:
    """ES-1 proposed and decided; ES-2 proposed, not decided; ES-3 failed with evidence in a recent pass folder."""
    queue = WorkQueue(database, "forsorjningsstod")
    evidence = dataclasses.replace(options, evidence_root=settings.paths.artifacts_dir)
    first = FakeProcess([record("ES-1"), record("ES-2"), record("ES-3")], script={"ES-3": ["app"]})
    follow = FakeProcess()
    follow.decisions["ES-1"] = Decided("approved", 4321, "handlaggare1")
    for process in (first, follow):
        process.name = "forsorjningsstod"
        run_pass(process, queue, evidence)
    return queue


def test_the_dry_run_lists_what_would_go_and_the_purge_removes_exactly_that(
    settings: Settings, database: Engine, decided: WorkQueue
) -> None:
    moment = utcnow() + timedelta(days=91)  # the decision is 91 days old, the undecided items are not due
    reports, logs, artifacts = (
        settings.paths.reports_dir,
        settings.paths.log_file,
        settings.paths.artifacts_dir,
    )
    old_report, new_report = _aged(reports / OLD_REPORT, moment, 100), _aged(reports / NEW_REPORT, moment, 10)
    other = _aged(reports / "sosialhjelp-20210101-070000-89abcdef.xlsx", moment, 100)
    notes = _aged(reports / "notes.txt", moment, 400)
    decided.set_report_path(decided.passes()[0].run_id, str(old_report))
    current, old_log, new_log = (
        _aged(logs, moment, 200),
        _aged(logs.with_name(logs.name + ".2"), moment, 91),
        _aged(logs.with_name(logs.name + ".1"), moment, 5),
    )
    old_pass = _aged(artifacts / "0ld0run" / "item-9" / "attempt-1" / "page.html", moment, 31).parents[2]
    failed = decided.get("ES-3")
    assert failed is not None and failed.evidence
    evidence_of_a_recent_pass = sorted({Path(path).parents[2] for path in failed.evidence})
    for path in [
        path for folder in evidence_of_a_recent_pass for path in folder.rglob("*") if path.is_file()
    ]:
        _aged(path, moment, 1)

    plan = plan_purge(settings, database, now=moment)
    lines = describe(plan, dry_run=True)
    assert lines[0].startswith("forsorjningsstod: would pseudonymise 1 item(s): 1 decided before ")
    assert lines[0].endswith(": ES-1")
    assert lines[1] == f"forsorjningsstod: would delete 1 report(s) older than 90 days: {old_report}"
    assert lines[3] == f"sosialhjelp: would delete 1 report(s) older than 90 days: {other}"
    assert lines[4] == f"logs: would delete 1 rotated log file(s) older than 90 days: {old_log}"
    assert lines[5] == f"evidence: would delete 1 pass folder(s) older than 30 days: {old_pass}"
    assert old_report.exists() and old_log.exists() and old_pass.exists()  # the plan changed nothing
    item = decided.get("ES-1")
    assert item is not None and item.pseudonymised_at is None

    done = carry_out(plan, settings, database, KEY)
    assert done.items == {"forsorjningsstod": 1, "sosialhjelp": 0} and done.reports == 2 and done.logs == 1
    assert not old_report.exists() and not other.exists() and not old_log.exists() and not old_pass.exists()
    assert new_report.exists() and notes.exists() and current.exists() and new_log.exists()
    assert all(folder.exists() for folder in evidence_of_a_recent_pass)
    assert decided.passes()[0].report_path is None  # the pass no longer names a report that is gone
    item = decided.get("ES-1")
    assert item is not None and item.pseudonymised_at is not None and item.subject is None
    untouched = decided.get("ES-2")
    assert untouched is not None and untouched.subject == identity_for("ES-2") and untouched.payload


def test_an_undecided_items_evidence_goes_with_it(
    settings: Settings, database: Engine, decided: WorkQueue
) -> None:
    failed = decided.get("ES-3")
    assert failed is not None
    files = [Path(path) for path in failed.evidence]
    assert files and all(path.is_file() for path in files)
    moment = utcnow() + timedelta(days=366)
    done = carry_out(plan_purge(settings, database, now=moment), settings, database, KEY)
    assert done.items["forsorjningsstod"] == 3 and done.evidence_files == len(files)
    assert not any(path.exists() for path in files)


def _robot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str, **env: str) -> tuple[int, str, str]:
    """Run the command line in this process, as systemd would: standard error is the journal stream."""
    for name, value in {**environment(tmp_path), **env}.items():
        monkeypatch.setenv(name, value)
    umask = os.umask(0o022)
    os.umask(umask)
    with open(tmp_path / "stderr.txt", "w+") as stderr, open(tmp_path / "stdout.txt", "w+") as stdout:
        found = os.fstat(stderr.fileno())
        monkeypatch.setenv("JOURNAL_STREAM", f"{found.st_dev}:{found.st_ino}")
        monkeypatch.setattr(sys, "stderr", stderr)
        monkeypatch.setattr(sys, "stdout", stdout)
        try:
            code = main(list(args))
        finally:
            os.umask(umask)
            root = logging.getLogger()
            for handler in [h for h in root.handlers if getattr(h, "_robot_logging_handler", False)]:
                root.removeHandler(handler)
            structlog.reset_defaults()
            monkeypatch.undo()
        stdout.seek(0)
        stderr.seek(0)
        return code, stdout.read(), stderr.read()


def test_purge_under_systemd_logs_to_the_journal_and_production_needs_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decided: WorkQueue
) -> None:
    code, out, err = _robot(tmp_path, monkeypatch, "purge", "--dry-run")
    assert code == 0, err
    assert out.startswith("Dry run: nothing was changed.\nforsorjningsstod: would pseudonymise 0 item(s)")
    journal = [line for line in err.splitlines() if line.startswith("<")]
    assert journal and all(line[:3] in ("<6>", "<4>") and line[3] == "{" for line in journal)
    assert not (tmp_path / "logs" / "robot.jsonl").exists()  # under systemd the journal keeps the log

    production = {"ROBOT_ENVIRONMENT": "production", "ROBOT_SANDBOX__EMBEDDED": "false"}
    code, out, err = _robot(tmp_path, monkeypatch, "purge", **production)
    assert code == 2
    assert "The pseudonym key 'pseudonym_key' is not set" in err and "ROBOT_PSEUDONYM_KEY" in err
    code, out, err = _robot(tmp_path, monkeypatch, "purge", ROBOT_PSEUDONYM_KEY="k" * 32)
    assert code == 0 and out.startswith("Purged what was past its retention."), err


def test_items_export_gives_everything_about_the_person_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decided: WorkQueue
) -> None:
    target = tmp_path / "export.json"
    code, _out, err = _robot(tmp_path, monkeypatch, "items", "export", "ES-1", "--output", str(target))
    assert code == 0, err
    assert "holds personal data" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["identity_number"] == identity_for("ES-1")
    [item] = exported["items"]
    assert item["reference"] == "ES-1" and item["role"] == "applicant" and item["name"] == "Anna Testsson"
    assert item["caseworker_decision"]["outcome"] == "approved" and item["proposal"] == {
        "decision": "bevilja"
    }
    assert item["application"] == {"reference": "ES-1"} and item["notices"] == []
    code, _out, err = _robot(tmp_path, monkeypatch, "items", "export", "ES-404")
    assert code == 2 and "No item 'ES-404' in any process" in err


def test_run_purges_daily_on_the_retention_schedule(
    settings: Settings, database: Engine, decided: WorkQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from robot.app import purge
    from robot.app.commands.run import purge_job

    job = purge_job(settings)
    assert (job.name, job.cron, job.timezone) == ("purge", "30 2 * * *", "Europe/Stockholm")
    later = utcnow() + timedelta(days=91)
    monkeypatch.setattr(purge, "utcnow", lambda: later)
    job.func()
    item = decided.get("ES-1")
    assert item is not None and item.pseudonymised_at is not None and item.subject is None
