"""The ``status`` command's view: the queue by state and the last passes, per process."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from robot.queue import WorkQueue


def queue_counts(database: Engine, process: str) -> dict[str, int]:
    return WorkQueue(database, process).counts()


def format_status(database: Engine, processes: list[str], passes: int = 5) -> str:
    lines: list[str] = []
    for process in processes:
        queue = WorkQueue(database, process)
        counts = queue.counts()
        lines.append(f"{process}: {sum(counts.values())} items")
        lines.append("  " + "  ".join(f"{state} {count}" for state, count in counts.items()))
        recent = queue.passes(limit=passes)
        if not recent:
            lines.append("  no passes yet")
        for record in recent:
            ended = record.ended_at.strftime("%Y-%m-%d %H:%M:%S") if record.ended_at else "running or killed"
            counts_text = ", ".join(f"{k} {v}" for k, v in (record.counts or {}).items() if v)
            lines.append(
                f"  pass {record.run_id[:8]} {record.started_at:%Y-%m-%d %H:%M:%S} -> {ended} UTC: "
                f"{counts_text or 'nothing to do'}"
            )
            if record.stopped_reason:
                lines.append(f"    stopped: {record.stopped_reason}")
            if record.report_path:
                lines.append(f"    report: {record.report_path}")
    return "\n".join(lines)


def print_status(database: Engine, processes: list[str], passes: int = 5) -> None:
    print(format_status(database, processes, passes))
