"""Running passes on a schedule: one APScheduler cron job per process, one pass at a time, clean stop.

A job's cron expression (e.g. ``*/15 7-18 * * mon-fri``) is read in the job's time zone
(Europe/Stockholm by default). A job never overlaps itself (``max_instances=1``), missed runs are
collapsed into one (``coalesce``), and a run later than ``misfire_grace_seconds`` is skipped.
On SIGTERM or Ctrl-C the stop event is set: the running pass sees it between items (pass
``stop_event.is_set`` as the loop's ``stop_requested``), and the scheduler waits for it to end.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

log = structlog.get_logger("robot.engine.scheduler")

DEFAULT_TIMEZONE = "Europe/Stockholm"


@dataclass(frozen=True)
class ScheduledJob:
    """One process on a schedule. ``func`` runs one pass; it should check the stop event between items."""

    name: str
    cron: str
    func: Callable[[], object]
    timezone: str = DEFAULT_TIMEZONE
    misfire_grace_seconds: int = 300
    run_at_start: bool = False  # also run once right away


def build_trigger(cron: str, timezone: str = DEFAULT_TIMEZONE) -> CronTrigger:
    """A cron trigger from a five-field crontab string. Raises ValueError with a readable sentence."""
    try:
        return CronTrigger.from_crontab(cron, timezone=ZoneInfo(timezone))
    except (ValueError, LookupError) as error:
        raise ValueError(
            f"The schedule {cron!r} ({timezone}) is not a valid cron expression; write five fields, "
            f"minute hour day month weekday, e.g. '*/15 7-18 * * mon-fri' ({error})."
        ) from error


def _guarded(job: ScheduledJob) -> Callable[[], None]:
    def run() -> None:
        log.info("scheduled_pass_started", job=job.name)
        try:
            job.func()
        except Exception:
            log.exception("scheduled_pass_crashed", job=job.name)
        else:
            log.info("scheduled_pass_finished", job=job.name)

    return run


def add_jobs(scheduler: Any, jobs: list[ScheduledJob]) -> list[Job]:
    """Add each job to an APScheduler 3 scheduler with one-at-a-time options."""
    added: list[Job] = []
    for job in jobs:
        options: dict[str, Any] = {}
        if job.run_at_start:
            options["next_run_time"] = datetime.now(ZoneInfo(job.timezone))
        added.append(
            scheduler.add_job(
                _guarded(job),
                trigger=build_trigger(job.cron, job.timezone),
                id=job.name,
                name=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=job.misfire_grace_seconds,
                replace_existing=True,
                **options,
            )
        )
    return added


def install_signal_handlers(stop_event: threading.Event) -> Callable[[], None]:
    """Make SIGTERM and SIGINT set ``stop_event``. Returns a function that restores the old handlers.

    Only possible in the main thread; elsewhere nothing is installed.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, Any] = {}

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.warning("stop_requested", signal=signal.Signals(signum).name)
        stop_event.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, handler)

    def restore() -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)

    return restore


def run_scheduled(
    jobs: list[ScheduledJob],
    stop_event: threading.Event,
    *,
    install_signals: bool = False,
    poll_seconds: float = 0.5,
) -> None:
    """Run the jobs on their schedules until ``stop_event`` is set, then wait for a running pass to end.

    With ``install_signals`` SIGTERM and Ctrl-C set the stop event (leave it off when the caller
    installs its own handlers).
    """
    restore = install_signal_handlers(stop_event) if install_signals else (lambda: None)
    scheduler = BackgroundScheduler(timezone=ZoneInfo(DEFAULT_TIMEZONE))
    try:
        added = add_jobs(scheduler, jobs)
        scheduler.start()
        for job in added:
            log.info("job_scheduled", job=job.name, next_run=str(job.next_run_time))
        while not stop_event.wait(poll_seconds):
            pass
        log.info("scheduler_stopping", reason="stop requested; waiting for the running pass")
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)
        restore()
    log.info("scheduler_stopped")
