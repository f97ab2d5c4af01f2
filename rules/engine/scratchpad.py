"""What every benefit's evaluation of one case shares: its month, its trace, its calculation rows, the
reasons that send it to a caseworker, and the parameter values it used that are not verified.

A benefit subclasses :class:`Scratchpad`, names its ``Reason`` and ``Line`` models and writes, in its
own language, what an unverified value (:meth:`Scratchpad.unverified_value`) and a missing one
(``missing``) mean for a caseworker. Rules modules then call :meth:`Scratchpad.param` for dated
values, :meth:`Scratchpad.note` to trace a rule, :meth:`Scratchpad.manual` to trace a rule that
sends the case to a caseworker, and :meth:`Scratchpad.add_line` for a row of the calculation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from rules.engine.parameters import MissingParameter, Parameter, ParameterValue
from rules.engine.trace import Rule, Trace, build

ReasonT = TypeVar("ReasonT", bound=BaseModel)
LineT = TypeVar("LineT", bound=BaseModel)


class Scratchpad(Generic[ReasonT, LineT]):
    """Mutable state of one call of a benefit's ``decide``; never shared between cases."""

    reason_model: type[ReasonT]  # set on the subclass: its Reason(rule_id, text, legal_reference)
    line_model: type[LineT]  # and its Line(kind, code, label, amount, rule_id)
    __slots__ = ("incomplete", "lines", "month_start", "reasons", "trace", "unverified")

    def __init__(self, month: str) -> None:
        year, number = month.split("-")
        self.month_start = dt.date(int(year), int(number), 1)
        self.trace = Trace()
        self.reasons: dict[str, ReasonT] = {}
        self.lines: list[LineT] = []
        self.unverified: dict[str, ParameterValue] = {}
        self.incomplete = False  # a figure could not be computed (a value or data is missing)

    def parameter(self, name: str) -> Parameter:
        """The parameter ``name`` (raise MissingParameter for one the benefit does not have)."""
        raise NotImplementedError

    def unverified_value(self, key: str, value: ParameterValue, parameter: Parameter) -> None:
        """Trace a value not verified against its source (once per value): noted or sent to manual."""
        raise NotImplementedError

    def param(self, name: str) -> ParameterValue:
        """The value of ``name`` in force on the first day of the month; raises MissingParameter."""
        parameter = self.parameter(name)
        value = parameter.at(self.month_start)
        self._check_verified(value, parameter)
        return value

    def _check_verified(self, value: ParameterValue, parameter: Parameter) -> None:
        if not value.verified:
            key = f"{value.name} ({value.in_force_from.isoformat()})"
            if key not in self.unverified:
                self.unverified[key] = value
                self.unverified_value(key, value, parameter)

    def param_item(self, name: str, key: str, item_label: str) -> tuple[ParameterValue, Any]:
        """The value of ``name`` for the month and its item ``key``; a missing item raises
        MissingParameter naming ``item_label`` (a partly entered year is used only for what it has)."""
        parameter = self.parameter(name)
        value = parameter.at(self.month_start)
        found = value.value.get(key) if isinstance(value.value, dict) else None
        if found is None:
            raise MissingParameter(
                name, parameter.label, self.month_start, parameter.period, parameter.reference, item_label
            )
        self._check_verified(value, parameter)
        return value, found

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
        """Trace ``rule`` as fired and add ``text`` to the reasons for manual handling (once)."""
        self.trace.record(rule, True, text, inputs, parameters, "manuell")
        if text not in self.reasons:
            self.reasons[text] = build(
                self.reason_model, rule_id=rule.id, text=text, legal_reference=legal or rule.legal_reference
            )

    def add_line(self, kind: str, code: str, label: str, amount: Any, rule: Rule) -> None:
        """Add a row of the calculation as the case system shows it."""
        self.lines.append(
            build(self.line_model, kind=kind, code=code, label=label, amount=amount, rule_id=rule.id)
        )
