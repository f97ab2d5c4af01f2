"""What the metrics read from the database at a scrape: grouped counts, oldest times and duration buckets.

Each function is one aggregate query over every process at once (a few rows back, whatever the
size of the queue), on SQLite and PostgreSQL. :mod:`robot.report.metrics` turns them into metrics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, case, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col

from robot.engine.pass_state import COUNT_KEYS
from robot.queue.models import ItemState, Notification, NotificationState, PassRecord, WorkItem

NOT_SENT = (NotificationState.PENDING.value, NotificationState.SENDING.value)
SPANS = ("to_proposal", "to_decision")


class _SecondsBetween(FunctionElement[float]):
    """``later - earlier`` in seconds, on SQLite and PostgreSQL."""

    type = Float()
    inherit_cache = True


@compiles(_SecondsBetween, "sqlite")
def _seconds_sqlite(element: _SecondsBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(_SecondsBetween, "postgresql")
def _seconds_postgresql(element: _SecondsBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


def seconds_between(later: Any, earlier: Any) -> ColumnElement[float]:
    """An SQL expression: the seconds from ``earlier`` to ``later`` (two time columns)."""
    return _SecondsBetween(later, earlier)


def processes(connection: Connection) -> list[str]:
    """Every process that has items."""
    return [str(name) for name in connection.execute(select(col(WorkItem.process)).distinct()).scalars()]


def item_counts(connection: Connection) -> dict[tuple[str, str], tuple[int, int]]:
    """(process, state) -> (items, attempts made on them)."""
    rows = connection.execute(
        select(
            col(WorkItem.process),
            col(WorkItem.state),
            func.count(),
            func.coalesce(func.sum(WorkItem.attempts), 0),
        ).group_by(col(WorkItem.process), col(WorkItem.state))
    )
    return {(process, state): (int(count), int(tries)) for process, state, count, tries in rows}


def oldest_waiting(connection: Connection) -> dict[str, datetime]:
    """process -> when the robot received its oldest item still waiting to be handled (state new)."""
    rows = connection.execute(
        select(col(WorkItem.process), func.min(col(WorkItem.created_at)))
        .where(col(WorkItem.state) == ItemState.NEW.value)
        .group_by(col(WorkItem.process))
    )
    return {process: since for process, since in rows}


def waiting_to_retry(connection: Connection) -> dict[str, int]:
    """process -> items waiting (new) after at least one attempt."""
    rows = connection.execute(
        select(col(WorkItem.process), func.count())
        .where(col(WorkItem.state) == ItemState.NEW.value, col(WorkItem.attempts) > 0)
        .group_by(col(WorkItem.process))
    )
    return {process: int(count) for process, count in rows}


def ended_passes(connection: Connection) -> dict[tuple[str, str], int]:
    """(process, outcome) -> passes that ended so; the outcome is the stop code, or ``completed``."""
    outcome = func.coalesce(col(PassRecord.stop_code), literal("completed"))
    rows = connection.execute(
        select(col(PassRecord.process), outcome, func.count())
        .where(col(PassRecord.ended_at).is_not(None))
        .group_by(col(PassRecord.process), outcome)
    )
    return {(process, code): int(count) for process, code, count in rows}


def unfinished_passes(connection: Connection) -> dict[str, int]:
    """process -> passes that started and did not end (running, or killed)."""
    rows = connection.execute(
        select(col(PassRecord.process), func.count())
        .where(col(PassRecord.ended_at).is_(None))
        .group_by(col(PassRecord.process))
    )
    return {process: int(count) for process, count in rows}


def pass_item_totals(connection: Connection) -> dict[str, dict[str, int]]:
    """process -> every pass's counts added up, by outcome (``COUNT_KEYS``)."""
    sums = [func.coalesce(func.sum(col(PassRecord.counts)[key].as_integer()), 0) for key in COUNT_KEYS]
    rows = connection.execute(select(col(PassRecord.process), *sums).group_by(col(PassRecord.process)))
    return {
        row[0]: {key: int(value or 0) for key, value in zip(COUNT_KEYS, row[1:], strict=True)} for row in rows
    }


def notice_counts(connection: Connection) -> dict[tuple[str, str, str], int]:
    """(process, channel, state) -> notices to applicants."""
    rows = connection.execute(
        select(
            col(Notification.process), col(Notification.channel), col(Notification.state), func.count()
        ).group_by(col(Notification.process), col(Notification.channel), col(Notification.state))
    )
    return {(process, channel, state): int(count) for process, channel, state, count in rows}


def oldest_unsent_notice(connection: Connection) -> dict[tuple[str, str], datetime]:
    """(process, channel) -> when its oldest notice not yet sent (pending or sending) was written."""
    rows = connection.execute(
        select(col(Notification.process), col(Notification.channel), func.min(col(Notification.created_at)))
        .where(col(Notification.state).in_(NOT_SENT))
        .group_by(col(Notification.process), col(Notification.channel))
    )
    return {(process, channel): since for process, channel, since in rows}


@dataclass(frozen=True)
class Buckets:
    """A histogram's figures: how many, their total, and how many took at most each bound."""

    count: int
    total_seconds: float
    within: tuple[int, ...]


def duration_buckets(connection: Connection, span: str, bounds: Sequence[float]) -> dict[str, Buckets]:
    """process -> the durations of ``span`` (``to_proposal`` or ``to_decision``) counted into ``bounds``.

    Both start at submission (or reception when the source gave no submission time), like
    :mod:`robot.report.decision_times`: to the proposal over proposed items, to the caseworker's
    decision over decided ones.
    """
    start = func.coalesce(col(WorkItem.submitted_at), col(WorkItem.created_at))
    where: ColumnElement[bool]
    if span == "to_proposal":
        seconds = seconds_between(col(WorkItem.finished_at), start)
        where = (col(WorkItem.state) == ItemState.PROPOSED.value) & col(WorkItem.finished_at).is_not(None)
    elif span == "to_decision":
        seconds = seconds_between(col(WorkItem.decided_at), start)
        where = col(WorkItem.decided_at).is_not(None)
    else:
        raise ValueError(f"unknown span {span!r}; one of {', '.join(SPANS)}")
    # each duration computed once (a materialised CTE), then counted into every bucket
    durations = (
        select(col(WorkItem.process).label("process"), seconds.label("seconds"))
        .where(where)
        .cte("durations")
        .prefix_with("MATERIALIZED")
    )
    within = [func.sum(case((durations.c.seconds <= bound, 1), else_=0)) for bound in bounds]
    rows = connection.execute(
        select(
            durations.c.process, func.count(), func.coalesce(func.sum(durations.c.seconds), 0.0), *within
        ).group_by(durations.c.process)
    )
    return {
        row[0]: Buckets(int(row[1]), float(row[2] or 0.0), tuple(int(value or 0) for value in row[3:]))
        for row in rows
    }
