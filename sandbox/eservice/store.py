"""The e-service's submissions in SQLite: stored as-is, listed until acknowledged.

Every method opens its own connection, so one store can be used from any thread. Payloads are
kept as JSON text exactly as submitted (hostile input is expected and is the robot's business).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sandbox.sqlite import connect

DEFAULT_FORM = "forsorjningsstod"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    submitted_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    acknowledged_at TEXT,
    form TEXT NOT NULL DEFAULT 'forsorjningsstod'
)
"""
_COLUMNS = "reference, submitted_at, payload, acknowledged_at, form"
_GOOD_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")


@dataclass(frozen=True)
class StoredSubmission:
    reference: str
    submitted_at: str
    payload: Any
    acknowledged_at: str | None
    form: str = DEFAULT_FORM

    def envelope(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "submitted_at": self.submitted_at,
            "form": self.form,
            "payload": self.payload,
        }


SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


def _now() -> str:
    """Now as the e-service states it: Swedish time with its offset (never the machine's own zone)."""
    return datetime.now(SWEDISH_TIME).replace(microsecond=0).isoformat()


class SubmissionStore:
    """Submissions of one e-service, in the SQLite file ``db_path``."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            db.execute(_SCHEMA)

    def add(
        self,
        payload: Any,
        submitted_at: str | None = None,
        set_reference: bool = False,
        form: str = DEFAULT_FORM,
    ) -> str:
        """Store a submission of ``form`` (the e-service's form type); returns its reference.

        The reference is ``payload["reference"]`` when that is a sensible string not yet used,
        otherwise a new one. ``set_reference`` writes a generated reference into a dict payload
        (the citizen form does this). An existing reference is never overwritten: adding it again
        keeps the stored submission and its acknowledgement (so re-seeding is harmless).
        """
        given = payload.get("reference") if isinstance(payload, dict) else None
        with connect(self.db_path) as db:
            if isinstance(given, str) and _GOOD_REFERENCE.match(given):
                reference = given
            else:
                reference = self._new_reference(db)
                if set_reference and isinstance(payload, dict):
                    payload = {**payload, "reference": reference}
            text = json.dumps(payload, ensure_ascii=False, default=str)
            db.execute(
                "INSERT OR IGNORE INTO submissions (reference, submitted_at, payload, form) VALUES (?, ?, ?, ?)",
                (reference, submitted_at or _now(), text, form),
            )
        return reference

    @staticmethod
    def _new_reference(db: sqlite3.Connection) -> str:
        (count,) = db.execute("SELECT COUNT(*) FROM submissions").fetchone()
        number = count + 1
        while True:
            reference = f"ES-{number:06d}"
            if not db.execute("SELECT 1 FROM submissions WHERE reference = ?", (reference,)).fetchone():
                return reference
            number += 1

    def list(self, status: Literal["new", "all"] = "new", form: str | None = None) -> list[StoredSubmission]:
        """Submissions in the order they arrived; ``new`` = not yet acknowledged; only ``form`` when given."""
        clauses, params = (["acknowledged_at IS NULL"] if status == "new" else []), []
        if form is not None:
            clauses.append("form = ?")
            params.append(form)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with connect(self.db_path) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM submissions {where} ORDER BY seq", params).fetchall()
        return [StoredSubmission(ref, at, json.loads(text), ack, kind) for ref, at, text, ack, kind in rows]

    def get(self, reference: str) -> StoredSubmission | None:
        with connect(self.db_path) as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM submissions WHERE reference = ?",
                (reference,),
            ).fetchone()
        return StoredSubmission(row[0], row[1], json.loads(row[2]), row[3], row[4]) if row else None

    def forget_acknowledgements(self) -> int:
        """Fault injection: behave as if every acknowledgement was lost, so everything is re-delivered."""
        with connect(self.db_path) as db:
            return db.execute("UPDATE submissions SET acknowledged_at = NULL").rowcount

    def acknowledge(self, reference: str) -> bool:
        """Mark a submission as received by the robot. False when the reference is unknown."""
        with connect(self.db_path) as db:
            found = db.execute("SELECT 1 FROM submissions WHERE reference = ?", (reference,)).fetchone()
            if found:
                db.execute(
                    "UPDATE submissions SET acknowledged_at = COALESCE(acknowledged_at, ?) "
                    "WHERE reference = ?",
                    (_now(), reference),
                )
        return bool(found)


def seed(
    db_path: Path, applications: list[Any], submitted_at: str | None = None, form: str = DEFAULT_FORM
) -> list[str]:
    """Store each payload as a submission of ``form`` (see :meth:`SubmissionStore.add`); returns the references."""
    store = SubmissionStore(db_path)
    return [store.add(payload, submitted_at=submitted_at, form=form) for payload in applications]
