"""The state of one evaluation: the case, parameters in force for its month, trace and reasons.

Rules modules call :meth:`Evaluation.param` for dated values (which records unverified ones),
:meth:`Evaluation.note` to trace a rule, and :meth:`Evaluation.manual` to trace a rule that sends
the case to a caseworker, with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rules.engine.parameters import MissingParameter, ParameterValue
from rules.engine.trace import Rule, Trace, build
from rules.forsorjningsstod import catalog
from rules.forsorjningsstod.decision import Line, Reason
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import LOCAL_LABELS, Parameters


def shift_month(day: dt.date, months: int) -> str:
    """``"YYYY-MM"`` of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class Evaluation:
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    __slots__ = (
        "case",
        "comparison_month",
        "control_month",
        "incomplete",
        "lines",
        "month_start",
        "outside",
        "params",
        "reasons",
        "trace",
        "unverified",
    )

    def __init__(self, case: CaseInput, params: Parameters) -> None:
        self.case = case
        self.params = params
        year, month = case.month.split("-")
        self.month_start = dt.date(int(year), int(month), 1)
        self.control_month = shift_month(self.month_start, -1)  # M-1
        self.comparison_month = shift_month(self.month_start, -2)  # M-2
        self.trace = Trace()
        self.reasons: dict[str, Reason] = {}
        self.lines: list[Line] = []
        self.unverified: dict[str, ParameterValue] = {}
        self.incomplete = False  # a figure could not be computed (missing parameter)
        self.outside: frozenset[str] = frozenset()  # ids of adults the application does not cover

    def param(self, name: str) -> ParameterValue:
        """The value of ``name`` in force on the first day of the month; raises MissingParameter."""
        parameter = self.params.parameters.get(name)
        if parameter is None:
            label = LOCAL_LABELS.get(name, name)
            raise MissingParameter(name, label, self.month_start, "open", "SoL (2001:453) 4 kap. 3 §")
        value = parameter.at(self.month_start)
        if not value.verified:
            key = f"{name} ({value.in_force_from.isoformat()})"
            if key not in self.unverified:
                self.unverified[key] = value
                self._unverified_rule(key, value, parameter.reference)
        return value

    def _unverified_rule(self, key: str, value: ParameterValue, reference: str) -> None:
        text = f"Beloppet {key} är inte verifierat mot officiell källa (källa: {value.source})"
        if self.params.allow_unverified:
            self.note(catalog.PARAMETER_OVERIFIERAD, True, text + "; tillåtet i sandlådeläge.", (value,))
        else:
            self.manual(catalog.PARAMETER_OVERIFIERAD, text + ".", parameters=(value,), legal=reference)

    def missing(self, error: MissingParameter) -> None:
        """Record a missing parameter: the figure cannot be computed, the case goes to manual."""
        self.incomplete = True
        self.manual(
            catalog.PARAMETER_SAKNAS, error.text + ".", {"parameter": error.name}, legal=error.reference
        )

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

    def add_line(self, kind: str, code: str, label: str, amount: Any, rule: Rule) -> None:
        """Add a calculation row (norm, kostnad or inkomst) as the case system shows it."""
        self.lines.append(build(Line, kind=kind, code=code, label=label, amount=amount, rule_id=rule.id))
