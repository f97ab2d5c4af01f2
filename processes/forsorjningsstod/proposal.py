"""Turning a rules Decision into what is written and stored: the case-system draft, notes, item data.

What is written into the case system fits its limits (:mod:`processes.forsorjningsstod.notes`); what
is stored on the work item (and so in the report) is always the full explanation and trace.
"""

from __future__ import annotations

from typing import Any

from connectors.case_system.models import CalculationRow, ProposalDraft
from connectors.eservice.models import Application
from connectors.income_register import RegisterAnswer
from processes.forsorjningsstod.notes import decision_parts, fit, manual_parts
from rules.forsorjningsstod import Decision


def draft_from(decision: Decision, app: Application, note_limit: int | None = None) -> ProposalDraft:
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
        note=fit(decision.journal_note(), note_limit, decision_parts(decision, note_reasons(decision))),
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


def note_reasons(decision: Decision, extra: list[str] | None = None) -> list[str]:
    """The reasons as a note states them: each with its legal reference, then any the process added."""
    reasons = [f"{reason.text} ({reason.legal_reference})" for reason in decision.reasons]
    if decision.unverified_parameters:
        reasons.append(UNVERIFIED.format(names=", ".join(decision.unverified_parameters)))
    return reasons + list(extra or [])


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


def fitted_manual_note(
    reference: str, reasons: list[str], decision: Decision | None, limit: int | None
) -> str:
    """The manual-handling note, shortened to ``limit`` when it is longer (every reason kept)."""
    full = manual_note(reference, reasons, decision)
    if decision is not None and decision.outcome == "manuell" and len(reasons) == len(decision.reasons):
        return fit(full, limit, decision_parts(decision, note_reasons(decision)))
    return fit(full, limit, manual_parts(reference, reasons, decision))


def supporting_amount(decision: Decision) -> int | None:
    """The amount the figures give when the case goes to a caseworker (not proposed); None if incomplete."""
    if decision.rounding is None or decision.need is None or decision.income_total is None:
        return None
    return max(decision.rounding.rounded, 0)


def result_data(
    decision: Decision,
    app: Application,
    answers: dict[str, RegisterAnswer],
    outcome: str,
    note: str | None = None,
) -> dict[str, Any]:
    """The decision, its trace and the fetched data, as JSON-ready values for the work item.

    ``note`` is the full explanation (never shortened); by default the decision's own journal note.
    """
    dumped = decision.model_dump(mode="json")
    trace = dumped.pop("trace")
    dumped["decision"] = outcome
    dumped["note"] = note or decision.journal_note()
    if outcome == "manuell":
        dumped["supporting_amount"] = supporting_amount(decision)
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
