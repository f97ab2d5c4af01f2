"""Following proposals and handed-over cases until a caseworker decides.

After its work, a pass asks the process (:meth:`robot.process.Process.follow_up`) about each item
that is proposed or manual and not yet decided; a decision read back from the target system is
recorded on the item (who, when, outcome, amount) together with its "decided" step for the
applicant (robot.queue.outbox), once, even when several workers follow up at the same time.
The decision-time figures are :mod:`robot.report.decision_times`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from robot.masking import mask_text
from robot.process import DECIDED, Decided, Process
from robot.queue import outbox
from robot.queue.models import ItemState, WorkItem, utcnow
from robot.queue.store import WorkQueue, view_of

log = structlog.get_logger("robot.engine.follow_up")
OPEN_STATES = (ItemState.PROPOSED.value, ItemState.MANUAL.value)


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
