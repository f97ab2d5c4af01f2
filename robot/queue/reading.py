"""Reading a process's queue: one item by reference, counts by state, items by state or pass, related items."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_
from sqlmodel import col, select

from robot.queue.db import ProcessTables
from robot.queue.models import ItemState, WorkItem


class QueueReading(ProcessTables):
    """Queries of one process's items; :class:`robot.queue.store.WorkQueue` has them too."""

    def get(self, reference: str) -> WorkItem | None:
        """The item with this reference, or None."""
        with self._session() as session:
            query = select(WorkItem).where(
                col(WorkItem.process) == self.process, col(WorkItem.reference) == reference
            )
            return session.exec(query).first()

    def related(self, item: WorkItem) -> list[WorkItem]:
        """The process's other items with the same business key: received earlier, or already finished."""
        if not item.business_key:
            return []
        query = select(WorkItem).where(
            col(WorkItem.process) == self.process,
            col(WorkItem.business_key) == item.business_key,
            col(WorkItem.id) != item.id,
            or_(col(WorkItem.id) < item.id, col(WorkItem.finished_at).is_not(None)),
        )
        with self._session() as session:
            return list(session.exec(query.order_by(col(WorkItem.id))).all())

    def counts(self) -> dict[str, int]:
        """How many items are in each state (every state listed, zero included)."""
        result = {state.value: 0 for state in ItemState}
        with self._session() as session:
            query = (
                select(WorkItem.state, func.count())
                .where(col(WorkItem.process) == self.process)
                .group_by(col(WorkItem.state))
            )
            for state, count in session.exec(query).all():
                result[state] = int(count)
        return result

    def items(self, states: Iterable[str] | None = None, run_id: str | None = None) -> list[WorkItem]:
        """Items in insertion order, optionally only in the given states and/or last touched by ``run_id``."""
        query = select(WorkItem).where(col(WorkItem.process) == self.process)
        if states is not None:
            query = query.where(col(WorkItem.state).in_([str(state) for state in states]))
        if run_id is not None:
            query = query.where(col(WorkItem.run_id) == run_id)
        with self._session() as session:
            return list(session.exec(query.order_by(col(WorkItem.id))).all())
