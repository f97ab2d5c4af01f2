"""Intake into a process's queue: storing a record idempotently, and one reader of the source at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from robot.process import MANUAL, RECEIVED, Channel, IntakeRecord
from robot.queue import outbox
from robot.queue.db import ProcessTables
from robot.queue.models import ItemState, WorkItem, business_key, utcnow


class QueueIntake(ProcessTables):
    """The intake side of :class:`robot.queue.store.WorkQueue`."""

    channels: Sequence[Channel]
    _postgres: bool

    if TYPE_CHECKING:

        def get(self, reference: str) -> WorkItem | None: ...  # provided by QueueReading

    def add(self, record: IntakeRecord, run_id: str | None = None) -> tuple[WorkItem, bool]:
        """Store a record as a new (or quarantined) item. Committed on return.

        Idempotent on (process, reference): a reference already stored returns the existing item and
        False, also when another worker inserts it at the same moment.
        """
        existing = self.get(record.reference)
        if existing is not None:
            return existing, False
        now = utcnow()
        quarantined = bool(record.errors)
        item = WorkItem(
            process=self.process,
            reference=record.reference,
            state=ItemState.QUARANTINED.value if quarantined else ItemState.NEW.value,
            payload=dict(record.payload),
            errors=list(record.errors),
            subject=record.subject,
            subject_name=record.subject_name,
            period=record.period,
            business_key=None if quarantined else business_key(record.subject, record.period),
            created_at=now,
            updated_at=now,
            finished_at=now if quarantined else None,
            run_id=run_id,
            submitted_at=record.submitted_at,
        )
        with self._session() as session:
            session.add(item)
            try:
                session.flush()
                outbox.record(session, outbox.rows(item, RECEIVED, self.channels))
                if quarantined:
                    outbox.record(session, outbox.rows(item, MANUAL, self.channels))
                session.commit()
            except IntegrityError:
                session.rollback()
                raced = self.get(record.reference)
                if raced is None:
                    raise
                return raced, False
        return item, True

    # ---- claiming and leases ------------------------------------------------------------------

    @contextmanager
    def intake_lock(self) -> Iterator[bool]:
        """True for the one worker that may read the source now; False for the others (they skip intake)."""
        with self.exclusive("intake") as mine:
            yield mine

    @contextmanager
    def exclusive(self, purpose: str, wait: bool = False) -> Iterator[bool]:
        """True for the one worker that may do ``purpose`` for this process now; False for the others
        (or, with ``wait``, True once the worker before it is done).

        On PostgreSQL a session-level advisory lock per process and purpose, held on its own
        connection meanwhile; SQLite serves one machine's worker, which always gets it.
        """
        if not self._postgres:
            yield True
            return
        name = f"{purpose}:{self.process}"
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") >> 2
        with self.engine.connect() as connection:
            if wait:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
                mine = True
            else:
                taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
                mine = bool(taken)
            connection.commit()
            try:
                yield mine
            finally:
                if mine:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    connection.commit()
