"""``run_robot.py calculate``: the decision and full trace for one application, without any system.

The calculate file is JSON::

    {"application": <the intake payload, docs/architecture.md section 1>,
     "register": {"applicant": <the financial-aid proxy's answer, section 2>, "co_applicant": <same>},
     "case": <a CaseRecord as JSON>}

"register" and "case" are optional: without them the rules get None and route the case to a
caseworker, saying which data is missing. A bare application (no "application" key) is accepted too.
The same mapping, rules and co-applicant check as the real process are used, so the output is what
the robot would propose. Bad input gives ``{"ok": false, "errors": [...]}`` and never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from connectors.case_system.models import CaseRecord
from connectors.eservice.models import Application, validate_payload
from connectors.identity import InvalidIdentityNumber, mask, normalise
from connectors.income_register import SOURCES, RegisterAnswer, read_answer, subjects
from processes.forsorjningsstod.mapping import (
    co_applicant_changed,
    people,
    previous_month,
    to_case_input,
)
from processes.forsorjningsstod.params import parameters_for
from processes.forsorjningsstod.process import CO_APPLICANT_CHANGED
from processes.forsorjningsstod.proposal import manual_note
from rules.engine.parameters import ParameterFileError
from rules.forsorjningsstod import Decision, Parameters, Reason, decide
from rules.forsorjningsstod.catalog import INVESTIGATION

TOP_KEYS = ("application", "register", "case")
APPLICATION_HINTS = ("reference", "month", "applicant")
CO_APPLICANT_RULE = "process.medsokande_andrad"
MAX_ERRORS = 25
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


class InputError(Exception):
    """The calculate file cannot be used; ``errors`` are plain sentences saying what to fix."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CalculateInput:
    """A validated calculate file."""

    application: Application
    register: dict[str, RegisterAnswer] | None
    case: CaseRecord | None
    warnings: list[str] = field(default_factory=list)


# --- entry points ---------------------------------------------------------------------------------
def calculate_file(
    text: str, municipality_file: Path | None, allow_unverified: bool
) -> tuple[dict[str, Any], bool]:
    """The result for a calculate file (JSON-ready data), and whether the calculation could be made."""
    try:
        parsed = parse_file(text)
        result = calculate(parsed, parameters(municipality_file, allow_unverified))
    except InputError as error:
        return {"ok": False, "errors": error.errors[:MAX_ERRORS]}, False
    return result, True


def parameters(municipality_file: Path | None, allow_unverified: bool) -> Parameters:
    """The rules' parameters with the municipality's local amounts (read once per process lifetime)."""
    try:
        return parameters_for(municipality_file, allow_unverified)
    except (ParameterFileError, OSError) as error:
        raise InputError([f"The rules' parameters could not be loaded: {error}"]) from error


def calculate(parsed: CalculateInput, params: Parameters) -> dict[str, Any]:
    """Decide as the process does (incl. the co-applicant check) and return the JSON-ready result."""
    app, case = parsed.application, parsed.case
    decision = decide(to_case_input(app, case, parsed.register), params)
    dumped = decision.model_dump(mode="json")
    reasons: list[dict[str, Any]] = dumped["reasons"]
    outcome, amount = decision.outcome, decision.amount
    # Same rule as ForsorjningsstodProcess.handle: a changed co-applicant always goes to manual handling.
    if case is not None and co_applicant_changed(app, case):
        extra = Reason(rule_id=CO_APPLICANT_RULE, text=CO_APPLICANT_CHANGED, legal_reference=INVESTIGATION)
        reasons = [*(reasons if outcome == "manuell" else []), extra.model_dump(mode="json")]
        outcome, amount = "manuell", None
    note = _note(app, decision, outcome, [reason["text"] for reason in reasons])
    return {
        "ok": True,
        "reference": dumped["reference"],
        "month": dumped["month"],
        "outcome": outcome,
        "amount": amount,
        "need": dumped["need"],
        "income_total": dumped["income_total"],
        "lines": dumped["lines"],
        "reasons": reasons,
        "rounding": dumped["rounding"],
        "unverified_parameters": dumped["unverified_parameters"],
        "journal_note": note,
        "municipality": dumped["municipality"],
        "warnings": parsed.warnings,
        "trace": dumped["trace"],
    }


def _note(app: Application, decision: Decision, outcome: str, reasons: list[str]) -> str:
    """The journal note the process would write (a proposal's note, or the manual-handling note)."""
    if outcome == "manuell":
        return manual_note(app.reference, reasons, decision)
    return decision.journal_note()


# --- reading the file -----------------------------------------------------------------------------
def parse_file(text: str) -> CalculateInput:
    """Validate the calculate file's text; raises :class:`InputError` with every problem found."""
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    if not text.strip():
        raise InputError(['The file is empty. Give a JSON object with an "application" key.'])
    try:
        raw = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            [f"The file is not valid JSON: line {error.lineno} column {error.colno}: {error.msg}."]
        ) from None
    except (ValueError, RecursionError) as error:
        raise InputError([f"The file is not valid JSON: {error}."]) from None
    if isinstance(raw, dict) and "application" not in raw and any(key in raw for key in APPLICATION_HINTS):
        raw = {"application": raw}
    if not isinstance(raw, dict) or "application" not in raw:
        raise InputError(
            [
                'The file must be a JSON object with an "application" key (and optionally "register" '
                'and "case"), or an application itself.'
            ]
        )
    unknown = sorted(set(raw) - set(TOP_KEYS))
    if unknown:
        raise InputError(
            [f"Unknown top-level keys: {', '.join(unknown)}. Allowed: application, register, case."]
        )
    app, errors = validate_payload(raw["application"])
    if app is None:
        raise InputError(errors)
    problems: list[str] = []
    warnings: list[str] = []
    answers = _register(raw["register"], app, problems, warnings) if raw.get("register") is not None else None
    case = _case(raw["case"], app, problems) if raw.get("case") is not None else None
    if problems:
        raise InputError(problems)
    return CalculateInput(application=app, register=answers, case=case, warnings=warnings)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _plain(section: str, error: ValidationError) -> list[str]:
    """Pydantic errors as sentences naming the field, e.g. ``case.status: Input should be ...``."""
    sentences = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in (section, *problem["loc"]))
        sentences.append(f"{where}: {problem['msg']}.")
    return sentences


def _register(
    raw: Any, app: Application, problems: list[str], warnings: list[str]
) -> dict[str, RegisterAnswer] | None:
    """Each person's register answer, read as the register client reads the proxy's JSON."""
    expected = people(app)
    if not isinstance(raw, dict):
        problems.append('"register" must be an object with the keys "applicant" and, if any, "co_applicant".')
        return None
    for key in sorted(set(raw) - set(expected)):
        if key == "co_applicant":
            problems.append("register.co_applicant is given, but the application has no co-applicant.")
        else:
            problems.append(f'register.{key}: unknown key; use "applicant" and "co_applicant".')
    for person in expected:
        if person not in raw:
            problems.append(
                f"register.{person} is missing: give the register's answer for every applicant, "
                'or leave out "register" entirely.'
            )
    first, last = previous_month(app.month, 2), previous_month(app.month, 1)
    answers: dict[str, RegisterAnswer] = {}
    for person, identity in expected.items():
        body = raw.get(person)
        if body is None:
            continue
        where = f"register.{person}"
        try:
            answer = read_answer(body, first, last)
        except ValueError:
            keys = ", ".join(f'"{source.lower()}"' for source in SOURCES)
            problems.append(
                f"{where} must be the financial-aid proxy's answer: an object with the sources {keys}."
            )
            continue
        others = sorted(subjects(body) - {identity.replace("-", "")})
        if others:
            problems.append(
                f"{where} is about {', '.join(mask(n) for n in others)}, not the "
                f"{person.replace('_', '-')} in the application ({mask(identity)})."
            )
            continue
        for status in answer.missing_sources():
            said = status.message or ", ".join(status.months)
            warnings.append(f"{where}.{status.source.lower()}: {status.status.replace('_', ' ')} ({said}).")
        answers[person] = answer
    return answers


def _case(raw: Any, app: Application, problems: list[str]) -> CaseRecord | None:
    """The case record, its identity numbers normalised; it must be the applicant's case."""
    try:
        case = CaseRecord.model_validate(raw)
    except ValidationError as error:
        problems.extend(_plain("case", error))
        return None
    numbers: dict[str, str | None] = {}
    for name in ("identity_number", "co_applicant_identity_number"):
        value = getattr(case, name)
        if value in (None, ""):
            numbers[name] = None
            continue
        try:
            numbers[name] = normalise(value)
        except InvalidIdentityNumber:
            problems.append(f"case.{name} is not a valid identity number; write it as YYYYMMDD-NNNN.")
            return None
    applicant = app.applicant.identity_number
    if numbers["identity_number"] != applicant:
        problems.append(
            f"case.identity_number ({mask(case.identity_number)}) is not the applicant's identity number "
            f"({mask(applicant)}): the case must be the applicant's own case."
        )
        return None
    return case.model_copy(update=numbers)


# --- schemas --------------------------------------------------------------------------------------
def intake_schema() -> dict[str, Any]:
    """The JSON Schema of an application as the e-service delivers it (the intake format)."""
    schema = Application.model_json_schema()
    return {
        "$schema": JSON_SCHEMA,
        "title": "Försörjningsstöd reapplication (intake format)",
        "description": (
            "A monthly reapplication for försörjningsstöd as the e-service delivers it "
            "(docs/architecture.md, section 1). Amounts are kronor with at most two decimals; "
            "identity numbers are YYYYMMDD-NNNN with a valid check digit; months are YYYY-MM. "
            "Extra fields are rejected."
        ),
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


class _RegisterBody(BaseModel):
    """The financial-aid proxy's answer about one person: each SSBTEK source's part (schema only).

    Each part is the agency's data in its own vocabulary, ``{}`` when it gave no answer, or
    ``{"error": {"kalla", "felkod", "felmeddelande"}}`` (docs/architecture.md, section 2).
    """

    af: dict[str, Any] | None = None
    csn: dict[str, Any] | None = None
    fk: dict[str, Any] | None = None
    skv: dict[str, Any] | None = None
    so: dict[str, Any] | None = None
    tns: dict[str, Any] | None = None
    miv: dict[str, Any] | None = None


class _Register(BaseModel):
    applicant: _RegisterBody
    co_applicant: _RegisterBody | None = None


class _CalculateFile(BaseModel):
    application: Application
    register_: _Register | None = Field(None, alias="register")  # "register" shadows a BaseModel name
    case: CaseRecord | None = None


def calculate_schema() -> dict[str, Any]:
    """The JSON Schema of the whole calculate file."""
    schema = _CalculateFile.model_json_schema()
    return {
        "$schema": JSON_SCHEMA,
        "title": "Försörjningsstöd calculate file",
        "description": (
            "Input of `run_robot.py calculate`: the application (intake format), optionally the income "
            "register's answer per person and the case record. Without register or case the result "
            "goes to manual handling with the missing data as a reason."
        ),
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
