"""What IT staff do to the queue by hand: send failed items back for another try once the cause is fixed.

Separate from robot.queue.store, which holds what workers do. Evidence and the last error are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from robot.queue.models import ItemState, WorkItem, utcnow


def requeue_failed(engine: Engine, process: str, references: Iterable[str] | None = None) -> int:
    """Set failed items (all, or those with the given references) back to new with zero attempts.

    Returns how many were requeued. Items in any other state are never touched, so a proposal
    already written can never be written again through this.
    """
    statement = (
        update(WorkItem)
        .where(col(WorkItem.process) == process, col(WorkItem.state) == ItemState.FAILED.value)
        .values(
            state=ItemState.NEW.value,
            attempts=0,
            worker_id=None,
            lease_expires_at=None,
            not_before=None,
            finished_at=None,
            updated_at=utcnow(),
        )
    )
    if references is not None:
        statement = statement.where(col(WorkItem.reference).in_(list(references)))
    with Session(engine) as session:
        result = session.exec(statement)
        session.commit()
        return int(result.rowcount or 0)


def take_failed(engine: Engine, process: str, item_id: int, worker_id: str, lease_seconds: float) -> bool:
    """Claim one failed item for reconciliation (failed -> in progress under ``worker_id``). False if it moved on."""
    now = utcnow()
    statement = (
        update(WorkItem)
        .where(
            col(WorkItem.id) == item_id,
            col(WorkItem.process) == process,
            col(WorkItem.state) == ItemState.FAILED.value,
        )
        .values(
            state=ItemState.IN_PROGRESS.value,
            worker_id=worker_id,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            finished_at=None,
            updated_at=now,
        )
    )
    with Session(engine) as session:
        result = session.exec(statement)
        session.commit()
        return bool(result.rowcount == 1)


def release_taken(engine: Engine, process: str, item_id: int, worker_id: str) -> bool:
    """Put a taken item back in the queue as new, with zero attempts (nothing was found written)."""
    statement = (
        update(WorkItem)
        .where(
            col(WorkItem.id) == item_id,
            col(WorkItem.process) == process,
            col(WorkItem.worker_id) == worker_id,
            col(WorkItem.state) == ItemState.IN_PROGRESS.value,
        )
        .values(
            state=ItemState.NEW.value,
            attempts=0,
            worker_id=None,
            lease_expires_at=None,
            not_before=None,
            updated_at=utcnow(),
        )
    )
    with Session(engine) as session:
        result = session.exec(statement)
        session.commit()
        return bool(result.rowcount == 1)
