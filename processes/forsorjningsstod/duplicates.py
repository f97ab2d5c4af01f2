"""Is this a second application for a month? Business-level idempotency, so a family is never paid twice.

Before anything is written, the robot looks at what the case already holds for the month applied for
(every proposal and decision, under any reference and in any status: waiting, confirmed or rejected,
and the decided calculations in the case's history) and at the other applications of the same person
and month the robot has received (the engine's ``related`` items). Each one found is a reason, in
words a caseworker can act on, to hand the application to a caseworker instead of writing a proposal.
A proposal carrying the application's own reference is not a duplicate: it is the item's own earlier
save, and is read back instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from connectors.case_system.models import CaseView, ProposalEntry
from robot.process import Decided, RelatedItem
from rules.engine.money import format_kr

DECISION_WORDS = {"bevilja": "bevilja", "avsla": "avslag"}
RELATED_STATES = {
    "new": "väntar på roboten",
    "in_progress": "hanteras av roboten",
    "proposed": "förslag skrivet",
    "manual": "lämnad till handläggare",
    "failed": "misslyckades och väntar på IT-stöd",
}
IGNORED_STATES = ("quarantined",)
STOCKHOLM = ZoneInfo("Europe/Stockholm")  # invalid input never reaches the case system


def _day(timestamp: str | None) -> str:
    return (timestamp or "").split(" ")[0].split("T")[0]


def describe(entry: ProposalEntry) -> str:
    """``"ES-000123, fastställt av handlaggare1 den 2021-12-03"`` and the like."""
    if entry.status == "confirmed":
        state = f"fastställt av {entry.handled_by or 'okänd'} den {_day(entry.handled_at)}"
    elif entry.status == "rejected":
        state = f"förslaget avslaget av {entry.handled_by or 'okänd'} den {_day(entry.handled_at)}"
    else:
        state = f"förslag som väntar på handläggare, skapat {_day(entry.created_at)} av {entry.created_by}"
    return f"{entry.reference}, {state}"


def duplicate_reasons(
    reference: str, month: str, case: CaseView, related: tuple[RelatedItem, ...] = ()
) -> list[str]:
    """Every reason to believe the month already has an application, proposal or decision; [] when none."""
    found = [entry for entry in case.proposals_for(month) if entry.reference != reference]
    reasons = [
        f"Det finns redan ett förslag/beslut för {month} ({describe(entry)}). Roboten skriver inget nytt "
        "förslag för månaden, så att den inte betalas ut två gånger."
        for entry in found
    ]
    reasons.extend(
        f"Det finns redan ett beslut för {month} i aktens beräkningshistorik "
        f"({DECISION_WORDS.get(decided.decision, decided.decision)} {format_kr(decided.amount)})."
        for decided in case.decisions_for(month)
    )
    named = {entry.reference for entry in found}
    reasons.extend(
        f"Ansökan {other.reference} för samma månad har redan tagits emot "
        f"({RELATED_STATES.get(other.state, other.state)})."
        for other in related
        if other.state not in IGNORED_STATES and other.reference not in named and other.reference != reference
    )
    return reasons


def _moment(text: str | None) -> datetime | None:
    """A case-system timestamp ("2021-12-03 10:15:00", Swedish time) as a UTC datetime, when readable."""
    try:
        local = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return local.replace(tzinfo=local.tzinfo or STOCKHOLM).astimezone(UTC)


def decided_in(case: CaseView, reference: str, month: str) -> Decided | None:
    """A caseworker's decision on the application: its own proposal confirmed (who, when, amount), or a
    decided calculation for the month in the case's history. A rejected proposal is not a decision on
    the application: the caseworker goes on with the case and decides later."""
    own = case.proposal(reference)
    if own is not None and own.status == "confirmed":
        at, by = _moment(own.handled_at), own.handled_by
        if own.decision == "bevilja":
            return Decided("approved", own.amount, by, at)
        return Decided("rejected", 0, by, at)
    for decided in case.decisions_for(month):
        if decided.decision == "bevilja":
            return Decided("approved", int(decided.amount))
        return Decided("rejected", 0)
    return None
