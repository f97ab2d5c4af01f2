"""Loading cases from the synthetic scenario into the case system's database.

:func:`seed` is idempotent: a case number already present is left as it is, so seeding twice never
duplicates a case, its household or its previous calculation.
"""

from __future__ import annotations

from pathlib import Path

from sandbox.case_system.db import Row, connect, initialise, insert_calculation
from sandbox.case_system.queries import normalise_identity
from sandbox.scenario import CaseSeed


def seed(db_path: Path, cases: list[CaseSeed]) -> int:
    """Store the cases not yet present (matched on case number). Returns how many were added."""
    initialise(db_path)
    added = 0
    with connect(db_path) as connection:
        for case in cases:
            exists = connection.execute(
                "SELECT 1 FROM cases WHERE case_number = ?", (case.case_number,)
            ).fetchone()
            if exists:
                continue
            cursor = connection.execute(
                "INSERT INTO cases (case_number, identity_number, name, co_identity_number, co_name,"
                " protected_identity, status, consecutive_months, jobbstimulans_months, labour_market_plan)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case.case_number,
                    normalise_identity(case.identity_number),
                    case.name,
                    normalise_identity(case.co_applicant_identity_number)
                    if case.co_applicant_identity_number
                    else None,
                    case.co_applicant_name,
                    int(case.protected_identity),
                    case.status,
                    case.consecutive_months_on_support,
                    case.jobbstimulans_months_used,
                    int(case.labour_market_plan),
                ),
            )
            case_id = int(cursor.lastrowid or 0)
            connection.executemany(
                "INSERT INTO members (case_id, position, name, birth_date, relation) VALUES (?, ?, ?, ?, ?)",
                [(case_id, i, m.name, m.birth_date, m.relation) for i, m in enumerate(case.household)],
            )
            if case.previous is not None:
                rows = [Row(r.kind, r.code, r.label, r.amount) for r in case.previous.rows]
                insert_calculation(
                    connection,
                    case_id,
                    case.previous.month,
                    case.previous.decision,
                    case.previous.amount,
                    rows,
                    "history",
                )
            added += 1
    return added
