"""Loading the försörjningsstöd parameters: national defaults, the income-type table and a municipality file.

This is the only place that reads files. :func:`load_parameters` is called once; the result is
immutable in use and shared by every calculation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from rules.engine.parameters import ParameterFileError, ParameterSet, load_parameter_set

PARAMETER_DIR = Path(__file__).parent / "parameters"
INCOME_TYPES_FILE = Path(__file__).parent / "tables" / "inkomsttyper.yaml"

# Parameters only a municipality file provides (no national default), with their Swedish labels.
LOCAL_LABELS = {"boendekostnad_tak": "Kommunens högsta godtagbara boendekostnad (kommunfil saknas)"}

IncomeAction = Literal["deduct", "ignore", "manual"]


@dataclass(frozen=True, slots=True)
class IncomeType:
    """How the rules treat one income type code."""

    code: str
    label: str
    action: IncomeAction
    legal_reference: str
    register_source: str | None = None


@dataclass(frozen=True)
class Parameters:
    """Everything a calculation needs besides the case: dated parameters and the income-type table."""

    parameters: ParameterSet
    income_types: dict[str, IncomeType]
    allow_unverified: bool
    municipality: str


def load_income_types(path: Path = INCOME_TYPES_FILE) -> dict[str, IncomeType]:
    """Read the income-type table; errors name the file and the code to fix."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ParameterFileError(f"{path}: expected a mapping of income type codes.")
    table: dict[str, IncomeType] = {}
    for code, spec in data.items():
        if not isinstance(spec, dict) or spec.get("action") not in ("deduct", "ignore", "manual"):
            raise ParameterFileError(f"{path} ({code}): 'action' must be deduct, ignore or manual.")
        for key in ("label", "legal_reference"):
            if not spec.get(key):
                raise ParameterFileError(f"{path} ({code}): '{key}' is missing.")
        table[str(code)] = IncomeType(
            code=str(code),
            label=str(spec["label"]),
            action=spec["action"],
            legal_reference=str(spec["legal_reference"]),
            register_source=spec.get("register_source"),
        )
    return table


def load_parameters(municipality_file: Path | None = None, allow_unverified: bool = False) -> Parameters:
    """Load the national parameters, then let ``municipality_file`` override local amounts.

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
