"""Database tables of the engine: work items (the queue) and pass records (one row per pass).

Times are timezone-aware UTC in Python and stored as UTC on both SQLite and PostgreSQL. JSON columns
use SQLAlchemy's generic ``JSON`` type (``JSONB`` on PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

JSONType = JSON().with_variant(JSONB(), "postgresql")


class ItemState(StrEnum):
    """Where a work item is in its life."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    PROPOSED = "proposed"
    MANUAL = "manual"
    FAILED = "failed"
    QUARANTINED = "quarantined"


FINAL_STATES = (ItemState.PROPOSED, ItemState.MANUAL, ItemState.FAILED, ItemState.QUARANTINED)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC and returned timezone-aware (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use robot.queue.models.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json(default: Any = None) -> Any:
    factory = list if default is list else dict
    return Field(default_factory=factory, sa_column=Column(JSONType, nullable=False))


def _time(nullable: bool = True) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


ACTIVE_KEY = "state = 'in_progress' AND business_key IS NOT NULL"


def business_key(subject: str | None, period: str | None) -> str | None:
    """The business key of an item: who it is about and which period (``None`` when either is unknown)."""
    return f"{subject}|{period}" if subject and period else None


class WorkItem(SQLModel, table=True):
    """One unit of work: a received application, from intake to proposal, manual handling or failure."""

    __tablename__ = "work_item"
    __table_args__ = (
        UniqueConstraint("process", "reference", name="uq_work_item_process_reference"),
        Index("ix_work_item_claim", "process", "state", "id"),
        Index("ix_work_item_run", "run_id"),
        Index("ix_work_item_business_key", "process", "business_key"),
        # At most one item per business key (person and period) is handled at a time, by any worker.
        Index(
            "uq_work_item_active_business_key",
            "process",
            "business_key",
            unique=True,
            sqlite_where=text(ACTIVE_KEY),
            postgresql_where=text(ACTIVE_KEY),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    process: str = Field(max_length=100)
    reference: str = Field(max_length=200)
    state: str = Field(default=ItemState.NEW.value, max_length=20)
    attempts: int = 0
    payload: dict[str, Any] = _json(dict)
    subject: str | None = Field(default=None, max_length=40)  # identity number: never log unmasked
    subject_name: str | None = Field(default=None, max_length=200)
    period: str | None = Field(default=None, max_length=20)
    business_key: str | None = Field(default=None, max_length=300)
    amount: int | None = None
    decision: dict[str, Any] = _json(dict)
    trace: list[Any] = _json(list)
    reasons: list[str] = _json(list)
    data: dict[str, Any] = _json(dict)
    errors: list[str] = _json(list)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    evidence: list[str] = _json(list)
    worker_id: str | None = Field(default=None, max_length=200)
    lease_expires_at: datetime | None = _time()
    not_before: datetime | None = _time()
    created_at: datetime = _time(nullable=False)
    updated_at: datetime = _time(nullable=False)
    finished_at: datetime | None = _time()
    run_id: str | None = Field(default=None, max_length=64)
    submitted_at: datetime | None = _time()  # when the applicant submitted it (from the source)
    decided_at: datetime | None = _time()  # when a caseworker decided (read back from the target system)
    decided_outcome: str | None = Field(default=None, max_length=20)  # approved or rejected
    decided_amount: int | None = None
    decided_by: str | None = Field(default=None, max_length=200)
    followed_at: datetime | None = _time()  # when the robot last looked for a caseworker's decision


class NotificationState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNCERTAIN = "uncertain"  # a crash came between sending and recording it; not sent again


class Notification(SQLModel, table=True):
    """One step of an item told to the applicant on one channel (a transactional outbox).

    Written in the same transaction as the item's change of state, so a step is never lost; unique
    per item, step and channel, so it is never told twice.
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("item_id", "step", "channel", name="uq_notification_item_step_channel"),
        Index("ix_notification_pending", "process", "state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    process: str = Field(max_length=100)
    item_id: int = Field(foreign_key="work_item.id")
    reference: str = Field(max_length=200)
    step: str = Field(max_length=40)
    channel: str = Field(max_length=40)
    state: str = Field(default=NotificationState.PENDING.value, max_length=20)
    details: dict[str, Any] = _json(dict)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _time(nullable=False)
    sent_at: datetime | None = _time()


class PassRecord(SQLModel, table=True):
    """One pass of the transaction loop: when it ran, what came of it, and why it stopped early if it did."""

    __tablename__ = "pass_record"

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(max_length=64, unique=True)
    process: str = Field(max_length=100)
    worker_id: str = Field(max_length=200)
    started_at: datetime = _time(nullable=False)
    ended_at: datetime | None = _time()
    counts: dict[str, Any] = _json(dict)
    stopped_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    stop_code: str | None = Field(default=None, max_length=40)
    report_path: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
