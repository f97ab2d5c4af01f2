"""Finding everything the queue holds about one person, for a subject access request (GDPR article 15).

A person's items are those with their identity number as the subject, those whose application
names it anywhere (a co-applicant), and, once pseudonymised, those with its keyed hash; with their
notices to the applicant. The payload search reads every item's application as text: a request is
rare, and it must not miss an item where the person is the co-applicant.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Text, cast, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from robot.queue.models import Notification, WorkItem
from robot.queue.retention import subject_hash


@dataclass
class PersonsItems:
    items: list[WorkItem]
    notices: list[Notification]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def persons_items(
    engine: Engine, subject: str | None, key: bytes | None, hashed: str | None = None
) -> PersonsItems:
    """Every item of any process about a person, oldest first, and their notices.

    The person is ``subject`` (an identity number; with ``key``, its pseudonymised items are found
    too) or, when only a pseudonymised item is left, its keyed hash ``hashed``.
    """
    about = []
    if subject:
        about += [
            col(WorkItem.subject) == subject,
            cast(col(WorkItem.payload), Text).like(_like(subject), escape="\\"),
        ]
        hashed = subject_hash(key, subject) if key is not None else hashed
    if hashed:
        about.append(col(WorkItem.subject_hash) == hashed)
    if not about:
        return PersonsItems([], [])
    with Session(engine, expire_on_commit=False) as session:
        items = list(session.exec(select(WorkItem).where(or_(*about)).order_by(col(WorkItem.id))).all())
        ids = [item.id for item in items]
        notices = list(
            session.exec(
                select(Notification).where(col(Notification.item_id).in_(ids)).order_by(col(Notification.id))
            ).all()
        )
    return PersonsItems(items, notices)
