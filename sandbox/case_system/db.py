"""The case system's own SQLite storage: schema, connections and the few writes the app makes.

Every call opens its own connection (safe from any thread); a write is one transaction, so a
proposal's calculation, decision and journal note are stored together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sandbox import sqlite as sandbox_sqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    identity_number TEXT NOT NULL,
    name TEXT NOT NULL,
    co_identity_number TEXT,
    co_name TEXT,
    protected_identity INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    consecutive_months INTEGER NOT NULL DEFAULT 0,
    jobbstimulans_months INTEGER NOT NULL DEFAULT 0,
    labour_market_plan INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cases_identity ON cases (identity_number);
CREATE TABLE IF NOT EXISTS members (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    relation TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calculations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    month TEXT NOT NULL,
    decision TEXT NOT NULL,
    amount TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calculation_rows (
    id INTEGER PRIMARY KEY,
    calculation_id INTEGER NOT NULL REFERENCES calculations(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    amount TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS proposals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    calculation_id INTEGER NOT NULL REFERENCES calculations(id),
    reference TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT
);
CREATE TABLE IF NOT EXISTS journal_notes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    proposal_id INTEGER REFERENCES proposals(id),
    reference TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    reference TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_by TEXT,
    done_at TEXT
);
"""

# Task ("Att göra") status codes and how the case system shows them.
TASK_OPEN = "oppen"
TASK_DONE = "klar"
TASK_STATUS_TEXT = {TASK_OPEN: "Öppen", TASK_DONE: "Klar"}

# Proposal status codes and how the case system shows them.
STATUS_AWAITING = "forslag"
STATUS_CONFIRMED = "faststalld"
STATUS_REJECTED = "avslagen"
STATUS_TEXT = {
    STATUS_AWAITING: "Förslag – väntar på handläggare",
    STATUS_CONFIRMED: "Fastställt",
    STATUS_REJECTED: "Förslaget avslaget",
}


@dataclass(frozen=True)
class Row:
    kind: str
    code: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class NewProposal:
    """A validated proposal from the calculation form, ready to store."""

    case_id: int
    reference: str
    month: str
    period_from: str
    period_to: str
    decision: str
    amount: Decimal
    rows: list[Row]
    note: str


@contextmanager
def connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in one transaction: committed on success, rolled back on any error."""
    with sandbox_sqlite.connect(db_path) as connection:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")  # no transaction is open yet, so this takes effect
        yield connection


def initialise(db_path: Path) -> None:
    """Create the tables if they do not exist."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(SCHEMA)


def insert_calculation(
    connection: sqlite3.Connection,
    case_id: int,
    month: str,
    decision: str,
    amount: Decimal,
    rows: list[Row],
    source: str,
) -> int:
    cursor = connection.execute(
        "INSERT INTO calculations (case_id, month, decision, amount, source) VALUES (?, ?, ?, ?, ?)",
        (case_id, month, decision, str(amount), source),
    )
    calculation_id = int(cursor.lastrowid or 0)
    connection.executemany(
        "INSERT INTO calculation_rows (calculation_id, position, kind, code, label, amount)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(calculation_id, i, r.kind, r.code, r.label, str(r.amount)) for i, r in enumerate(rows)],
    )
    return calculation_id


def insert_journal_note(
    connection: sqlite3.Connection,
    case_id: int,
    reference: str,
    text: str,
    author: str,
    created_at: str,
    proposal_id: int | None = None,
) -> int:
    cursor = connection.execute(
        "INSERT INTO journal_notes (case_id, proposal_id, reference, text, author, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, proposal_id, reference, text, author, created_at),
    )
    return int(cursor.lastrowid or 0)


def store_proposal(db_path: Path, proposal: NewProposal, author: str, created_at: str) -> int:
    """Store calculation, proposed decision and journal note in one transaction. Returns the proposal id."""
    with connect(db_path) as connection:
        calculation_id = insert_calculation(
            connection,
            proposal.case_id,
            proposal.month,
            proposal.decision,
            proposal.amount,
            proposal.rows,
            "proposal",
        )
        cursor = connection.execute(
            "INSERT INTO proposals (case_id, calculation_id, reference, period_from, period_to, status,"
            " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                proposal.case_id,
                calculation_id,
                proposal.reference,
                proposal.period_from,
                proposal.period_to,
                STATUS_AWAITING,
                author,
                created_at,
            ),
        )
        proposal_id = int(cursor.lastrowid or 0)
        if proposal.note:
            insert_journal_note(
                connection,
                proposal.case_id,
                proposal.reference,
                proposal.note,
                author,
                created_at,
                proposal_id,
            )
        return proposal_id


def store_note_and_task(
    db_path: Path,
    case_id: int,
    reference: str,
    note: str,
    task: str | None,
    author: str,
    created_at: str,
) -> None:
    """Store a journal note and/or an "Att göra" task for a caseworker, together or not at all."""
    with connect(db_path) as connection:
        if note:
            insert_journal_note(connection, case_id, reference, note, author, created_at)
        if task is not None:
            connection.execute(
                "INSERT INTO tasks (case_id, reference, text, status, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, reference, task, TASK_OPEN, author, created_at),
            )


def complete_task(db_path: Path, task_id: int, user: str, done_at: str) -> bool:
    """Mark an open task done. False if it does not exist or is already done."""
    with connect(db_path) as connection:
        cursor = connection.execute(
            "UPDATE tasks SET status = ?, done_by = ?, done_at = ? WHERE id = ? AND status = ?",
            (TASK_DONE, user, done_at, task_id, TASK_OPEN),
        )
        return cursor.rowcount == 1


def review_proposal(db_path: Path, proposal_id: int, status: str, reviewer: str, reviewed_at: str) -> bool:
    """Confirm or reject a proposal awaiting review. False if it does not exist or was already reviewed."""
    with connect(db_path) as connection:
        cursor = connection.execute(
            "UPDATE proposals SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = ?",
            (status, reviewer, reviewed_at, proposal_id, STATUS_AWAITING),
        )
        return cursor.rowcount == 1
