"""Loading the försörjningsstöd parameters: national defaults, the income-type table and a municipality file.

:func:`load_parameters` is called once; the result is immutable in use and shared by every calculation.
The engine reads the files (rules.engine.parameters, rules.engine.tables); this module names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rules.engine import LoadedParameters, load_parameter_set
from rules.engine.tables import CompletionEntry, TypeEntry, load_entries, load_table

PARAMETER_DIR = Path(__file__).parent / "parameters"
TABLES = Path(__file__).parent / "tables"
INCOME_TYPES_FILE = TABLES / "inkomsttyper.yaml"

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
    completion: dict[str, CompletionEntry]  # what the applicant can supply (tables/komplettering.yaml)
    register_sources: dict[str, str]  # register source code -> its name (tables/registerkallor.yaml)


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
        completion=load_entries(
            TABLES / "komplettering.yaml", CompletionEntry, actions=("document", "question")
        ),
        register_sources={
            code: str(spec["label"]) for code, spec in load_table(TABLES / "registerkallor.yaml").items()
        },
        allow_unverified=allow_unverified,
        municipality=str(meta.get("municipality", "ingen kommun angiven")),
    )
