"""Loading the sosialhjelp parameters: the dated guidance rates and the income and expense tables.

Read once per process (the result is immutable in use and shared by every calculation); the engine
reads the files (rules.engine.parameters, rules.engine.tables), this module names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from rules.engine import (
    CompletionEntry,
    LoadedParameters,
    ParameterFileError,
    TypeEntry,
    load_entries,
    load_parameter_set,
)

PARAMETER_DIR = Path(__file__).parent / "parameters"
TABLE_DIR = Path(__file__).parent / "tables"

ExpenseRule = Literal["bolig", "strom_oppvarming", "hjemforsikring"]
EXPENSE_RULES = ("bolig", "strom_oppvarming", "hjemforsikring")


@dataclass(frozen=True, slots=True)
class IncomeType(TypeEntry):
    """How the rules treat one income code (deduct or manual): ``counted_if`` a dated true/false
    parameter while which the income counts; ``group`` incomes that may be the same money twice."""

    counted_if: str | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class ExpenseType(TypeEntry):
    """How the rules treat one expense code (accept or manual); an accepted one names its ``rule``."""

    rule: ExpenseRule | None = None


@dataclass(frozen=True)
class Parameters(LoadedParameters):
    """Everything a calculation needs besides the case: the dated rates and the two type tables."""

    income_types: dict[str, IncomeType]
    expense_types: dict[str, ExpenseType]
    completion: dict[str, CompletionEntry]  # what the applicant can supply (tables/ettersending.yaml)


def load_income_types(path: Path = TABLE_DIR / "inntektstyper.yaml") -> dict[str, IncomeType]:
    """Read the income-type table; errors name the file and the code to fix."""
    return load_entries(path, IncomeType, actions=("deduct", "manual"), required=("label", "legal_reference"))


def load_expense_types(path: Path = TABLE_DIR / "utgiftstyper.yaml") -> dict[str, ExpenseType]:
    """Read the expense-type table; an accepted type must name its rule."""
    table = load_entries(path, ExpenseType, actions=("accept", "manual"))
    for code, entry in table.items():
        if entry.action == "accept" and entry.rule not in EXPENSE_RULES:
            raise ParameterFileError(
                f"{path} ({code}): an accepted type needs rule {'|'.join(EXPENSE_RULES)}."
            )
    return table


@cache
def _load(allow_unverified: bool, municipality_file: Path | None) -> Parameters:
    parameters, meta = load_parameter_set(PARAMETER_DIR, municipality_file, "regelpakken")
    return Parameters(
        parameters=parameters,
        income_types=load_income_types(),
        expense_types=load_expense_types(),
        completion=load_entries(
            TABLE_DIR / "ettersending.yaml", CompletionEntry, actions=("document", "question")
        ),
        allow_unverified=allow_unverified,
        municipality=str(meta.get("municipality", "ingen kommune oppgitt")),
    )


def load_parameters(municipality_file: Path | None = None, allow_unverified: bool = False) -> Parameters:
    """The guidance rates and tables, read once, with the dated values of a municipality's own file
    (its thresholds, and rates it has verified with ``parameters verify``) when given.

    ``allow_unverified=True`` (sandbox only) lets unverified values through, flagged on the
    decision; without it a month whose rate is unverified goes to manual handling, with the reason.
    """
    path = Path(municipality_file) if municipality_file is not None else None
    return _load(bool(allow_unverified), path)
