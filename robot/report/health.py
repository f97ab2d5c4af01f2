"""``status --check``: is every enabled process running as it should? For a supervisor or monitoring to call.

A process is unwell when its last pass could not start (``init_failed``), its circuit breaker opened,
items failed in its last pass, or no pass ran within two intervals of its schedule (the scheduler is
down, or passes crash before they are recorded). Each problem is one sentence saying what to do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.engine import Engine

from robot.queue.models import utcnow
from robot.queue.store import WorkQueue
from robot.settings import ProcessSettings

LOOKBACK = timedelta(days=8)  # far enough back to find two fire times of any weekly schedule


def fire_times(process: ProcessSettings, until: datetime) -> list[datetime]:
    """The schedule's fire times in the week before ``until``, oldest first (timezone-aware)."""
    trigger = CronTrigger.from_crontab(process.schedule, timezone=ZoneInfo(process.timezone))
    moment = until - LOOKBACK
    times: list[datetime] = []
    previous: datetime | None = None
    while True:
        following = trigger.get_next_fire_time(previous, moment)
        if following is None or following > until:
            return times
        times.append(following)
        previous, moment = following, following + timedelta(microseconds=1)


def problems(database: Engine, processes: list[ProcessSettings], now: datetime | None = None) -> list[str]:
    """One sentence per problem of the enabled processes; an empty list when all is well."""
    now = now or utcnow()
    found: list[str] = []
    for process in processes:
        if not process.enabled:
            continue
        recent = WorkQueue(database, process.name).passes(limit=1)
        last = recent[0] if recent else None
        scheduled = fire_times(process, now)
        grace = timedelta(seconds=process.misfire_grace_seconds)
        if len(scheduled) >= 2 and (last is None or last.started_at < scheduled[-2] - grace):
            since = f"since {last.started_at:%Y-%m-%d %H:%M} UTC" if last else "ever"
            found.append(
                f"{process.name}: no pass has run {since}, though the schedule '{process.schedule}' "
                f"({process.timezone}) asked for two since {scheduled[-2]:%Y-%m-%d %H:%M %Z}. Check that "
                "`run_robot.py run` is running (its service, its log)."
            )
        if last is None:
            continue
        when = f"the last pass ({last.started_at:%Y-%m-%d %H:%M} UTC, {last.run_id[:8]})"
        if last.stop_code == "init_failed":
            found.append(
                f"{process.name}: {when} could not start: {last.stopped_reason} Check the systems' addresses "
                "and the robot's login."
            )
        elif last.stop_code == "circuit_breaker":
            found.append(f"{process.name}: {when} stopped its circuit breaker: {last.stopped_reason}")
        failed = int((last.counts or {}).get("failed", 0))
        if failed:
            found.append(
                f"{process.name}: {failed} item(s) failed in {when}. Read the report's failure sheet, fix the "
                "cause, then run `run_robot.py retry-failed`."
            )
    return found
