"""The state of one evaluation: the case, parameters in force for its month, trace and reasons.

The shared part (``param``, ``note``, ``manual``, ``add_line``) is :class:`rules.engine.scratchpad.Scratchpad`;
this module adds the case, its control and comparison months, the adults outside the application and
the Swedish texts for an unverified or missing amount.
"""

from __future__ import annotations

import datetime as dt

from rules.engine.parameters import MissingParameter, Parameter, ParameterValue
from rules.engine.scratchpad import Scratchpad
from rules.forsorjningsstod import catalog
from rules.forsorjningsstod.decision import Line, Reason
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import LOCAL_LABELS, Parameters


def shift_month(day: dt.date, months: int) -> str:
    """``"YYYY-MM"`` of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class Evaluation(Scratchpad[Reason, Line]):
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    reason_model, line_model = Reason, Line
    __slots__ = ("case", "comparison_month", "control_month", "outside", "params")

    def __init__(self, case: CaseInput, params: Parameters) -> None:
        super().__init__(case.month)
        self.case = case
        self.params = params
        self.control_month = shift_month(self.month_start, -1)  # M-1
        self.comparison_month = shift_month(self.month_start, -2)  # M-2
        self.outside: frozenset[str] = frozenset()  # ids of adults the application does not cover

    def parameter(self, name: str) -> Parameter:
        parameter = self.params.parameters.get(name)
        if parameter is None:
            label = LOCAL_LABELS.get(name, name)
            raise MissingParameter(name, label, self.month_start, "open", "SoL (2001:453) 4 kap. 3 §")
        return parameter

    def unverified_value(self, key: str, value: ParameterValue, parameter: Parameter) -> None:
        text = f"Beloppet {key} är inte verifierat mot officiell källa (källa: {value.source})"
        if self.params.allow_unverified:
            self.note(catalog.PARAMETER_OVERIFIERAD, True, text + "; tillåtet i sandlådeläge.", (value,))
        else:
            self.manual(
                catalog.PARAMETER_OVERIFIERAD, text + ".", parameters=(value,), legal=parameter.reference
            )

    def missing(self, error: MissingParameter) -> None:
        """Record a missing parameter: the figure cannot be computed, the case goes to manual."""
        self.incomplete = True
        self.manual(
            catalog.PARAMETER_SAKNAS, error.text + ".", {"parameter": error.name}, legal=error.reference
        )
