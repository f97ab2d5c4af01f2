"""The work queue: idempotent intake, atomic claims with leases, and guarded state changes.

Every state change of a claimed item checks that the caller still holds the lease (``worker_id``
matches and the item is ``in_progress``), so a worker whose lease expired and was taken over can
never overwrite the new owner's work. A claim is a single ``UPDATE ... WHERE id = (SELECT ... LIMIT 1)
RETURNING`` statement; on PostgreSQL the sub-select uses ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, exists, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from robot.process import (
    IN_PROGRESS,
    MANUAL,
    PROPOSED,
    Channel,
    ItemResult,
    RelatedItem,
    WorkItemView,
)
from robot.queue import outbox
from robot.queue.intake import QueueIntake
from robot.queue.models import ItemState, WorkItem, utcnow
from robot.queue.pass_records import PassRecords
from robot.queue.reading import QueueReading

CLAIM_RACES = 5  # claims retried when another worker took an item with the same business key at once


class LeaseLost(Exception):
    """The worker no longer holds the item's lease; another worker may have taken it over."""


class WorkQueue(QueueIntake, QueueReading, PassRecords):
    """The queue of one process (``process`` is the process name) in a shared database."""

    def __init__(self, engine: Engine, process: str, channels: Sequence[Channel] = ()) -> None:
        super().__init__(engine, process)
        self.channels = tuple(channels)  # how the applicant is told each step (robot.queue.outbox)
        self._postgres = engine.dialect.name == "postgresql"

    def claim(self, worker_id: str, lease_seconds: float, run_id: str | None = None) -> WorkItem | None:
        """Atomically take the oldest claimable item, or None when there is none.

        Claimable: ``new`` whose ``not_before`` has passed, or ``in_progress`` whose lease expired; and
        no other item with the same business key (person and period) is in progress: two applications
        of one person for one month are never handled at the same time, by one worker or several. A
        partial unique index enforces it when two workers claim both at the same instant; the loser
        of that race claims again and gets another item. The claim sets ``in_progress``, the
        worker, a fresh lease and ``attempts + 1``.
        """
        for _ in range(CLAIM_RACES):
            try:
                return self._claim(worker_id, lease_seconds, run_id)
            except IntegrityError:
                continue  # another worker took a sibling with the same business key at this instant
        return None

    def _claim(self, worker_id: str, lease_seconds: float, run_id: str | None) -> WorkItem | None:
        now = utcnow()
        sibling = aliased(WorkItem)
        sibling_in_progress = exists().where(
            col(sibling.process) == col(WorkItem.process),
            col(sibling.business_key) == col(WorkItem.business_key),
            col(sibling.state) == ItemState.IN_PROGRESS.value,
            col(sibling.id) != col(WorkItem.id),
        )
        candidate = (
            select(WorkItem.id)
            .where(
                col(WorkItem.process) == self.process,
                or_(
                    and_(
                        col(WorkItem.state) == ItemState.NEW.value,
                        or_(col(WorkItem.not_before).is_(None), col(WorkItem.not_before) <= now),
                    ),
                    and_(
                        col(WorkItem.state) == ItemState.IN_PROGRESS.value,
                        col(WorkItem.lease_expires_at) < now,
                    ),
                ),
                or_(col(WorkItem.business_key).is_(None), ~sibling_in_progress),
            )
            .order_by(col(WorkItem.id))
            .limit(1)
        )
        if self._postgres:
            candidate = candidate.with_for_update(skip_locked=True)
        values: dict[str, Any] = {
            "state": ItemState.IN_PROGRESS.value,
            "worker_id": worker_id,
            "lease_expires_at": now + timedelta(seconds=lease_seconds),
            "attempts": col(WorkItem.attempts) + 1,
            "updated_at": now,
        }
        if run_id is not None:
            values["run_id"] = run_id
        statement = (
            update(WorkItem)
            .where(col(WorkItem.id) == candidate.scalar_subquery())
            .values(**values)
            .returning(WorkItem)
            .execution_options(synchronize_session=False)
        )
        with self._session() as session:
            claimed = session.execute(statement).scalars().first()
            if claimed is not None and claimed.attempts == 1:
                outbox.record(session, outbox.rows(claimed, IN_PROGRESS, self.channels))
            session.commit()
        return claimed

    def renew(self, item_id: int, worker_id: str, lease_seconds: float) -> bool:
        """Extend the lease. False when the lease was lost (expired and taken, or the item moved on)."""
        now = utcnow()
        statement = (
            update(WorkItem)
            .where(*self._held(item_id, worker_id))
            .values(lease_expires_at=now + timedelta(seconds=lease_seconds), updated_at=now)
        )
        with self._session() as session:
            changed = session.execute(statement).rowcount  # type: ignore[attr-defined]
            session.commit()
        return bool(changed == 1)

    def release_expired(self) -> int:
        """Put every in-progress item with an expired lease back to ``new``. Returns how many."""
        now = utcnow()
        statement = (
            update(WorkItem)
            .where(
                col(WorkItem.process) == self.process,
                col(WorkItem.state) == ItemState.IN_PROGRESS.value,
                col(WorkItem.lease_expires_at) < now,
            )
            .values(state=ItemState.NEW.value, worker_id=None, lease_expires_at=None, updated_at=now)
        )
        with self._session() as session:
            changed = session.execute(statement).rowcount  # type: ignore[attr-defined]
            session.commit()
        return int(changed)

    # ---- guarded transitions ------------------------------------------------------------------

    def _held(self, item_id: int, worker_id: str) -> list[Any]:
        return [
            col(WorkItem.id) == item_id,
            col(WorkItem.process) == self.process,
            col(WorkItem.worker_id) == worker_id,
            col(WorkItem.state) == ItemState.IN_PROGRESS.value,
        ]

    def _transition(
        self, item_id: int, worker_id: str, change: Callable[[WorkItem], None], step: str | None = None
    ) -> bool:
        """Apply ``change`` to the item if ``worker_id`` still holds it. False when the lease was lost.

        ``step``: the step the applicant is told of in the same transaction (robot.queue.outbox).
        """
        with self._session() as session:
            query = select(WorkItem).where(*self._held(item_id, worker_id))
            if self._postgres:
                query = query.with_for_update()
            item = session.exec(query).first()
            if item is None:
                session.rollback()
                return False
            change(item)
            item.lease_expires_at = None
            item.updated_at = utcnow()
            session.add(item)
            if step is not None:
                told = {"amount": item.amount, **dict((item.data or {}).get("notice") or {})}
                outbox.record(session, outbox.rows(item, step, self.channels, told))
            session.commit()
        return True

    def complete(self, item_id: int, worker_id: str, result: ItemResult, run_id: str | None = None) -> bool:
        """Store a handled item's result: ``proposed`` or ``manual`` with reasons, amount, decision, trace."""

        def change(item: WorkItem) -> None:
            item.state = ItemState(result.state).value
            item.reasons = list(result.reasons)
            item.amount = result.amount
            item.decision = dict(result.decision)
            item.trace = list(result.trace)
            item.data = dict(result.data)
            item.finished_at = utcnow()
            item.not_before = None
            if run_id is not None:
                item.run_id = run_id

        return self._transition(
            item_id, worker_id, change, PROPOSED if result.state == "proposed" else MANUAL
        )

    def mark_manual(
        self,
        item_id: int,
        worker_id: str,
        reasons: list[str],
        *,
        data: dict[str, Any] | None = None,
        decision: dict[str, Any] | None = None,
        run_id: str | None = None,
    ) -> bool:
        """Hand the item to a caseworker with the reasons (a BusinessException), and its figures when known."""

        def change(item: WorkItem) -> None:
            item.state = ItemState.MANUAL.value
            item.reasons = list(reasons)
            if decision:
                item.decision = dict(decision)
            if data:
                item.data = {**item.data, **data}
            item.finished_at = utcnow()
            item.not_before = None
            if run_id is not None:
                item.run_id = run_id

        return self._transition(item_id, worker_id, change, MANUAL)

    def retry_later(
        self,
        item_id: int,
        worker_id: str,
        error: str,
        evidence: Iterable[str | Path],
        delay_seconds: float,
        run_id: str | None = None,
    ) -> bool:
        """Back to ``new``, claimable again after ``delay_seconds``; the error and evidence are kept."""

        def change(item: WorkItem) -> None:
            item.state = ItemState.NEW.value
            item.last_error = error
            item.evidence = [*item.evidence, *(str(path) for path in evidence)]
            item.not_before = utcnow() + timedelta(seconds=max(0.0, delay_seconds))
            item.worker_id = None
            if run_id is not None:
                item.run_id = run_id

        return self._transition(item_id, worker_id, change)

    def fail(
        self,
        item_id: int,
        worker_id: str,
        error: str,
        evidence: Iterable[str | Path],
        run_id: str | None = None,
    ) -> bool:
        """Give up on the item: ``failed`` with the last error and every attempt's evidence."""

        def change(item: WorkItem) -> None:
            item.state = ItemState.FAILED.value
            item.last_error = error
            item.evidence = [*item.evidence, *(str(path) for path in evidence)]
            item.finished_at = utcnow()
            item.not_before = None
            if run_id is not None:
                item.run_id = run_id

        return self._transition(item_id, worker_id, change)


def view_of(item: WorkItem, related: list[WorkItem] | None = None) -> WorkItemView:
    """What a process sees of a claimed item (with its related items, when given)."""
    assert item.id is not None
    return WorkItemView(
        id=item.id,
        process=item.process,
        reference=item.reference,
        payload=dict(item.payload),
        attempts=item.attempts,
        subject=item.subject,
        period=item.period,
        related=tuple(
            RelatedItem(
                reference=other.reference, state=other.state, received_at=other.created_at.isoformat()
            )
            for other in related or []
        ),
    )
