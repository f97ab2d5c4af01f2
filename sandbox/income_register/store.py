"""The income register's data in SQLite: payments, late months, source errors, and every question asked.

Amounts are stored as text so they come back exactly as seeded (Decimal, öre included). A gap is a
month a source has not reported yet: its payments for that month are held back until the gap is
filled (:meth:`RegisterStore.fill_gap`), as a late report arrives in the real registers. The
question log is what SSBTEK records of each question (who asked, for which case, why, under which
law); tests read it to see what the robot sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sandbox.scenario import PaymentSeed, RegisterErrorSeed, RegisterGapSeed
from sandbox.sqlite import connect

SOURCES = ("AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV")  # SSBTEK's seven, in the proxy's order
CONTEXT = ("organisationsnummer", "ingivare", "handlaggare", "arendeidentitet", "syfte", "lagtext")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS payments (
    identity TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, amount TEXT NOT NULL,
    period TEXT NOT NULL, payment_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_identity ON payments (identity, period);
CREATE TABLE IF NOT EXISTS gaps (identity TEXT NOT NULL, source TEXT NOT NULL, period TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source_errors (
    identity TEXT NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, asked_at TEXT NOT NULL, municipality_id TEXT NOT NULL,
    identity TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL,
    {", ".join(f"{name} TEXT NOT NULL" for name in CONTEXT)}
);
"""


@dataclass(frozen=True)
class StoredPayment:
    source: str
    type: str
    amount: Decimal
    period: str
    payment_date: str


@dataclass(frozen=True)
class StoredError:
    origin: str
    code: str
    message: str


@dataclass(frozen=True)
class Question:
    """One question as SSBTEK records it."""

    municipality_id: str
    identity: str
    from_date: str
    to_date: str
    context: dict[str, str]


class RegisterStore:
    """Register data in the SQLite file ``db_path``; identity numbers stored as 12 digits, no hyphen."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            db.executescript(_SCHEMA)

    def replace(
        self,
        payments: Iterable[PaymentSeed],
        gaps: Iterable[RegisterGapSeed],
        errors: Iterable[RegisterErrorSeed] = (),
    ) -> None:
        """Replace all data with ``payments``, ``gaps`` and source ``errors`` (the question log is kept)."""
        with connect(self.db_path) as db:
            for table in ("payments", "gaps", "source_errors"):
                db.execute(f"DELETE FROM {table}")
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
            db.executemany(
                "INSERT INTO source_errors VALUES (?, ?, ?, ?, ?)",
                [(_key(e.identity_number), e.source, e.origin, e.code, e.message) for e in errors],
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
        """Per source, the periods of the range it has not reported for the person yet."""
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

    def fill_gap(self, identity: str, source: str, period: str) -> bool:
        """The late report arrives: the held-back payments show from now on. False if there was no such gap."""
        with connect(self.db_path) as db:
            cursor = db.execute(
                "DELETE FROM gaps WHERE identity = ? AND source = ? AND period = ?",
                (_key(identity), source, period),
            )
            return cursor.rowcount > 0

    def errors(self, identity: str) -> dict[str, StoredError]:
        """Per source, the error it answers with for the person."""
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT source, origin, code, message FROM source_errors WHERE identity = ?",
                (_key(identity),),
            ).fetchall()
        return {source: StoredError(origin, code, message) for source, origin, code, message in rows}

    def record(self, question: Question) -> None:
        with connect(self.db_path) as db:
            db.execute(
                f"INSERT INTO questions (asked_at, municipality_id, identity, from_date, to_date, {', '.join(CONTEXT)}) "
                f"VALUES ({', '.join('?' * (5 + len(CONTEXT)))})",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    question.municipality_id,
                    _key(question.identity),
                    question.from_date,
                    question.to_date,
                    *(question.context[name] for name in CONTEXT),
                ),
            )

    def questions(self) -> list[Question]:
        """Every question asked, oldest first."""
        with connect(self.db_path) as db:
            rows = db.execute(
                f"SELECT municipality_id, identity, from_date, to_date, {', '.join(CONTEXT)} FROM questions ORDER BY seq"
            ).fetchall()
        return [Question(m, i, f, t, dict(zip(CONTEXT, rest, strict=True))) for m, i, f, t, *rest in rows]


def _key(identity: str) -> str:
    return identity.replace("-", "")


def seed(
    db_path: Path,
    payments: Iterable[PaymentSeed],
    gaps: Iterable[RegisterGapSeed] = (),
    errors: Iterable[RegisterErrorSeed] = (),
) -> None:
    """Load a scenario's payments, gaps and source errors into the register at ``db_path``, replacing what was there."""
    RegisterStore(db_path).replace(payments, gaps, errors)
