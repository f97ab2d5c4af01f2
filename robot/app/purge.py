"""Purging what is past its retention: items (pseudonymised), reports, rotated logs and evidence.

:func:`plan_purge` finds what is due under the settings (``[processes.retention]``, ``[logs]
retention_days``, ``[paths] artifacts_retention_days``) without changing anything, so ``purge
--dry-run`` can say what it would do; :func:`carry_out` does it. ``run`` purges on ``[retention]
schedule`` (daily). Several workers may purge at once: an item is pseudonymised once, a file that is
already gone is skipped. Each machine purges its own reports, logs and evidence.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import structlog
from sqlalchemy.engine import Engine

from robot.engine.evidence import delete_files, expired_runs
from robot.queue.models import utcnow
from robot.queue.retention import DueItem, due_items, forget_reports, pseudonymise
from robot.settings import Settings, SettingsError
from robot.settings.secrets import where_to_put

log = structlog.get_logger("robot.app.purge")
SHOWN = 20  # references listed per process; the rest are counted


@dataclass
class ProcessPurge:
    process: str
    decided_before: datetime
    finished_before: datetime
    items: list[DueItem]
    report_days: int
    reports: list[Path]


@dataclass
class PurgePlan:
    processes: list[ProcessPurge]
    log_days: int
    logs: list[Path]
    evidence_days: int
    evidence: list[Path]


@dataclass
class PurgeDone:
    items: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    logs: int = 0
    evidence_folders: int = 0
    evidence_files: int = 0


def pseudonym_key(settings: Settings) -> bytes:
    """The key of the identity numbers' keyed hashes: production refuses to go on without it (a
    SettingsError saying where to put it); the sandbox makes one up for this run and says so."""
    name = settings.retention.pseudonym_key_secret
    secret = settings.secrets.get(name)
    if secret is None and settings.environment != "production":
        log.warning(
            "pseudonym_key_made_up", secret=name, reason="not set (sandbox): pseudonyms of this run only"
        )
        return secrets.token_bytes(32)
    if secret is None:
        raise SettingsError(
            f"The pseudonym key {name!r} is not set, so items past their retention cannot be pseudonymised. "
            f'Give it in {where_to_put(name)} (make one with: python -c "import secrets; '
            'print(secrets.token_urlsafe(32))"), and keep it: the same key gives the same pseudonyms.'
        )
    return secret.get_secret_value().encode("utf-8")


def _older_than(paths: list[Path], cutoff: datetime) -> list[Path]:
    return sorted(path for path in paths if path.is_file() and path.stat().st_mtime < cutoff.timestamp())


def _reports(settings: Settings, process: str, cutoff: datetime) -> list[Path]:
    named = re.compile(rf"^{re.escape(process)}-\d{{8}}-\d{{6}}-[0-9a-f]{{8}}\.xlsx$")
    folder = settings.paths.reports_dir
    found = [path for path in folder.iterdir() if named.match(path.name)] if folder.is_dir() else []
    return _older_than(found, cutoff)


def _rotated_logs(settings: Settings, cutoff: datetime) -> list[Path]:
    current = settings.paths.log_file
    rotated = re.compile(rf"^{re.escape(current.name)}\.\d+$")
    folder = current.parent
    return _older_than(
        [p for p in folder.iterdir() if rotated.match(p.name)] if folder.is_dir() else [], cutoff
    )


def plan_purge(settings: Settings, database: Engine, now: datetime | None = None) -> PurgePlan:
    """What is past its retention now; nothing is changed."""
    moment = now or utcnow()
    processes = []
    for process in settings.processes:
        keep = process.retention
        decided_before = moment - timedelta(days=keep.decided_days)
        finished_before = moment - timedelta(days=keep.undecided_days)
        processes.append(
            ProcessPurge(
                process=process.name,
                decided_before=decided_before,
                finished_before=finished_before,
                items=due_items(database, process.name, decided_before, finished_before),
                report_days=keep.report_days,
                reports=_reports(settings, process.name, moment - timedelta(days=keep.report_days)),
            )
        )
    paths = settings.paths
    return PurgePlan(
        processes=processes,
        log_days=settings.logs.retention_days,
        logs=_rotated_logs(settings, moment - timedelta(days=settings.logs.retention_days)),
        evidence_days=paths.artifacts_retention_days,
        evidence=expired_runs(paths.artifacts_dir, paths.artifacts_retention_days, moment.timestamp()),
    )


def carry_out(plan: PurgePlan, settings: Settings, database: Engine, key: bytes) -> PurgeDone:
    """Pseudonymise the due items (deleting their evidence files) and delete the due files."""
    done = PurgeDone()
    for process in plan.processes:
        result = pseudonymise(database, process.items, key)
        done.items[process.process] = result.items
        done.evidence_files += delete_files(result.evidence, settings.paths.artifacts_dir)
        deleted = []
        for report in process.reports:
            report.unlink(missing_ok=True)
            deleted.append(str(report))
        forget_reports(database, deleted)
        done.reports += len(deleted)
    for rotated in plan.logs:
        rotated.unlink(missing_ok=True)
        done.logs += 1
    for folder in plan.evidence:
        shutil.rmtree(folder, ignore_errors=True)
        done.evidence_folders += 1
    log.info(
        "purge_done",
        items=done.items,
        reports=done.reports,
        logs=done.logs,
        evidence_folders=done.evidence_folders,
        evidence_files=done.evidence_files,
    )
    return done


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def describe(plan: PurgePlan, dry_run: bool) -> list[str]:
    """One line per kind of data: what would go (``dry_run``) or went, and under which limit."""
    verb = "would " if dry_run else ""
    lines = []
    for process in plan.processes:
        decided = sum(1 for item in process.items if item.decided)
        lines.append(
            f"{process.process}: {verb}pseudonymise {len(process.items)} item(s): {decided} decided before "
            f"{process.decided_before:%Y-%m-%d}, {len(process.items) - decided} finished without a decision "
            f"before {process.finished_before:%Y-%m-%d}"
            + (f": {_listed([item.reference for item in process.items])}" if process.items else "")
        )
        lines.append(
            f"{process.process}: {verb}delete {len(process.reports)} report(s) older than {process.report_days} days"
            + (f": {_listed([str(path) for path in process.reports])}" if process.reports else "")
        )
    lines.append(
        f"logs: {verb}delete {len(plan.logs)} rotated log file(s) older than {plan.log_days} days"
        + (f": {_listed([str(path) for path in plan.logs])}" if plan.logs else "")
    )
    lines.append(
        f"evidence: {verb}delete {len(plan.evidence)} pass folder(s) older than {plan.evidence_days} days"
        + (f": {_listed([str(path) for path in plan.evidence])}" if plan.evidence else "")
    )
    return lines
