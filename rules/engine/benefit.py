"""What the engine needs of a rules package: its language, the rules the engine records, its decision shape.

A rules package holds law only (its catalogue of rules, dated parameters, tables, cases); the engine
does what is not law with these:

- :class:`EngineRules`: the package's own rules (each with its legal reference) that the engine's
  steps are traced and reasoned under: the need, the incomes, the rounding, the outcome, a missing
  and an unverified amount;
- :class:`Benefit`: those rules and the package's :class:`Decision` subclass (with its language pack);
- :class:`LoadedParameters`: what every package's loaded parameters have;
- :class:`RulesPackage`: a benefit with its input model, its parameter loading and its ``decide``,
  which is what the YAML case runner (:mod:`rules.engine.cases`) and the tools need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rules.engine.decision import Decision
from rules.engine.language import Language
from rules.engine.parameters import ParameterSet
from rules.engine.trace import Rule


@dataclass(frozen=True, slots=True)
class EngineRules:
    """The package's rules the engine records its own steps under."""

    need: Rule  # need = norm + costs
    incomes: Rule  # the incomes deducted
    rounding: Rule  # to whole kronor, half up
    outcome: Rule  # the proposal (or manual handling)
    missing: Rule  # an amount missing for the month
    unverified: Rule  # an amount not verified against its official source


@dataclass(frozen=True, eq=False)
class Benefit:
    """A rules package as the engine's scratchpad and conclusion see it: its decision class (which
    carries its language pack) and its rules for the engine's steps."""

    name: str
    decision: type[Decision]
    rules: EngineRules

    @property
    def language(self) -> Language:
        return self.decision.texts


@dataclass(frozen=True)
class LoadedParameters:
    """What every package's loaded parameters have; each package's subclass adds its own tables."""

    parameters: ParameterSet
    allow_unverified: bool  # the sandbox's leniency: unverified values used, flagged
    municipality: str  # the municipality file's name for the municipality, or the package's "none given"


@dataclass(frozen=True, eq=False)
class RulesPackage:
    """A benefit with its input model, parameter loading and ``decide``: one YAML case runner serves all."""

    benefit: Benefit
    input_model: type[BaseModel]
    load_parameters: Callable[[Path | None, bool], Any]  # (municipality file, allow unverified)
    decide: Callable[[Any, Any], Decision]
