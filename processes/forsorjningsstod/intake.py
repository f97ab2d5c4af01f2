"""From an e-service submission to an intake record: valid applications, and quarantined input that
still says whom and which month it concerns when that much can be read."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from connectors.eservice.models import validate_payload
from connectors.identity import InvalidIdentityNumber, normalise
from robot.process import IntakeRecord

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def submitted(text: str | None) -> datetime | None:
    """The e-service's submission time (local time without a zone is Swedish time) as a UTC datetime."""
    try:
        moment = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or STOCKHOLM).astimezone(UTC)


def intake_record(reference: str, payload: Any, submitted_at: str | None = None) -> IntakeRecord:
    """Validate one submission; invalid ones become quarantined items carrying their errors."""
    stored = payload if isinstance(payload, dict) else {"raw": payload}
    when = submitted(submitted_at)
    app, errors = validate_payload(payload)
    if app is not None and app.reference != reference:
        errors = [f"Ansökans referens ({app.reference}) stämmer inte med e-tjänstens referens ({reference})."]
        app = None
    if app is None:
        given = stored.get("applicant")
        applicant: dict[str, Any] = given if isinstance(given, dict) else {}
        name = applicant.get("name")
        month = stored.get("month")
        return IntakeRecord(
            reference=reference,
            payload=stored,
            errors=errors,
            subject=_identity(applicant.get("identity_number")),
            subject_name=name if isinstance(name, str) else None,
            period=month if isinstance(month, str) and MONTH.match(month) else None,
            submitted_at=when,
        )
    return IntakeRecord(
        reference=reference,
        payload=stored,  # as received: re-validated when handled, kept for audit
        errors=[],
        subject=app.applicant.identity_number,
        subject_name=app.applicant.name,
        period=app.month,
        submitted_at=when,
    )


def _identity(value: object) -> str | None:
    """The identity number when it is a valid one (normalised), else None."""
    try:
        return normalise(value)
    except InvalidIdentityNumber:
        return None
