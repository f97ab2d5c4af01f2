"""The result of one calculation: a proposed decision, its figures, reasons and trace.

A :class:`Decision` is what the robot writes into the case system (``lines``, ``outcome``,
``amount``, :meth:`Decision.journal_note`) and stores as JSON (``model_dump(mode="json")``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from rules.engine.money import Money
from rules.engine.trace import TraceLine

Outcome = Literal["innvilge", "avslag", "manuell"]
LineKind = Literal["livsopphold", "utgift", "inntekt"]


class Line(BaseModel):
    """One row of the calculation as the caseworker sees it (amounts are positive)."""

    kind: LineKind
    code: str
    label: str
    amount: Money
    rule_id: str


class Reason(BaseModel):
    """Why the outcome is what it is, in Norwegian, with its legal reference."""

    rule_id: str
    text: str
    legal_reference: str


class Rounding(BaseModel):
    """How the exact amount was rounded to whole kroner."""

    exact: Money
    rounded: int
    method: Literal["ROUND_HALF_UP"] = "ROUND_HALF_UP"
    text: str


class Decision(BaseModel):
    """A proposed decision: ``amount`` is whole kroner for ``innvilge``, 0 for ``avslag``, else None."""

    reference: str
    month: str
    outcome: Outcome
    amount: int | None
    need: Money | None
    income_total: Money | None
    lines: list[Line]
    reasons: list[Reason]
    trace: list[TraceLine]
    unverified_parameters: list[str]
    rounding: Rounding | None

    def journal_note(self) -> str:
        """A Norwegian journal note a caseworker reads in a minute."""
        from rules.sosialhjelp.note import render_note

        return render_note(self)
