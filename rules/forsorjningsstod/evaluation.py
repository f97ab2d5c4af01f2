"""Försörjningsstöd as the engine sees it (its decision, words and rules for the engine's steps), and the
state of one evaluation: the engine's scratchpad with the case's control and comparison months and the
adults the application does not cover."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar, Literal

from rules.engine import Benefit, EngineRules, Language, Scratchpad, load_language
from rules.engine import Decision as BaseDecision
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters


class Decision(BaseDecision):
    """A proposed decision: ``amount`` in whole kronor for bevilja, 0 for avsla, None for manuell."""

    texts: ClassVar[Language] = load_language(Path(__file__).with_name("texts.yaml"))
    outcome: Literal["bevilja", "avsla", "manuell"]


def shift_month(day: dt.date, months: int) -> str:
    """``"YYYY-MM"`` of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


STEPS = EngineRules(r.BEHOV, r.INKOMSTER, r.AVRUNDNING, r.UTFALL, r.PARAMETER_SAKNAS, r.PARAMETER_OVERIFIERAD)
BENEFIT = Benefit("forsorjningsstod", Decision, STEPS)
TEXTS = Decision.texts


class Evaluation(Scratchpad[CaseInput, Parameters]):
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    benefit = BENEFIT
    __slots__ = ("comparison_month", "control_month", "outside")

    def __init__(self, case: CaseInput, params: Parameters) -> None:
        super().__init__(case, params)
        self.control_month = shift_month(self.month_start, -1)  # M-1
        self.comparison_month = shift_month(self.month_start, -2)  # M-2
        self.outside: frozenset[str] = frozenset()  # ids of adults the application does not cover
