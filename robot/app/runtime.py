"""Wiring: from settings to a database, a queue, a process and a finished pass with its report.

This is where the engine meets configuration. It knows processes only through the
:class:`robot.process.ProcessDefinition` each ``[[processes]]`` block names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import structlog
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from robot.engine.evidence import fernet_key, purge_older_than
from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.engine.pass_state import PassSummary
from robot.masking import mask_url_password
from robot.queue.db import make_engine
from robot.queue.schema import SchemaError, migrate
from robot.queue.store import WorkQueue
from robot.report.decision_times import figures, recent
from robot.report.workbook import ReportContext, write_report
from robot.settings import ProcessSettings, Settings, SettingsError
from robot.settings.process_context import process_context
from robot.settings.secrets import where_to_put

log = structlog.get_logger("robot.app.runtime")


def evidence_key(settings: Settings) -> bytes | None:
    """The key that encrypts evidence, or None (sandbox only, said in the log).

    Production refuses to run without one: evidence holds personal data (page HTML, screenshots and,
    when tracing, whole traces).
    """
    evidence = settings.evidence
    secret = settings.secrets.get(evidence.key_secret) if evidence.encrypt else None
    if secret is not None:
        return fernet_key(secret.get_secret_value())
    if settings.environment == "production" and (evidence.encrypt or evidence.trace != "off"):
        raise SettingsError(
            f"Evidence must be encrypted in production, and the evidence key {evidence.key_secret!r} is not "
            f'set. Give it in {where_to_put(evidence.key_secret)} (make one with: python -c "from '
            'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")'
            + (" or set [evidence] encrypt = true." if not evidence.encrypt else ".")
        )
    log.warning(
        "evidence_unencrypted",
        reason="no evidence key is set (sandbox): evidence is kept owner-only but not encrypted",
        secret=evidence.key_secret,
    )
    return None


def engine_options(settings: Settings, process: ProcessSettings | None = None) -> EngineOptions:
    engine = settings.engine
    options = EngineOptions(
        worker_id=engine.effective_worker_id(),
        lease_seconds=engine.lease_seconds,
        max_attempts=engine.max_attempts,
        backoff_base_seconds=engine.backoff_base_seconds,
        backoff_max_seconds=engine.backoff_max_seconds,
        circuit_breaker_threshold=engine.circuit_breaker_threshold,
        max_items_per_pass=engine.max_items_per_pass,
        max_submission_bytes=engine.max_submission_bytes,
        follow_up_minutes=engine.follow_up_minutes,
        evidence_key=evidence_key(settings),
        evidence_root=settings.paths.artifacts_dir,
    )
    if process is None:
        return options
    return dataclasses.replace(options, oversized_message=process.process_definition.labels.oversized)


def open_database(settings: Settings) -> Engine:
    """The work-queue database migrated to the newest schema, or a SettingsError naming the database and the setting."""
    try:
        engine = make_engine(settings.database.url)
        migrate(engine)
    except SchemaError as error:
        raise SettingsError(f"The database {mask_url_password(settings.database.url)}: {error}") from None
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise SettingsError(
            f"The database {mask_url_password(settings.database.url)} (database.url, ROBOT_DATABASE__URL) "
            f"cannot be opened: {mask_url_password(reason)}. Check that it is running and reachable, "
            "and the address, user and database name."
        ) from None
    return engine


@dataclass
class PassOutcome:
    process: str
    summary: PassSummary
    report: Path | None  # None when the pass received and handled nothing new (no empty report is written)


def run_process_pass(
    settings: Settings,
    process_settings: ProcessSettings,
    database: Engine,
    stop_requested: Callable[[], bool] = lambda: False,
) -> PassOutcome:
    """One pass of one process: intake, every claimable item, then the Excel report."""
    definition = process_settings.process_definition
    context = process_context(settings, process_settings)
    sessions = [definition.create(context) for _ in range(settings.engine.sessions)]
    queue = WorkQueue(database, process_settings.name, definition.channels)
    summary = run_pass(
        sessions, queue, engine_options(settings, process_settings), stop_requested=stop_requested
    )
    items = queue.items(run_id=summary.run_id)
    if not items and not summary.stop_code and not summary.counts.get("intake_errors"):
        log.info("pass_report_skipped", process=process_settings.name, run_id=summary.run_id)
        return PassOutcome(process=process_settings.name, summary=summary, report=None)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = settings.paths.reports_dir / f"{process_settings.name}-{stamp}-{summary.run_id[:8]}.xlsx"
    report_context = ReportContext(
        labels=definition.labels,
        process_title=definition.title,
        mask_identity=definition.mask_identity,
        timezone=process_settings.timezone,
    )
    write_report(report, summary, items, report_context, [figures(items), figures(recent(queue))])
    queue.set_report_path(summary.run_id, report)
    log.info("pass_report_written", process=process_settings.name, run_id=summary.run_id, report=str(report))
    return PassOutcome(process=process_settings.name, summary=summary, report=report)


def purge_evidence(settings: Settings) -> int:
    """Delete evidence folders older than the retention period; returns how many."""
    removed = purge_older_than(settings.paths.artifacts_dir, settings.paths.artifacts_retention_days)
    if removed:
        log.info("evidence_purged", folders=removed, days=settings.paths.artifacts_retention_days)
    return removed


def run_all_once(settings: Settings, stop_requested: Callable[[], bool] = lambda: False) -> list[PassOutcome]:
    """One pass of every enabled process, after deleting evidence past its retention period."""
    purge_evidence(settings)
    database = open_database(settings)
    outcomes = []
    try:
        for process_settings in settings.processes:
            if not process_settings.enabled:
                continue
            if stop_requested():
                break
            outcomes.append(run_process_pass(settings, process_settings, database, stop_requested))
    finally:
        database.dispose()
    return outcomes
