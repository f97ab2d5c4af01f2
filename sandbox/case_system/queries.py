"""Read access to the case system's database, for its own pages and for tests and the demo.

:class:`CaseSystemDatabase` only reads. Tests and the end-to-end test use :meth:`proposals` and
:meth:`journal_notes` to check, for example, that there is exactly one proposal per application.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from sandbox.case_system.db import (
    STATUS_AWAITING,
    STATUS_TEXT,
    TASK_OPEN,
    TASK_STATUS_TEXT,
    connect,
    initialise,
)


def normalise_identity(value: str) -> str:
    """``"YYYYMMDD-NNNN"`` from a 12-digit number with or without hyphen; the input stripped otherwise."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 12 and len(value.strip()) in (12, 13):
        return f"{digits[:8]}-{digits[8:]}"
    return value.strip()


class CaseSystemDatabase:
    """Read-only views of the case system's SQLite database."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        initialise(self.db_path)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with connect(self.db_path) as connection:
            return list(connection.execute(sql, params).fetchall())

    def case_id_for(self, identity_number: str) -> int | None:
        """The case of a person as applicant (an open case first), or None."""
        rows = self._all(
            "SELECT id FROM cases WHERE identity_number = ? ORDER BY status = 'open' DESC, id DESC",
            (normalise_identity(identity_number),),
        )
        return int(rows[0]["id"]) if rows else None

    def case(self, case_id: int) -> dict[str, Any] | None:
        """Everything the case page shows, or None."""
        found = self._all("SELECT * FROM cases WHERE id = ?", (case_id,))
        if not found:
            return None
        case = dict(found[0])
        case["members"] = [
            dict(r)
            for r in self._all("SELECT * FROM members WHERE case_id = ? ORDER BY position", (case_id,))
        ]
        previous = self._all(
            "SELECT * FROM calculations WHERE case_id = ? AND source = 'history'"
            " ORDER BY month DESC, id DESC",
            (case_id,),
        )
        case["previous"] = self._calculation(previous[0]) if previous else None
        case["history"] = [self._calculation(row) for row in previous]
        case["proposals"] = self.proposals(case_id=case_id)
        case["journal_notes"] = self.journal_notes(case_id=case_id)
        case["tasks"] = self.tasks(case_id=case_id)
        return case

    def _calculation(self, row: sqlite3.Row) -> dict[str, Any]:
        rows = self._all(
            "SELECT kind, code, label, amount FROM calculation_rows"
            " WHERE calculation_id = ? ORDER BY position",
            (row["id"],),
        )
        return {
            "month": row["month"],
            "decision": row["decision"],
            "amount": Decimal(row["amount"]),
            "rows": [{**dict(r), "amount": Decimal(r["amount"])} for r in rows],
            "total": sum((_signed(r["kind"], Decimal(r["amount"])) for r in rows), Decimal(0)),
        }

    def proposals(
        self,
        identity_number: str | None = None,
        case_id: int | None = None,
        status: str | None = None,
        proposal_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Proposals, oldest first: reference, identity_number, case_number, period, month, decision,
        amount, rows, note, status, status_text, created_by, created_at, confirmed_by, confirmed_at."""
        where, params = _filters(identity_number, case_id, status, proposal_id)
        found = self._all(
            "SELECT p.*, c.identity_number, c.case_number, k.month, k.decision, k.amount, k.id AS calc_id"
            " FROM proposals p JOIN cases c ON c.id = p.case_id"
            " JOIN calculations k ON k.id = p.calculation_id"
            f" {where} ORDER BY p.id",
            params,
        )
        result = []
        for row in found:
            calculation = self._calculation(
                self._all("SELECT * FROM calculations WHERE id = ?", (row["calc_id"],))[0]
            )
            notes = self._all(
                "SELECT text FROM journal_notes WHERE proposal_id = ? ORDER BY id", (row["id"],)
            )
            reviewed = row["status"] != STATUS_AWAITING
            result.append(
                {
                    "id": row["id"],
                    "reference": row["reference"],
                    "identity_number": row["identity_number"],
                    "case_number": row["case_number"],
                    "period": (row["period_from"], row["period_to"]),
                    "month": row["month"],
                    "decision": row["decision"],
                    "amount": Decimal(row["amount"]),
                    "rows": calculation["rows"],
                    "total": calculation["total"],
                    "note": notes[0]["text"] if notes else "",
                    "status": row["status"],
                    "status_text": STATUS_TEXT.get(row["status"], row["status"]),
                    "created_by": row["created_by"],
                    "created_at": row["created_at"],
                    "confirmed_by": row["reviewed_by"] if reviewed else None,
                    "confirmed_at": row["reviewed_at"] if reviewed else None,
                }
            )
        return result

    def journal_notes(
        self, identity_number: str | None = None, case_id: int | None = None, reference: str | None = None
    ) -> list[dict[str, Any]]:
        """Journal notes, oldest first: reference, identity_number, case_number, text, author, created_at."""
        where, params = _filters(identity_number, case_id, None, None, alias="j")
        if reference is not None:
            where += (" AND" if where else "WHERE") + " j.reference = ?"
            params += (reference,)
        found = self._all(
            "SELECT j.*, c.identity_number, c.case_number"
            " FROM journal_notes j JOIN cases c ON c.id = j.case_id"
            f" {where} ORDER BY j.id",
            params,
        )
        return [
            {
                "reference": r["reference"],
                "identity_number": r["identity_number"],
                "case_number": r["case_number"],
                "text": r["text"],
                "author": r["author"],
                "created_at": r["created_at"],
                "proposal_id": r["proposal_id"],
            }
            for r in found
        ]

    def tasks(self, case_id: int | None = None, open_only: bool = False) -> list[dict[str, Any]]:
        """ "Att göra" tasks, oldest first: id, case_id, case_number, identity_number, name, reference,
        text, status, status_text, created_by, created_at, done_by, done_at."""
        where, params = _filters(None, case_id, TASK_OPEN if open_only else None, None, alias="t")
        found = self._all(
            "SELECT t.*, c.case_number, c.identity_number, c.name"
            " FROM tasks t JOIN cases c ON c.id = t.case_id"
            f" {where} ORDER BY t.id",
            params,
        )
        return [{**dict(r), "status_text": TASK_STATUS_TEXT.get(r["status"], r["status"])} for r in found]

    def case_count(self) -> int:
        return int(self._all("SELECT COUNT(*) AS n FROM cases")[0]["n"])


def _signed(kind: str, amount: Decimal) -> Decimal:
    """Norms and costs add to the need; incomes reduce it."""
    return -amount if kind == "inkomst" else amount


def _filters(
    identity_number: str | None,
    case_id: int | None,
    status: str | None,
    proposal_id: int | None,
    alias: str = "p",
) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    params: list[Any] = []
    if identity_number is not None:
        clauses.append("c.identity_number = ?")
        params.append(normalise_identity(identity_number))
    if case_id is not None:
        clauses.append(f"{alias}.case_id = ?")
        params.append(case_id)
    if status is not None:
        clauses.append(f"{alias}.status = ?")
        params.append(status)
    if proposal_id is not None:
        clauses.append(f"{alias}.id = ?")
        params.append(proposal_id)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)
