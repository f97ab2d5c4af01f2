"""Pseudonymising work items past their retention: the figures stay for the statistics, the person goes.

An item is due once the caseworker's decision is ``decided_days`` old, or, when no decision ever
came back (quarantined, failed, or a proposal nobody decided), once the robot finished it
``undecided_days`` ago. Then, in one transaction per batch:

* **kept**: process, reference, state, attempts, period, the amounts (proposed and decided), the
  outcome, every time (received, submitted, finished, decided: the decision-time figures), the
  worker, the pass; of the decision only its figures and codes (:func:`figures_only`: numbers,
  outcomes, kinds, codes, rule ids, legal references, the month); of the reasons their codes; of
  each notice to the applicant its step, channel, state and times;
* **gone**: the identity number (replaced by its keyed hash, :func:`subject_hash`), the name, the
  business key, the application as submitted (payload), the register data, the rule trace, every
  free text (reasons' words, decision labels, errors, the last error), the caseworker's name and
  the list of evidence files (the caller deletes the files).

The keyed hash (HMAC-SHA256 under the secret named ``[retention] pseudonym_key_secret``) lets the
statistics count one person's months and lets a subject access request find the person's
pseudonymised items, while the database alone cannot be turned back into identity numbers: an
unkeyed hash of the few million possible personnummer is undone in seconds. Destroying the key
makes the rows anonymous.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, update
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from robot.queue.models import FINAL_STATES, Notification, PassRecord, WorkItem, utcnow

# Texts that are codes, not words about a person: they stay in a pseudonymised decision.
CODE_KEYS = frozenset(
    {"outcome", "decision", "kind", "code", "rule_id", "legal_reference", "month", "period"}
)
BATCH = 200
_DROPPED: Any = object()


def subject_hash(key: bytes, subject: str) -> str:
    """The keyed hash that replaces an identity number: the same number and key give the same 64 hex digits."""
    return hmac.new(key, subject.strip().encode("utf-8"), hashlib.sha256).hexdigest()


def figures_only(value: Any, key: str | None = None) -> Any:
    """``value`` with its numbers, truth values and codes (texts under :data:`CODE_KEYS`) and no other text."""
    if isinstance(value, dict):
        kept = {name: figures_only(item, name) for name, item in value.items()}
        return {name: item for name, item in kept.items() if item is not _DROPPED}
    if isinstance(value, list):
        return [item for item in (figures_only(entry, key) for entry in value) if item is not _DROPPED]
    if isinstance(value, str):
        return value if key in CODE_KEYS else _DROPPED
    return value  # numbers, booleans, None


def reason_codes(reasons: Iterable[Any]) -> list[dict[str, str]]:
    """The codes of the reasons (``{"code", "text"}`` entries keep ``{"code"}``; plain sentences go)."""
    return [{"code": reason["code"]} for reason in reasons if isinstance(reason, dict) and "code" in reason]


@dataclass(frozen=True)
class DueItem:
    """An item past its retention: which, and since when the clock ran (the decision, or the robot's finish)."""

    id: int
    reference: str
    state: str
    decided: bool
    since: datetime


def due_items(
    engine: Engine, process: str, decided_before: datetime, finished_before: datetime
) -> list[DueItem]:
    """The process's items not yet pseudonymised whose decision is older than ``decided_before``, or that
    got no decision and were finished before ``finished_before``; oldest first."""
    decided = and_(col(WorkItem.decided_at).is_not(None), col(WorkItem.decided_at) < decided_before)
    undecided = and_(
        col(WorkItem.decided_at).is_(None),
        col(WorkItem.state).in_([state.value for state in FINAL_STATES]),
        col(WorkItem.finished_at) < finished_before,
    )
    query = (
        sql_select(
            col(WorkItem.id),
            col(WorkItem.reference),
            col(WorkItem.state),
            col(WorkItem.decided_at),
            col(WorkItem.finished_at),
        )
        .where(
            col(WorkItem.process) == process,
            col(WorkItem.pseudonymised_at).is_(None),
            or_(decided, undecided),
        )
        .order_by(col(WorkItem.id))
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    due = []
    for id_, reference, state, decided_at, finished_at in rows:
        since = decided_at or finished_at
        assert since is not None and id_ is not None  # the query asks for one of them
        due.append(DueItem(int(id_), reference, state, decided_at is not None, since))
    return due


@dataclass
class Pseudonymised:
    items: int
    evidence: list[str]  # the files the items listed as evidence, for the caller to delete


def pseudonymise(
    engine: Engine, due: Sequence[DueItem], key: bytes, now: datetime | None = None
) -> Pseudonymised:
    """Remove the personal data of these items and their notices (see the module's docstring).

    An item that moved on since it was found due (a failed item IT staff sent back to the queue) is
    left alone, and one already pseudonymised is not done twice.
    """
    moment = now or utcnow()
    done = Pseudonymised(0, [])
    for start in range(0, len(due), BATCH):
        planned = {item.id: item.state for item in due[start : start + BATCH]}
        with Session(engine) as session:
            items = session.exec(
                select(WorkItem).where(
                    col(WorkItem.id).in_(list(planned)), col(WorkItem.pseudonymised_at).is_(None)
                )
            ).all()
            for item in items:
                assert item.id is not None
                evidence, values = list(item.evidence or []), _stripped(item, key, moment)
                changed = session.execute(
                    update(WorkItem)
                    .where(
                        col(WorkItem.id) == item.id,
                        col(WorkItem.state) == planned[item.id],
                        col(WorkItem.pseudonymised_at).is_(None),
                    )
                    .values(**values)
                    .execution_options(synchronize_session=False)
                ).rowcount  # type: ignore[attr-defined]
                if changed != 1:
                    continue
                done.items += 1
                done.evidence.extend(evidence)
                for notice in session.exec(
                    select(Notification).where(col(Notification.item_id) == item.id)
                ).all():
                    notice.details = figures_only(notice.details or {})
                    notice.last_error = None
                    session.add(notice)
            session.commit()
    return done


def _stripped(item: WorkItem, key: bytes, moment: datetime) -> dict[str, Any]:
    return {
        "subject": None,
        "subject_hash": subject_hash(key, item.subject) if item.subject else None,
        "subject_name": None,
        "business_key": None,
        "payload": {},
        "data": {},
        "trace": [],
        "decision": figures_only(item.decision or {}),
        "reasons": reason_codes(item.reasons or []),
        "errors": [],
        "last_error": None,
        "evidence": [],
        "decided_by": None,
        "pseudonymised_at": moment,
        "updated_at": moment,
    }


def forget_reports(engine: Engine, paths: Iterable[str]) -> int:
    """Clear the report path of the passes whose report was deleted; returns how many."""
    gone = list(paths)
    if not gone:
        return 0
    with Session(engine) as session:
        changed = session.execute(
            update(PassRecord).where(col(PassRecord.report_path).in_(gone)).values(report_path=None)
        ).rowcount  # type: ignore[attr-defined]
        session.commit()
    return int(changed)
