"""The record of each pass of a process (when it ran, what came of it, where its report is), by run id."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from robot.queue.db import ProcessTables
from robot.queue.models import PassRecord


class PassRecords(ProcessTables):
    """Pass records of one process; :class:`robot.queue.store.WorkQueue` has them too."""

    def record_pass(self, record: PassRecord) -> PassRecord:
        """Store (insert or update by run id) the record of a pass."""
        with self._session() as session:
            existing = session.exec(select(PassRecord).where(col(PassRecord.run_id) == record.run_id)).first()
            if existing is not None:
                for field in (
                    "ended_at",
                    "counts",
                    "stopped_reason",
                    "stop_code",
                    "report_path",
                    "worker_id",
                ):
                    setattr(existing, field, getattr(record, field))
                record = existing
            session.add(record)
            session.commit()
        return record

    def set_report_path(self, run_id: str, path: str | Path) -> bool:
        """Remember where the pass's report was written. False when no such pass."""
        with self._session() as session:
            record = session.exec(select(PassRecord).where(col(PassRecord.run_id) == run_id)).first()
            if record is None:
                return False
            record.report_path = str(path)
            session.add(record)
            session.commit()
        return True

    def passes(self, limit: int = 10) -> list[PassRecord]:
        """The most recent passes of this process, newest first."""
        query = (
            select(PassRecord)
            .where(col(PassRecord.process) == self.process)
            .order_by(col(PassRecord.started_at).desc(), col(PassRecord.id).desc())
            .limit(limit)
        )
        with self._session() as session:
            return list(session.exec(query).all())
