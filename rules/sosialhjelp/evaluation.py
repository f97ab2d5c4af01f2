"""Økonomisk stønad as the engine sees it: its decision (outcome words and Norwegian texts), its rules for
the engine's steps, and the scratchpad of one evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from rules.engine import Benefit, EngineRules, Language, Scratchpad, load_language
from rules.engine import Decision as BaseDecision
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.inputs import CaseInput
from rules.sosialhjelp.loading import Parameters

STEPS = EngineRules(r.BEHOV, r.INNTEKTER, r.AVRUNDING, r.UTFALL, r.SATS_MANGLER, r.SATS_IKKE_VERIFISERT)


class Decision(BaseDecision):
    """A proposed decision: ``amount`` whole kroner for innvilge, 0 for avslag, None for manuell."""

    outcome: Literal["innvilge", "avslag", "manuell"]
    texts: ClassVar[Language] = load_language(Path(__file__).with_name("texts.yaml"))


class Evaluation(Scratchpad[CaseInput, Parameters]):
    """Mutable scratchpad for one call of ``decide``; never shared between cases."""

    benefit = Benefit("sosialhjelp", Decision, STEPS)
    __slots__ = ()


BENEFIT = Evaluation.benefit
