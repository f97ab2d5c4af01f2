"""The försörjningsstöd case adapter reports every mismatch as a sentence and never raises on a bad spec."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from rules.forsorjningsstod.case_runner import check_case

CONFIG = Path(__file__).resolve().parents[3] / "config"
CASES = Path(__file__).parent / "cases"


def _spec(name: str = "c01_single_salary") -> dict[str, Any]:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_a_passing_case_gives_no_messages() -> None:
    assert check_case(_spec(), CONFIG) == []


def test_every_mismatch_is_reported() -> None:
    spec = copy.deepcopy(_spec())
    spec["expected"].update(
        amount=3481,
        need=1,
        rules_fired=["norm.sambor"],
        note_contains=["ingenting sådant"],
        trace_contains=["inte heller detta"],
        reasons_absent=["förslag: bevilja"],
    )
    problems = check_case(spec, CONFIG)
    assert any("amount is 3480, expected 3481" in p for p in problems)
    assert any("need is 8480" in p for p in problems)
    assert "rule norm.sambor did not fire" in problems
    assert any("'ingenting sådant' not in the note" in p for p in problems)
    assert "'inte heller detta' not in any trace line" in problems
    assert any("unexpectedly in reasons" in p for p in problems)
    assert len(problems) == 6


def test_a_malformed_spec_is_a_message_not_an_exception() -> None:
    assert check_case({"input": {}}, CONFIG) == ["the case has no 'expected' mapping with an 'outcome'"]
    problems = check_case({"input": {"month": "x"}, "expected": {"outcome": "bevilja"}}, CONFIG)
    assert problems and problems[0].startswith("the input is not a valid CaseInput")
