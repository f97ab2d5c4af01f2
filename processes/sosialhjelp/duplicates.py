"""Is this a second application for a month? Business-level idempotency, so a family is never paid twice.

Every proposal and decision the case holds for the month (any reference, any status) and every other
application of the same person and month the robot received earlier is a reason, in Norwegian, to
hand the application to a caseworker instead of writing a proposal. The application's own earlier
save (its reference) is not a duplicate.
"""

from __future__ import annotations

from connectors.case_system.models import CaseView, ProposalEntry
from processes.sosialhjelp.texts import EXISTING, EXISTING_HISTORY, RELATED, RELATED_STATES, STATUS_WORDS
from robot.process import RelatedItem
from rules.engine.money import format_kr


def _day(timestamp: str | None) -> str:
    return (timestamp or "").split(" ")[0].split("T")[0]


def describe(entry: ProposalEntry) -> str:
    who = (
        f" av {entry.handled_by} {_day(entry.handled_at)}"
        if entry.handled_by
        else f", laget {_day(entry.created_at)}"
    )
    return f"{entry.reference}, {STATUS_WORDS.get(entry.status, entry.status)}{who}"


def duplicate_reasons(
    reference: str, month: str, case: CaseView, related: tuple[RelatedItem, ...]
) -> list[str]:
    """Every reason to believe the month already has an application, proposal or decision; [] when none."""
    found = [entry for entry in case.proposals_for(month) if entry.reference != reference]
    reasons = [EXISTING.format(month=month, what=describe(entry)) for entry in found]
    reasons += [
        EXISTING_HISTORY.format(
            month=month, what=f"{'innvilget' if d.decision == 'bevilja' else 'avslag'} {format_kr(d.amount)}"
        )
        for d in case.decisions_for(month)
    ]
    named = {entry.reference for entry in found}
    reasons += [
        RELATED.format(reference=other.reference, state=RELATED_STATES.get(other.state, other.state))
        for other in related
        if other.state != "quarantined" and other.reference not in named and other.reference != reference
    ]
    return reasons
