"""The decision-time figures: submission to proposal and to the caseworker's decision, and late applications.

Median and 95th percentile of each duration, and how many applications are older than 24 hours
without a decision (quarantined ones are not waiting for a caseworker's decision).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from robot.queue.models import ItemState, WorkItem, utcnow
from robot.queue.store import WorkQueue

ANSWER_WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class Durations:
    count: int
    median_hours: float | None
    p95_hours: float | None


@dataclass(frozen=True)
class DecisionFigures:
    to_proposal: Durations
    to_decision: Durations
    undecided_over_24h: int


def _durations(hours: Sequence[float]) -> Durations:
    if not hours:
        return Durations(0, None, None)
    ordered = sorted(hours)
    p95 = ordered[0] if len(ordered) == 1 else statistics.quantiles(ordered, n=20, method="inclusive")[18]
    return Durations(len(ordered), round(statistics.median(ordered), 6), round(p95, 6))


def duration_text(
    hours: float | None, units: tuple[str, str, str, str] = ("s", "min", "h", "days"), decimal_mark: str = "."
) -> str:
    """``8 s``, ``12 min``, ``3.5 h``, ``2.1 days``: a duration in the unit that reads best (units: second,
    minute, hour, day, in the reader's language)."""
    if hours is None:
        return "–"
    second, minute, hour, day = units
    seconds = hours * 3600
    if seconds < 60:
        return f"{seconds:.0f} {second}"
    if seconds < 3600:
        return f"{seconds / 60:.0f} {minute}"
    value, unit = (hours, hour) if hours < 48 else (hours / 24, day)
    shown = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # 1.95 h reads 2.0 h
    return f"{shown}".replace(".", decimal_mark) + f" {unit}"


def figures(items: Sequence[WorkItem], now: datetime | None = None) -> DecisionFigures:
    """The decision-time figures of ``items`` (submission time, or reception when it is unknown)."""
    now = now or utcnow()
    to_proposal, to_decision, late = [], [], 0
    for item in items:
        start = item.submitted_at or item.created_at
        if item.state == ItemState.PROPOSED.value and item.finished_at is not None:
            to_proposal.append((item.finished_at - start).total_seconds() / 3600)
        if item.decided_at is not None:
            to_decision.append((item.decided_at - start).total_seconds() / 3600)
        elif item.state != ItemState.QUARANTINED.value and now - start > ANSWER_WITHIN:
            late += 1
    return DecisionFigures(_durations(to_proposal), _durations(to_decision), late)


def recent(queue: WorkQueue, days: int = 30, now: datetime | None = None) -> list[WorkItem]:
    """The process's items received in the last ``days`` days, with only what :func:`figures` reads.

    A month of items with their payloads, calculations and evidence would be tens of megabytes read
    after every pass; their state and times are a few dozen bytes each.
    """
    since = (now or utcnow()) - timedelta(days=days)
    times = [
        getattr(WorkItem, name)
        for name in ("state", "created_at", "submitted_at", "finished_at", "decided_at")
    ]
    with Session(queue.engine, expire_on_commit=False) as session:
        query = (
            select(WorkItem)
            .options(load_only(*times, raiseload=True))
            .where(col(WorkItem.process) == queue.process, col(WorkItem.created_at) >= since)
        )
        return list(session.exec(query).all())
