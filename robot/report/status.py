"""The ``status`` command's view: the queue by state and the last passes, per process.

Times are shown in the process's time zone and say which (``2021-12-01 09:15:02 CET``), like the
report; the JSON log keeps UTC and says so (``...Z``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from robot.queue.store import WorkQueue
from robot.report.decision_times import Durations, duration_text, figures
from robot.report.decision_times import recent as recent_items
from robot.settings import ProcessSettings


def queue_counts(database: Engine, process: str) -> dict[str, int]:
    return WorkQueue(database, process).counts()


def local_time(moment: datetime, timezone: str) -> str:
    """``2021-12-01 09:15:02 CET``: the moment in ``timezone``, with the zone's abbreviation."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M:%S %Z")


def _hours(durations: Durations) -> str:
    if not durations.count:
        return "(none yet)"
    median, p95 = duration_text(durations.median_hours), duration_text(durations.p95_hours)
    return f"median {median}, 95th percentile {p95} ({durations.count})"


def format_status(database: Engine, processes: Sequence[ProcessSettings], passes: int = 5) -> str:
    lines: list[str] = []
    for process in processes:
        queue = WorkQueue(database, process.name)
        counts = queue.counts()
        lines.append(f"{process.name}: {sum(counts.values())} items")
        lines.append("  " + "  ".join(f"{state} {count}" for state, count in counts.items()))
        found = figures(recent_items(queue))
        lines.append(
            "  last 30 days: submission to proposal "
            + _hours(found.to_proposal)
            + "; to the caseworker's decision "
            + _hours(found.to_decision)
            + f"; {found.undecided_over_24h} older than 24 h without a decision"
        )
        recent = queue.passes(limit=passes)
        if not recent:
            lines.append("  no passes yet")
        for record in recent:
            ended = local_time(record.ended_at, process.timezone) if record.ended_at else "running or killed"
            counts_text = ", ".join(f"{k} {v}" for k, v in (record.counts or {}).items() if v)
            lines.append(
                f"  pass {record.run_id[:8]} {local_time(record.started_at, process.timezone)} -> {ended}: "
                f"{counts_text or 'nothing to do'}"
            )
            if record.stopped_reason:
                lines.append(f"    stopped: {record.stopped_reason}")
            if record.report_path:
                lines.append(f"    report: {record.report_path}")
    return "\n".join(lines)


def print_status(database: Engine, processes: Sequence[ProcessSettings], passes: int = 5) -> None:
    print(format_status(database, processes, passes))
