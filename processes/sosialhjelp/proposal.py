"""From the rules' decision to what is written and stored: the case-system draft and the item's data."""

from __future__ import annotations

from typing import Any

from connectors.case_system.models import CalculationRow, ProposalDraft
from processes.sosialhjelp import notes
from rules.sosialhjelp import Decision

KIND = {"livsopphold": "norm", "utgift": "kostnad", "inntekt": "inkomst"}  # the case system's row kinds
OUTCOME = {"innvilge": "bevilja", "avslag": "avsla"}  # the case system's decision codes
UNVERIFIED = (
    "OBS: beregningen bruker satser som ikke er verifisert mot offisiell kilde ({names}). Kontroller "
    "beløpene før vedtak fattes."
)


def draft_from(decision: Decision, note_limit: int | None) -> ProposalDraft:
    """The proposal to write: every calculation line, the decision, the amount and the journal note."""
    if decision.outcome not in OUTCOME:
        raise ValueError("Only an approval or a rejection can be proposed.")
    return ProposalDraft(
        reference=decision.reference,
        period=decision.month,
        decision=OUTCOME[decision.outcome],
        amount=decision.amount or 0,
        rows=[
            CalculationRow(kind=KIND[line.kind], code=line.code, label=line.label, amount=line.amount)
            for line in decision.lines
        ],
        note=notes.proposal_note(decision, note_limit),
    )


def visible_reasons(decision: Decision) -> list[str]:
    reasons = [reason.text for reason in decision.reasons]
    if decision.unverified_parameters:
        reasons.append(UNVERIFIED.format(names=", ".join(decision.unverified_parameters)))
    return reasons


def result_data(decision: Decision, outcome: str, note: str | None = None) -> dict[str, Any]:
    """The decision and its trace as JSON-ready values for the work item (the full note, never shortened)."""
    dumped = decision.model_dump(mode="json")
    trace = dumped.pop("trace")
    dumped["decision"] = outcome
    dumped["note"] = note or decision.journal_note()
    if outcome == "manuell" and decision.rounding is not None:
        dumped["supporting_amount"] = max(int(decision.rounding.rounded), 0)
    return {"decision": dumped, "trace": trace}
