"""Telling the applicant each step of their application, once: a transactional outbox.

The queue writes a :class:`robot.models.Notification` row per step and channel in the same
transaction as the item's change of state (:func:`record`), so no step is lost in a crash and none
is written twice (unique per item, step and channel). After its work, a pass delivers the pending
rows in order through the process's ``notify`` (:func:`deliver`): each row is marked ``sending``
before and ``sent`` after. A row a crash left ``sending`` is sent again only on a channel that is
safe to repeat (an idempotent status API); otherwise (e-mail) it is marked ``uncertain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import structlog
from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from robot.masking import mask_text
from robot.models import Notification, NotificationState, WorkItem, utcnow
from robot.process import Channel, Notice, Process

log = structlog.get_logger("robot.outbox")
MAX_ATTEMPTS = 10


def rows(
    item: WorkItem, step: str, channels: Sequence[Channel], details: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The notification rows of one step of ``item`` on the channels that tell that step."""
    assert item.id is not None
    now = utcnow()
    return [
        {
            "process": item.process,
            "item_id": item.id,
            "reference": item.reference,
            "step": step,
            "channel": channel.name,
            "state": NotificationState.PENDING.value,
            "details": dict(details or {}),
            "attempts": 0,
            "created_at": now,
        }
        for channel in channels
        if step in channel.steps
    ]


def record(session: Session, new_rows: Iterable[dict[str, Any]]) -> None:
    """Insert notification rows in the caller's transaction; a row already there is left as it is."""
    values = list(new_rows)
    if not values:
        return
    table = Notification.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(values).on_conflict_do_nothing()
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        statement = insert(table).values(values)
    session.execute(statement)


def _set(engine: Engine, row_id: int, **values: Any) -> None:
    with Session(engine) as session:
        session.execute(update(Notification).where(col(Notification.id) == row_id).values(**values))
        session.commit()


def deliver(
    process: Process, engine: Engine, name: str, channels: Sequence[Channel], limit: int = 500
) -> dict[str, int]:
    """Send the process's pending notifications in order; returns counts by outcome (sent, failed, uncertain)."""
    counts = {"sent": 0, "failed": 0, "uncertain": 0}
    repeatable = {channel.name for channel in channels if channel.resend_after_crash}
    with Session(engine, expire_on_commit=False) as session:
        waiting = session.exec(
            select(Notification, WorkItem)
            .join(WorkItem, col(WorkItem.id) == col(Notification.item_id))
            .where(
                col(Notification.process) == name,
                col(Notification.state).in_(
                    [NotificationState.PENDING.value, NotificationState.SENDING.value]
                ),
                col(Notification.attempts) < MAX_ATTEMPTS,
            )
            .order_by(col(Notification.id))
            .limit(limit)
        ).all()
    blocked: set[int] = set()  # an item whose earlier step failed waits, so steps arrive in order
    for row, item in waiting:
        assert row.id is not None
        if row.item_id in blocked:
            continue
        if row.state == NotificationState.SENDING.value and row.channel not in repeatable:
            _set(engine, row.id, state=NotificationState.UNCERTAIN.value)
            log.warning(
                "notification_uncertain", item=mask_text(row.reference), step=row.step, channel=row.channel
            )
            counts["uncertain"] += 1
            continue
        _set(engine, row.id, state=NotificationState.SENDING.value, attempts=row.attempts + 1)
        notice = Notice(row.reference, row.step, row.channel, dict(item.payload), dict(row.details))
        try:
            process.notify(notice)
        except Exception as error:
            _set(
                engine,
                row.id,
                state=NotificationState.PENDING.value,
                last_error=mask_text(f"{type(error).__name__}: {error}"),
            )
            log.warning(
                "notification_failed",
                item=mask_text(row.reference),
                step=row.step,
                channel=row.channel,
                error=mask_text(str(error)),
            )
            counts["failed"] += 1
            blocked.add(row.item_id)
            continue
        _set(engine, row.id, state=NotificationState.SENT.value, sent_at=utcnow())
        counts["sent"] += 1
    return counts
