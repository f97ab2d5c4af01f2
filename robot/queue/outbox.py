"""Telling the applicant each step of their application, once: a transactional outbox.

The queue writes a :class:`robot.queue.models.Notification` row per step and channel in the same
transaction as the item's change of state (:func:`record`), so no step is lost in a crash and none
is written twice (unique per item, step and channel). While and after its work, a pass delivers the
pending rows through the process's ``notify`` (:func:`deliver`): a batch at a time, each item's steps
in order, several items at once. A row on a channel that is not safe to repeat (e-mail) is marked
``sending`` before and ``sent`` after; one a crash left ``sending`` is marked ``uncertain``, never
sent twice. A row on a channel that is safe to repeat (an idempotent status API) goes straight to
``sent``; a crash leaves it pending and it is sent again.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from robot.masking import mask_text
from robot.process import Channel, Notice, Process
from robot.queue.models import Notification, NotificationState, WorkItem, utcnow

log = structlog.get_logger("robot.queue.outbox")
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


Waiting = list[tuple[Notification, dict[str, Any]]]


def deliver(
    process: Process,
    engine: Engine,
    name: str,
    channels: Sequence[Channel],
    batch: int = 100,
    senders: int = 1,
) -> dict[str, int]:
    """Send the process's pending notifications; returns counts by outcome (sent, failed, uncertain).

    Each item's steps are sent in order, and an item whose step failed waits for the next round.
    ``senders`` items are sent at the same time (the applicant's systems answer in tens of
    milliseconds, and several sessions make steps faster than one sender tells them). Rows are read
    ``batch`` at a time with only the item's payload, so a backlog costs the memory of one batch.
    """
    counts = {"sent": 0, "failed": 0, "uncertain": 0}
    repeatable = frozenset(channel.name for channel in channels if channel.resend_after_crash)
    blocked: set[int] = set()  # an item whose earlier step failed waits, so steps arrive in order
    after = 0
    with ThreadPoolExecutor(max(1, senders), thread_name_prefix="notify") as pool:
        while True:
            waiting = _waiting(engine, name, after, batch)
            by_item: dict[int, Waiting] = {}
            for row, payload in waiting:
                if row.item_id not in blocked:
                    by_item.setdefault(row.item_id, []).append((row, payload))
            sending = {
                item_id: pool.submit(
                    contextvars.copy_context().run, _send_in_order, process, engine, rows, repeatable
                )
                for item_id, rows in by_item.items()
            }
            for item_id, sent in sending.items():
                outcomes = sent.result()
                for outcome in outcomes:
                    counts[outcome] += 1
                if "failed" in outcomes:
                    blocked.add(item_id)
            if len(waiting) < batch:
                return counts
            after = waiting[-1][0].id or after


def _send_in_order(process: Process, engine: Engine, rows: Waiting, repeatable: frozenset[str]) -> list[str]:
    """Send one item's rows in order, up to the first that fails."""
    outcomes: list[str] = []
    for row, payload in rows:
        outcomes.append(_send(process, engine, row, payload, row.channel in repeatable))
        if outcomes[-1] == "failed":
            break
    return outcomes


def _waiting(engine: Engine, name: str, after: int, batch: int) -> Waiting:
    """The next ``batch`` rows to send after row id ``after``, oldest first, each with its item's payload."""
    with Session(engine, expire_on_commit=False) as session:
        found = session.exec(
            select(Notification, WorkItem.payload)
            .join(WorkItem, col(WorkItem.id) == col(Notification.item_id))
            .where(
                col(Notification.process) == name,
                col(Notification.id) > after,
                col(Notification.state).in_(
                    [NotificationState.PENDING.value, NotificationState.SENDING.value]
                ),
                col(Notification.attempts) < MAX_ATTEMPTS,
            )
            .order_by(col(Notification.id))
            .limit(batch)
        ).all()
        return [(row, dict(payload or {})) for row, payload in found]


def _send(
    process: Process, engine: Engine, row: Notification, payload: dict[str, Any], repeatable: bool
) -> str:
    """Send one row: ``sent``, ``failed`` (pending again, for the next round) or ``uncertain``.

    A row on a channel that is not safe to repeat (e-mail) is marked ``sending`` first, so a crash
    while sending leaves a trace and it is never sent twice. A row on a repeatable channel goes from
    ``pending`` straight to ``sent``: a crash in between leaves it pending and it is sent again, which
    that channel allows; that saves a write per step.
    """
    assert row.id is not None
    if row.state == NotificationState.SENDING.value and not repeatable:
        _set(engine, row.id, state=NotificationState.UNCERTAIN.value)
        log.warning(
            "notification_uncertain", item=mask_text(row.reference), step=row.step, channel=row.channel
        )
        return "uncertain"
    if not repeatable:
        _set(engine, row.id, state=NotificationState.SENDING.value, attempts=row.attempts + 1)
    notice = Notice(row.reference, row.step, row.channel, payload, dict(row.details))
    try:
        process.notify(notice)
    except Exception as error:
        _set(
            engine,
            row.id,
            state=NotificationState.PENDING.value,
            attempts=row.attempts + 1,
            last_error=mask_text(f"{type(error).__name__}: {error}"),
        )
        log.warning(
            "notification_failed",
            item=mask_text(row.reference),
            step=row.step,
            channel=row.channel,
            error=mask_text(str(error)),
        )
        return "failed"
    _set(engine, row.id, state=NotificationState.SENT.value, attempts=row.attempts + 1, sent_at=utcnow())
    return "sent"
