"""The income register's data in SQLite: payments, and gaps where a source cannot answer.

Amounts are stored as text so they come back exactly as seeded (Decimal, öre included).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sandbox.scenario import PaymentSeed, RegisterGapSeed
from sandbox.sqlite import connect

SOURCES = ("FK", "AKASSA", "AF", "CSN", "SKV")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    identity TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, amount TEXT NOT NULL,
    period TEXT NOT NULL, payment_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_identity ON payments (identity, period);
CREATE TABLE IF NOT EXISTS gaps (identity TEXT NOT NULL, source TEXT NOT NULL, period TEXT NOT NULL);
"""


@dataclass(frozen=True)
class StoredPayment:
    source: str
    type: str
    amount: Decimal
    period: str
    payment_date: str


class RegisterStore:
    """Register data in the SQLite file ``db_path``; identity numbers stored as 12 digits, no hyphen."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            db.executescript(_SCHEMA)

    def replace(self, payments: Iterable[PaymentSeed], gaps: Iterable[RegisterGapSeed]) -> None:
        """Replace all data with ``payments`` and ``gaps``."""
        with connect(self.db_path) as db:
            db.execute("DELETE FROM payments")
            db.execute("DELETE FROM gaps")
            db.executemany(
                "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (_key(p.identity_number), p.source, p.type, str(p.amount), p.period, p.payment_date)
                    for p in payments
                ],
            )
            db.executemany(
                "INSERT INTO gaps VALUES (?, ?, ?)",
                [(_key(g.identity_number), g.source, g.period) for g in gaps],
            )

    def payments(self, identity: str, first_period: str, last_period: str) -> list[StoredPayment]:
        """Payments for the periods ``first_period``..``last_period`` ("YYYY-MM"), oldest first."""
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT source, type, amount, period, payment_date FROM payments "
                "WHERE identity = ? AND period BETWEEN ? AND ? ORDER BY period, source, type",
                (_key(identity), first_period, last_period),
            ).fetchall()
        return [StoredPayment(s, t, Decimal(a), p, d) for s, t, a, p, d in rows]

    def gaps(self, identity: str, first_period: str, last_period: str) -> dict[str, list[str]]:
        """Per source, the periods of the range it cannot answer for the person."""
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT DISTINCT source, period FROM gaps WHERE identity = ? AND period BETWEEN ? AND ? "
                "ORDER BY period",
                (_key(identity), first_period, last_period),
            ).fetchall()
        found: dict[str, list[str]] = {}
        for source, period in rows:
            found.setdefault(source, []).append(period)
        return found


def _key(identity: str) -> str:
    return identity.replace("-", "")


def seed(db_path: Path, payments: Iterable[PaymentSeed], gaps: Iterable[RegisterGapSeed] = ()) -> None:
    """Load a scenario's payments and gaps into the register at ``db_path``, replacing what was there."""
    RegisterStore(db_path).replace(payments, gaps)
