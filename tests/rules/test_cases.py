"""Runs every YAML case in tests/rules/cases/ through ``decide`` and checks the expected result.

Each case file holds the input (CaseInput fields), which parameters to load, and the expected
outcome, amount and reasons; the expected amounts are hand calculations in the file's comments.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules.forsorjningsstod import CaseInput, decide, load_parameters
from rules.forsorjningsstod.loading import Parameters

CASES_DIR = Path(__file__).parent / "cases"
MUNICIPALITIES = Path(__file__).resolve().parents[2] / "config" / "municipalities"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


@cache
def params_for(municipality: str | None, allow_unverified: bool) -> Parameters:
    path = MUNICIPALITIES / f"{municipality}.yaml" if municipality else None
    return load_parameters(municipality_file=path, allow_unverified=allow_unverified)


def load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_at_least_40_cases() -> None:
    assert len(CASE_FILES) >= 40


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path) -> None:
    spec = load_case(path)
    expected = spec["expected"]
    case = CaseInput.model_validate(spec["input"])
    decision = decide(case, params_for(spec.get("municipality"), bool(spec.get("allow_unverified"))))
    reasons = [reason.text for reason in decision.reasons]
    context = f"{path.name}: reasons={reasons}"

    assert decision.outcome == expected["outcome"], context
    assert decision.amount == expected.get("amount"), context
    if "need" in expected:
        need = expected["need"]
        assert decision.need == (None if need is None else Decimal(str(need))), context
    if "income_total" in expected:
        assert decision.income_total == Decimal(str(expected["income_total"])), context
    if decision.outcome == "manuell":
        assert decision.reasons, context
        assert all(reason.legal_reference for reason in decision.reasons), context
    for text in expected.get("reasons_contain", []):
        assert any(text in reason for reason in reasons), f"{text!r} not in {context}"
    for text in expected.get("reasons_absent", []):
        assert not any(text in reason for reason in reasons), f"{text!r} unexpectedly in {context}"
    if "reason_count" in expected:
        assert len(reasons) == expected["reason_count"], context
    fired = {line["rule_id"] for line in decision.trace if line["fired"]}
    evaluated = {line["rule_id"] for line in decision.trace}
    for rule_id in expected.get("rules_fired", []):
        assert rule_id in fired, f"{rule_id} did not fire in {path.name}"
    for rule_id in expected.get("rules_not_fired", []):
        assert rule_id not in fired, f"{rule_id} fired in {path.name}"
    for rule_id in expected.get("rules_evaluated", []):
        assert rule_id in evaluated, f"{rule_id} not evaluated in {path.name}"
    labels = [line.label for line in decision.lines]
    for text in expected.get("lines_contain", []):
        assert any(text in label for label in labels), f"{text!r} not in lines {labels}"
    note = decision.journal_note()
    assert case.reference in note
    for text in expected.get("note_contains", []):
        assert text in note, f"{text!r} not in note of {path.name}:\n{note}"
    for text in expected.get("trace_contains", []):
        assert any(text in line["reason"] for line in decision.trace), f"{text!r} not in trace of {path.name}"
    assert decision.unverified_parameters == expected.get("unverified", []), context
    if decision.rounding is not None and decision.outcome != "manuell":
        assert decision.rounding.rounded == (
            decision.amount if decision.outcome == "bevilja" else decision.rounding.rounded
        )
    json.dumps(decision.model_dump(mode="json"))
