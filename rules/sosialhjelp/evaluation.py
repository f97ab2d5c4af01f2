"""The state of one evaluation: the case, parameters in force for its month, trace and reasons.

Rules modules call :meth:`Evaluation.param` for dated values (which records unverified ones),
:meth:`Evaluation.note` to trace a rule, and :meth:`Evaluation.manual` to trace a rule that sends
the case to a caseworker, with its reason. Texts are Norwegian (bokmål).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rules.engine.parameters import MissingParameter, ParameterValue
from rules.engine.trace import Rule, Trace, build
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.decision import Line, LineKind, Reason
from rules.sosialhjelp.inputs import CaseInput
from rules.sosialhjelp.loading import Parameters

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def month_name(month: str) -> str:
    """``"2021-12"`` -> ``"desember 2021"``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


class Evaluation:
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    __slots__ = ("case", "incomplete", "lines", "month_start", "params", "reasons", "trace", "unverified")

    def __init__(self, case: CaseInput, params: Parameters) -> None:
        self.case = case
        self.params = params
        year, month = case.month.split("-")
        self.month_start = dt.date(int(year), int(month), 1)
        self.trace = Trace()
        self.reasons: dict[str, Reason] = {}
        self.lines: list[Line] = []
        self.unverified: dict[str, ParameterValue] = {}
        self.incomplete = False  # a figure could not be computed (a rate is missing, data is missing)

    def param(self, name: str) -> ParameterValue:
        """The value of ``name`` in force on the first day of the month; raises MissingParameter."""
        parameter = self.params.parameters[name]
        value = parameter.at(self.month_start)
        if not value.verified:
            key = f"{name} ({value.in_force_from.isoformat()})"
            if key not in self.unverified:
                self.unverified[key] = value
                text = f"Satsen {key} er ikke verifisert mot offisiell kilde (kilde: {value.source})"
                if self.params.allow_unverified:
                    self.note(r.SATS_IKKE_VERIFISERT, True, text + "; tillatt i sandkassemodus.", (value,))
                else:
                    self.manual(r.SATS_IKKE_VERIFISERT, text + ".", parameters=(value,))
        return value

    def missing(self, error: MissingParameter) -> None:
        """Record a missing parameter: the figure cannot be computed and the case goes to manual."""
        self.incomplete = True
        parameter = self.params.parameters[error.name]
        span = str(error.when.year) if parameter.period == "year" else error.when.strftime("%Y-%m")
        text = f"{parameter.label} for {span} mangler i parameterfilene."
        self.manual(r.SATS_MANGLER, text, {"parameter": error.name, "måned": self.case.month})

    def note(
        self,
        rule: Rule,
        fired: bool,
        reason: str,
        parameters: Sequence[ParameterValue] = (),
        inputs: dict[str, Any] | None = None,
        output: Any = None,
    ) -> None:
        """Trace ``rule`` without sending the case to manual handling."""
        self.trace.record(rule, fired, reason, inputs, parameters, output)

    def manual(
        self,
        rule: Rule,
        text: str,
        inputs: dict[str, Any] | None = None,
        parameters: Sequence[ParameterValue] = (),
        legal: str = "",
    ) -> None:
        """Trace ``rule`` as fired and add ``text`` to the reasons for manual handling."""
        self.trace.record(rule, True, text, inputs, parameters, "manuell")
        if text not in self.reasons:
            self.reasons[text] = build(
                Reason, rule_id=rule.id, text=text, legal_reference=legal or rule.legal_reference
            )

    def add_line(self, kind: LineKind, code: str, label: str, amount: Any, rule: Rule) -> None:
        """Add a calculation row (livsopphold, utgift or inntekt)."""
        self.lines.append(build(Line, kind=kind, code=code, label=label, amount=amount, rule_id=rule.id))
