"""Status events per application, in the manner of NAV's digisos-søker ``hendelser``.

The municipality's systems publish what happens to an application; the applicant reads it on the
"Följ ditt ärende" page. One event per (reference, step): publishing a step again changes nothing
and returns the event first stored (so a robot that crashed after publishing can publish again).

| step                      | meaning                                                     | details            |
|---------------------------|-------------------------------------------------------------|--------------------|
| ``mottagen``              | received: stored by the municipality                        |                    |
| ``under_behandling``      | being handled (the robot has started on it)                 |                    |
| ``forslag_hos_handlaggare``| a proposed decision waits for a caseworker                 |                    |
| ``hos_handlaggare``       | handed to a caseworker (the robot could not settle it)      |                    |
| ``beviljad``              | decided by a caseworker: approved                           | ``amount`` (kr)    |
| ``avslagen``              | decided by a caseworker: rejected                           |                    |
| ``mote``                  | a meeting is needed; the applicant books a time themselves  | ``booking_url``    |

``amount`` is whole kronor and belongs only to ``beviljad`` (required there); ``booking_url`` is an
http(s) address and belongs only to ``mote`` (required there). Times are stored in UTC, ISO 8601
with a ``Z``; a time without a zone is taken as UTC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sandbox.sqlite import connect

Step = Literal[
    "mottagen",
    "under_behandling",
    "forslag_hos_handlaggare",
    "hos_handlaggare",
    "beviljad",
    "avslagen",
    "mote",
]
STEPS: tuple[str, ...] = get_args(Step)
DECIDED = ("beviljad", "avslagen")
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL,
    step TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    details TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (reference, step)
)
"""


class Details(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: int | None = Field(None, ge=0, le=1_000_000, strict=True)
    booking_url: str | None = Field(None, max_length=500)

    @field_validator("booking_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            raise ValueError("must be an http:// or https:// address")
        return value


class EventIn(BaseModel):
    """The body of ``POST /api/applications/{reference}/events``."""

    model_config = ConfigDict(extra="forbid")

    step: Step
    occurred_at: datetime | None = None
    details: Details = Details()

    @model_validator(mode="after")
    def _details_fit_the_step(self) -> EventIn:
        if (self.details.amount is not None) != (self.step == "beviljad"):
            raise ValueError("details.amount is required for the step beviljad and allowed for no other")
        if (self.details.booking_url is not None) != (self.step == "mote"):
            raise ValueError("details.booking_url is required for the step mote and allowed for no other")
        return self


@dataclass(frozen=True)
class Event:
    reference: str
    step: str
    occurred_at: str
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "step": self.step,
            "occurred_at": self.occurred_at,
            "details": self.details,
        }


def parse_event(body: Any) -> tuple[EventIn | None, str]:
    """The event in ``body``, or None and an English sentence naming every problem (no input echoed)."""
    try:
        return EventIn.model_validate(body), ""
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
        ]
        return None, "The event is not valid: " + "; ".join(problems) + f". Steps: {', '.join(STEPS)}."


def utc_text(moment: datetime) -> str:
    """``2021-12-02T09:15:00Z``: a time in UTC to the second (a time without a zone is taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class EventStore:
    """The status events of the e-service's applications, in the same SQLite file as the submissions."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            db.execute(_SCHEMA)

    def add(self, reference: str, event: EventIn) -> tuple[Event, bool]:
        """Store the event unless this reference already has this step; returns the stored one and
        whether it is new."""
        details = event.details.model_dump(exclude_none=True)
        occurred = utc_text(event.occurred_at or datetime.now(UTC))
        with connect(self.db_path) as db:
            created = db.execute(
                "INSERT OR IGNORE INTO events (reference, step, occurred_at, details, recorded_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (reference, event.step, occurred, json.dumps(details), utc_text(datetime.now(UTC))),
            ).rowcount
            row = db.execute(
                "SELECT occurred_at, details FROM events WHERE reference = ? AND step = ?",
                (reference, event.step),
            ).fetchone()
        return Event(reference, event.step, row[0], json.loads(row[1])), created == 1

    def list(self, reference: str) -> list[Event]:
        """The reference's events, oldest first (by the time they happened, then as recorded)."""
        with connect(self.db_path) as db:
            rows = db.execute(
                "SELECT step, occurred_at, details FROM events WHERE reference = ? ORDER BY occurred_at, seq",
                (reference,),
            ).fetchall()
        return [Event(reference, step, at, json.loads(details)) for step, at, details in rows]
