"""The inbox's submissions and status events in SQLite.

Submissions are stored as received and listed as new until acknowledged. Events are appended per
submission; an event identical to one already stored (same fields, same time) is not stored again,
so posting the same document twice changes nothing. Every method opens its own connection, so one
store can be used from any thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sandbox.sqlite import connect

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS soknader (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        fiks_id TEXT NOT NULL UNIQUE,
        innsendt TEXT NOT NULL,
        payload TEXT NOT NULL,
        acknowledged_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS hendelser (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        fiks_id TEXT NOT NULL,
        event_key TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (fiks_id, event_key))""",
)


@dataclass(frozen=True)
class StoredSoknad:
    fiks_digisos_id: str
    innsendt: str
    payload: Any
    acknowledged_at: str | None

    def envelope(self) -> dict[str, Any]:
        return {"fiksDigisosId": self.fiks_digisos_id, "innsendt": self.innsendt, "soknad": self.payload}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def event_key(event: Any) -> str:
    """The canonical text of an event (keys sorted): the same event always gives the same key."""
    return json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class InboxStore:
    """Submissions and events of one inbox, in the SQLite file ``db_path``."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            for statement in _SCHEMA:
                db.execute(statement)

    def add(self, fiks_digisos_id: str, innsendt: str, payload: Any) -> bool:
        """Store a submission; False (and nothing changed) when the id is already there."""
        text = json.dumps(payload, ensure_ascii=False, default=str)
        with connect(self.db_path) as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO soknader (fiks_id, innsendt, payload) VALUES (?, ?, ?)",
                (fiks_digisos_id, innsendt, text),
            )
            return cursor.rowcount == 1

    def soknader(self, status: Literal["new", "all"] = "new") -> list[StoredSoknad]:
        where = "WHERE acknowledged_at IS NULL" if status == "new" else ""
        with connect(self.db_path) as db:
            rows = db.execute(
                f"SELECT fiks_id, innsendt, payload, acknowledged_at FROM soknader {where} ORDER BY seq"
            ).fetchall()
        return [StoredSoknad(fid, at, json.loads(text), ack) for fid, at, text, ack in rows]

    def exists(self, fiks_digisos_id: str) -> bool:
        with connect(self.db_path) as db:
            return (
                db.execute("SELECT 1 FROM soknader WHERE fiks_id = ?", (fiks_digisos_id,)).fetchone()
                is not None
            )

    def acknowledge(self, fiks_digisos_id: str) -> bool:
        """Mark a submission as received by the robot; False when the id is unknown."""
        with connect(self.db_path) as db:
            cursor = db.execute(
                "UPDATE soknader SET acknowledged_at = COALESCE(acknowledged_at, ?) WHERE fiks_id = ?",
                (_now(), fiks_digisos_id),
            )
            return cursor.rowcount == 1

    def add_events(self, fiks_digisos_id: str, events: Iterable[Any]) -> tuple[int, int]:
        """Append the events not stored yet; returns (added, already there)."""
        added = already = 0
        with connect(self.db_path) as db:
            for event in events:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO hendelser (fiks_id, event_key, body) VALUES (?, ?, ?)",
                    (fiks_digisos_id, event_key(event), json.dumps(event, ensure_ascii=False)),
                )
                added += cursor.rowcount
                already += 1 - cursor.rowcount
        return added, already

    def events(self, fiks_digisos_id: str) -> list[Any]:
        """The events of a submission in the order they were first posted."""
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT body FROM hendelser WHERE fiks_id = ? ORDER BY seq", (fiks_digisos_id,)
            ).fetchall()
        return [json.loads(body) for (body,) in rows]


def seed(db_path: Path, applications: Iterable[Any]) -> list[str]:
    """Store submissions (generator applications or envelopes ``{"fiksDigisosId", "innsendt", "soknad"}``).

    Idempotent: an id already stored keeps its submission and acknowledgement. Returns the ids.
    """
    store = InboxStore(db_path)
    ids = []
    for item in applications:
        if isinstance(item, dict):
            fid, at, payload = item["fiksDigisosId"], item["innsendt"], item.get("soknad")
        else:
            fid, at, payload = item.fiks_digisos_id, item.submitted_at, item.payload
        store.add(fid, at, payload)
        ids.append(fid)
    return ids
