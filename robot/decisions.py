"""Following proposals and handed-over cases until a caseworker decides, and the decision-time figures.

After its work, a pass asks the process (:meth:`robot.process.Process.follow_up`) about each item
that is proposed or manual and not yet decided; a decision read back from the target system is
recorded on the item (who, when, outcome, amount) together with its "decided" step for the
applicant (robot.outbox), once, even when several workers follow up at the same time.

The figures: time from submission to proposal and to the caseworker's decision (median and 95th
percentile), and how many applications are older than 24 hours without a decision.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import structlog
from sqlalchemy import or_, update
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from robot import outbox
from robot.masking import mask_text
from robot.models import ItemState, WorkItem, utcnow
from robot.process import DECIDED, Decided, Process
from robot.queue import WorkQueue, view_of

log = structlog.get_logger("robot.decisions")
OPEN_STATES = (ItemState.PROPOSED.value, ItemState.MANUAL.value)
ANSWER_WITHIN = timedelta(hours=24)


def awaiting_decision(
    queue: WorkQueue, before: datetime, every: timedelta = timedelta(minutes=30), limit: int = 500
) -> list[WorkItem]:
    """Proposed or manual items with no decision recorded yet, finished before ``before`` (not the ones
    just handled) and not looked at within ``every``; the least recently looked at first."""
    query = (
        select(WorkItem)
        .where(
            col(WorkItem.process) == queue.process,
            col(WorkItem.state).in_(OPEN_STATES),
            col(WorkItem.decided_at).is_(None),
            col(WorkItem.finished_at) < before,
            or_(col(WorkItem.followed_at).is_(None), col(WorkItem.followed_at) < utcnow() - every),
        )
        .order_by(col(WorkItem.followed_at).is_not(None), col(WorkItem.followed_at), col(WorkItem.id))
        .limit(limit)
    )
    with Session(queue.engine, expire_on_commit=False) as session:
        return list(session.exec(query).all())


def record_decision(queue: WorkQueue, item_id: int, decided: Decided) -> bool:
    """Store a caseworker's decision and its step for the applicant; False when it was already recorded."""
    when = decided.at or utcnow()
    with Session(queue.engine, expire_on_commit=False) as session:
        changed = session.execute(
            update(WorkItem)
            .where(col(WorkItem.id) == item_id, col(WorkItem.decided_at).is_(None))
            .values(
                decided_at=when,
                decided_outcome=decided.outcome,
                decided_amount=decided.amount,
                decided_by=decided.by,
                updated_at=utcnow(),
            )
        ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            session.rollback()
            return False
        item = session.get(WorkItem, item_id)
        assert item is not None
        details = {"outcome": decided.outcome, "amount": decided.amount}
        outbox.record(session, outbox.rows(item, DECIDED, queue.channels, details))
        session.commit()
    return True


def _looked_at(queue: WorkQueue, item_id: int) -> None:
    with Session(queue.engine) as session:
        session.execute(update(WorkItem).where(col(WorkItem.id) == item_id).values(followed_at=utcnow()))
        session.commit()


def follow_up(
    process: Process,
    queue: WorkQueue,
    before: datetime,
    every: timedelta = timedelta(minutes=30),
    limit: int = 500,
) -> int:
    """Ask the process about the open items due a look; record the decisions found. Returns how many."""
    recorded = 0
    for item in awaiting_decision(queue, before, every, limit):
        assert item.id is not None
        _looked_at(queue, item.id)
        try:
            decided = process.follow_up(view_of(item))
        except Exception as error:
            log.warning(
                "follow_up_failed",
                item=mask_text(item.reference),
                error=mask_text(f"{type(error).__name__}: {error}"),
            )
            continue
        if decided is not None and record_decision(queue, item.id, decided):
            recorded += 1
            log.info(
                "decision_recorded", item=mask_text(item.reference), outcome=decided.outcome, by=decided.by
            )
    return recorded


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
