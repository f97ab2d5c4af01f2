"""Wiring: from settings to a database, a queue, a process and a finished pass with its report.

This is where the engine meets configuration. It knows processes only by the dotted factory path
in the settings.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import structlog
from sqlalchemy.engine import Engine

from robot.db import create_tables, make_engine
from robot.evidence import purge_older_than
from robot.loop import PassSummary, run_pass
from robot.options import EngineOptions
from robot.process import Process
from robot.queue import WorkQueue
from robot.report import write_report
from robot.settings import ProcessSettings, Settings

log = structlog.get_logger("robot.runtime")


@dataclass(frozen=True)
class ProcessContext:
    """What a process factory receives: all settings, its own section, and where to put evidence."""

    settings: Settings
    process: ProcessSettings


ProcessFactory = Callable[[ProcessContext], Process]


def load_factory(dotted: str) -> ProcessFactory:
    """Import ``package.module:function``. Raises ValueError with a sentence if it cannot be found."""
    module_name, _, attribute = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
        factory: ProcessFactory = getattr(module, attribute)
    except (ImportError, AttributeError) as error:
        raise ValueError(
            f"The process factory {dotted!r} cannot be loaded ({error}). Check 'factory' in the "
            "[[processes]] section of the settings file."
        ) from error
    return factory


def engine_options(settings: Settings) -> EngineOptions:
    engine = settings.engine
    return EngineOptions(
        worker_id=engine.effective_worker_id(),
        lease_seconds=engine.lease_seconds,
        max_attempts=engine.max_attempts,
        backoff_base_seconds=engine.backoff_base_seconds,
        backoff_max_seconds=engine.backoff_max_seconds,
        circuit_breaker_threshold=engine.circuit_breaker_threshold,
        max_items_per_pass=engine.max_items_per_pass,
        evidence_root=settings.paths.artifacts_dir,
    )


def open_database(settings: Settings) -> Engine:
    engine = make_engine(settings.database.url)
    create_tables(engine)
    return engine


@dataclass
class PassOutcome:
    process: str
    summary: PassSummary
    report: Path


def run_process_pass(
    settings: Settings,
    process_settings: ProcessSettings,
    database: Engine,
    stop_requested: Callable[[], bool] = lambda: False,
) -> PassOutcome:
    """One pass of one process: intake, every claimable item, then the Excel report."""
    factory = load_factory(process_settings.factory)
    process = factory(ProcessContext(settings=settings, process=process_settings))
    queue = WorkQueue(database, process_settings.name)
    summary = run_pass(process, queue, engine_options(settings), stop_requested=stop_requested)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = settings.paths.reports_dir / f"{process_settings.name}-{stamp}-{summary.run_id[:8]}.xlsx"
    items = queue.items(run_id=summary.run_id)
    write_report(report, summary, items)
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
    for process_settings in settings.processes:
        if not process_settings.enabled:
            continue
        if stop_requested():
            break
        outcomes.append(run_process_pass(settings, process_settings, database, stop_requested))
    database.dispose()
    return outcomes


@contextmanager
def embedded_sandbox(settings: Settings, seed_if_empty: bool = True) -> Iterator[Settings]:
    """Start the stand-in systems in-process when the settings ask for it; yield settings pointing at them."""
    if not settings.sandbox.embedded:
        yield settings
        return
    from sandbox.runner import Sandbox  # the sandbox is only imported when it is used

    password = settings.case_system_password.get_secret_value() if settings.case_system_password else None
    sandbox = Sandbox(settings.sandbox.data_dir, robot_password=password)
    with sandbox:
        if seed_if_empty and sandbox.is_empty():
            sandbox.seed_synthetic(
                settings.sandbox.seed, settings.sandbox.applications, settings.sandbox.month
            )
        yield sandbox.point_settings(settings)
