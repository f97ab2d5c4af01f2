"""Loading the sosialhjelp parameters: the dated guidance rates and the income and expense tables.

This is the only place that reads files, once per process (the result is immutable in use and
shared by every calculation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from rules.engine.parameters import ParameterFileError, ParameterSet, load_parameter_set

PARAMETER_DIR = Path(__file__).parent / "parameters"
TABLE_DIR = Path(__file__).parent / "tables"

IncomeAction = Literal["deduct", "manual"]
ExpenseAction = Literal["accept", "manual"]
ExpenseRule = Literal["bolig", "strom_oppvarming", "hjemforsikring"]


@dataclass(frozen=True, slots=True)
class IncomeType:
    """How the rules treat one income type code."""

    code: str
    label: str
    action: IncomeAction
    legal_reference: str
    counted_if: str | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class ExpenseType:
    """How the rules treat one expense type code."""

    code: str
    label: str
    action: ExpenseAction
    rule: ExpenseRule | None = None


@dataclass(frozen=True)
class Parameters:
    """Everything a calculation needs besides the case."""

    parameters: ParameterSet
    income_types: dict[str, IncomeType]
    expense_types: dict[str, ExpenseType]
    allow_unverified: bool
    municipality: str = "ingen kommune oppgitt"


def _table(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ParameterFileError(f"{path}: expected a mapping of type codes.")
    for code, spec in data.items():
        if not isinstance(spec, dict) or not spec.get("label"):
            raise ParameterFileError(f"{path} ({code}): each code needs a 'label'.")
    return data


def load_income_types(path: Path = TABLE_DIR / "inntektstyper.yaml") -> dict[str, IncomeType]:
    """Read the income-type table; errors name the file and the code to fix."""
    table: dict[str, IncomeType] = {}
    for code, spec in _table(path).items():
        if spec.get("action") not in ("deduct", "manual") or not spec.get("legal_reference"):
            raise ParameterFileError(f"{path} ({code}): needs action deduct|manual and legal_reference.")
        table[str(code)] = IncomeType(
            str(code), str(spec["label"]), spec["action"], str(spec["legal_reference"]),
            spec.get("counted_if"), spec.get("group"),
        )  # fmt: skip
    return table


def load_expense_types(path: Path = TABLE_DIR / "utgiftstyper.yaml") -> dict[str, ExpenseType]:
    """Read the expense-type table; an accepted type must name its rule."""
    table: dict[str, ExpenseType] = {}
    for code, spec in _table(path).items():
        action, rule = spec.get("action"), spec.get("rule")
        if action not in ("accept", "manual"):
            raise ParameterFileError(f"{path} ({code}): 'action' must be accept or manual.")
        if action == "accept" and rule not in ("bolig", "strom_oppvarming", "hjemforsikring"):
            raise ParameterFileError(
                f"{path} ({code}): an accepted type needs rule bolig|strom_oppvarming|hjemforsikring."
            )
        table[str(code)] = ExpenseType(str(code), str(spec["label"]), action, rule)
    return table


@cache
def _load(allow_unverified: bool, municipality_file: Path | None) -> Parameters:
    parameters, meta = load_parameter_set(PARAMETER_DIR, municipality_file, "regelpakken")
    return Parameters(
        parameters=parameters,
        income_types=load_income_types(),
        expense_types=load_expense_types(),
        allow_unverified=allow_unverified,
        municipality=str(meta.get("municipality", "ingen kommune oppgitt")),
    )


def load_parameters(allow_unverified: bool = False, municipality_file: Path | None = None) -> Parameters:
    """The guidance rates and tables, read once, with the dated values of a municipality's own file
    (its thresholds, and rates it has verified with ``parameters verify``) when given.

    ``allow_unverified=True`` (sandbox only) lets unverified values through, flagged on the
    decision; without it a month whose rate is unverified goes to manual handling, with the reason.
    """
    path = Path(municipality_file) if municipality_file is not None else None
    return _load(bool(allow_unverified), path)
