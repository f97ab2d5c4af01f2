"""Loading the försörjningsstöd parameters: national defaults, the income-type table and a municipality file.

:func:`load_parameters` is called once; the result is immutable in use and shared by every calculation.
The engine reads the files (rules.engine.parameters, rules.engine.tables); this module names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rules.engine import LoadedParameters, TypeEntry, load_entries, load_parameter_set

PARAMETER_DIR = Path(__file__).parent / "parameters"
INCOME_TYPES_FILE = Path(__file__).parent / "tables" / "inkomsttyper.yaml"

IncomeAction = Literal["deduct", "ignore", "manual"]
INCOME_ACTIONS = ("deduct", "ignore", "manual")


@dataclass(frozen=True, slots=True)
class IncomeType(TypeEntry):
    """How the rules treat one income type code; ``register_source``: the register source reporting it."""

    register_source: str | None = None


def load_income_types(path: Path = INCOME_TYPES_FILE) -> dict[str, IncomeType]:
    """Read the income-type table; errors name the file and the code to fix."""
    return load_entries(path, IncomeType, actions=INCOME_ACTIONS, required=("label", "legal_reference"))


@dataclass(frozen=True)
class Parameters(LoadedParameters):
    """Everything a calculation needs besides the case: dated parameters and the income-type table."""

    income_types: dict[str, IncomeType]


def load_parameters(municipality_file: Path | None = None, allow_unverified: bool = False) -> Parameters:
    """Load the national parameters, then add the dated values of ``municipality_file``.

    Without a municipality file there is no local housing cap, and the income-change threshold is
    an unverified default: production calculations then go to manual handling, with the reason.
    ``allow_unverified=True`` (sandbox only) lets unverified values through, flagged on the decision.
    """
    parameters, meta = load_parameter_set(PARAMETER_DIR, municipality_file, "regelpaketet")
    return Parameters(
        parameters=parameters,
        income_types=load_income_types(),
        allow_unverified=allow_unverified,
        municipality=str(meta.get("municipality", "ingen kommun angiven")),
    )
