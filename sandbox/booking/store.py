"""The booking stand-in's state in SQLite: meeting times, and one booking link (token) per application.

A time is free until a link books it; a link holds at most one time (booking another frees the
first). Booking is one conditional UPDATE, so two people can never get the same time.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from sandbox.sqlite import connect

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS times (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        starts_at TEXT NOT NULL UNIQUE,
        minutes INTEGER NOT NULL,
        token TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS links (
        token TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
)
DEFAULT_TIMES = ((9, 0), (10, 30), (13, 0), (14, 30))
DEFAULT_MINUTES = 45


@dataclass(frozen=True)
class MeetingTime:
    id: int
    starts_at: str  # local time, ISO 8601 without a zone (Europe/Stockholm)
    minutes: int


@dataclass(frozen=True)
class Link:
    token: str
    reference: str


class BookingStore:
    """Times and links in the SQLite file ``db_path``; every call is its own transaction."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            for statement in _SCHEMA:
                db.execute(statement)

    def add_times(self, starts: list[dt.datetime], minutes: int = DEFAULT_MINUTES) -> int:
        """Add meeting times (a time already there is kept as it is); returns how many were new."""
        with connect(self.db_path) as db:
            return sum(
                db.execute(
                    "INSERT OR IGNORE INTO times (starts_at, minutes) VALUES (?, ?)",
                    (start.replace(second=0, microsecond=0).isoformat(timespec="minutes"), minutes),
                ).rowcount
                for start in starts
            )

    def has_times(self) -> bool:
        with connect(self.db_path) as db:
            return db.execute("SELECT 1 FROM times LIMIT 1").fetchone() is not None

    def free_times(self) -> list[MeetingTime]:
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT id, starts_at, minutes FROM times WHERE token IS NULL ORDER BY starts_at"
            ).fetchall()
        return [MeetingTime(*row) for row in rows]

    def link_for(self, reference: str) -> tuple[Link, bool]:
        """The reference's link, made on first request; returns it and whether it is new."""
        with connect(self.db_path) as db:
            created = db.execute(
                "INSERT OR IGNORE INTO links (token, reference, created_at) VALUES (?, ?, ?)",
                (secrets.token_urlsafe(18), reference, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            ).rowcount
            (token,) = db.execute("SELECT token FROM links WHERE reference = ?", (reference,)).fetchone()
        return Link(token, reference), created == 1

    def link(self, token: str) -> Link | None:
        with connect(self.db_path) as db:
            row = db.execute("SELECT token, reference FROM links WHERE token = ?", (token,)).fetchone()
        return Link(*row) if row else None

    def link_of(self, reference: str) -> Link | None:
        with connect(self.db_path) as db:
            row = db.execute(
                "SELECT token, reference FROM links WHERE reference = ?", (reference,)
            ).fetchone()
        return Link(*row) if row else None

    def booked(self, token: str) -> MeetingTime | None:
        with connect(self.db_path) as db:
            row = db.execute("SELECT id, starts_at, minutes FROM times WHERE token = ?", (token,)).fetchone()
        return MeetingTime(*row) if row else None

    def book(self, token: str, time_id: int) -> bool:
        """Give the link ``token`` the free time ``time_id`` (freeing its earlier one). False when taken."""
        with connect(self.db_path) as db:
            taken = db.execute(
                "UPDATE times SET token = ? WHERE id = ? AND token IS NULL", (token, time_id)
            ).rowcount
            if taken:
                db.execute("UPDATE times SET token = NULL WHERE token = ? AND id != ?", (token, time_id))
        return taken == 1


def weekday_times(
    first_day: dt.date, days: int = 10, clock: tuple[tuple[int, int], ...] = DEFAULT_TIMES
) -> list[dt.datetime]:
    """Meeting times on the next ``days`` weekdays from ``first_day``, at the given hours and minutes."""
    found: list[dt.datetime] = []
    day = first_day
    while len({start.date() for start in found}) < days:
        if day.weekday() < 5:
            found.extend(dt.datetime.combine(day, dt.time(hour, minute)) for hour, minute in clock)
        day += dt.timedelta(days=1)
    return found
