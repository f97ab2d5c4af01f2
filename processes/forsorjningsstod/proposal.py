"""Turning a rules Decision into what is written and stored: the case-system draft, notes, item data."""

from __future__ import annotations

from typing import Any

from connectors.case_system.models import CalculationRow, ProposalDraft
from connectors.eservice.models import Application
from connectors.income_register import RegisterAnswer
from rules.forsorjningsstod import Decision


def draft_from(decision: Decision, app: Application) -> ProposalDraft:
    """The proposal to write: every calculation line, the decision, the amount and the journal note."""
    if decision.outcome not in ("bevilja", "avsla"):
        raise ValueError("Only an approval or a rejection can be proposed.")
    return ProposalDraft(
        reference=app.reference,
        period=app.month,
        decision=decision.outcome,
        amount=decision.amount or 0,
        rows=[
            CalculationRow(kind=line.kind, code=line.code, label=line.label, amount=line.amount)
            for line in decision.lines
        ],
        note=decision.journal_note(),
    )


UNVERIFIED = (
    "OBS: beräkningen använder belopp som inte är verifierade mot officiell källa ({names}). "
    "Kontrollera beloppen innan förslaget fastställs."
)


def visible_reasons(decision: Decision) -> list[str]:
    """The decision's reasons for the report, with a visible warning when unverified amounts were used."""
    reasons = [reason.text for reason in decision.reasons]
    if decision.unverified_parameters:
        reasons.append(UNVERIFIED.format(names=", ".join(decision.unverified_parameters)))
    return reasons


def manual_note(reference: str, reasons: list[str], decision: Decision | None) -> str:
    """The journal note for a case handed to a caseworker: every reason, and the figures when known."""
    if decision is not None and decision.outcome == "manuell" and len(reasons) == len(decision.reasons):
        return decision.journal_note()
    lines = [
        f"Ansökan {reference}: roboten lämnar ärendet till handläggare för manuell handläggning eftersom:"
    ]
    lines.extend(f"  - {reason}" for reason in reasons)
    if decision is not None:
        lines.append("")
        lines.append("Robotens beräkning, till handläggarens stöd:")
        lines.append(decision.journal_note())
    return "\n".join(lines)


def result_data(
    decision: Decision, app: Application, answers: dict[str, RegisterAnswer], outcome: str
) -> dict[str, Any]:
    """The decision, its trace and the fetched data, as JSON-ready values for the work item."""
    dumped = decision.model_dump(mode="json")
    trace = dumped.pop("trace")
    dumped["decision"] = outcome
    dumped["note"] = decision.journal_note()
    return {
        "decision": dumped,
        "trace": trace,
        "data": {
            "register": {
                person: {
                    "payments": [
                        {"source": p.source, "type": p.type, "amount": str(p.amount), "period": p.period}
                        for p in answer.payments
                    ],
                    "missing_sources": [status.source for status in answer.missing_sources()],
                }
                for person, answer in answers.items()
            }
        },
    }
