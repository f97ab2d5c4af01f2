"""The state of one evaluation: the case, parameters in force for its month, trace and reasons.

The shared part (``param``, ``note``, ``manual``, ``add_line``) is :class:`rules.engine.scratchpad.Scratchpad`;
this module adds the case, its parameters and the Norwegian (bokmål) texts for an unverified or
missing rate.
"""

from __future__ import annotations

from rules.engine.parameters import MissingParameter, Parameter, ParameterValue
from rules.engine.scratchpad import Scratchpad
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.decision import Line, Reason
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


class Evaluation(Scratchpad[Reason, Line]):
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    reason_model, line_model = Reason, Line
    __slots__ = ("case", "params")

    def __init__(self, case: CaseInput, params: Parameters) -> None:
        super().__init__(case.month)
        self.case = case
        self.params = params

    def parameter(self, name: str) -> Parameter:
        return self.params.parameters[name]

    def unverified_value(self, key: str, value: ParameterValue, parameter: Parameter) -> None:
        text = f"Satsen {key} er ikke verifisert mot offisiell kilde (kilde: {value.source})"
        if self.params.allow_unverified:
            self.note(r.SATS_IKKE_VERIFISERT, True, text + "; tillatt i sandkassemodus.", (value,))
        else:
            self.manual(r.SATS_IKKE_VERIFISERT, text + ".", parameters=(value,))

    def missing(self, error: MissingParameter) -> None:
        """Record a missing parameter: the figure cannot be computed and the case goes to manual."""
        self.incomplete = True
        what = f"{error.label} ({error.item})" if error.item else error.label
        text = f"{what} for {error.span} mangler i parameterfilene."
        self.manual(r.SATS_MANGLER, text, {"parameter": error.name, "måned": self.case.month})
