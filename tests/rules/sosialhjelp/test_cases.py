"""Runs every YAML case in tests/rules/sosialhjelp/cases/ through ``rules.sosialhjelp.case_runner``.

Stand-in until the generic rules-case runner picks this folder up; it may then be deleted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rules.sosialhjelp.case_runner import check_case

CASES_DIR = Path(__file__).parent / "cases"
CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


def test_there_are_at_least_20_cases() -> None:
    assert len(CASE_FILES) >= 20


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = check_case(spec, CONFIG_DIR)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_a_wrong_expectation_is_reported() -> None:
    spec = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    spec["expected"] = {**spec["expected"], "amount": -1, "rules_fired": ["no.such.rule"]}
    problems = check_case(spec, CONFIG_DIR)
    assert any("amount" in p for p in problems)
    assert any("no.such.rule" in p for p in problems)


def test_an_invalid_input_is_reported_not_raised() -> None:
    assert check_case({"input": {"month": "2021-13"}, "expected": {}}, CONFIG_DIR)
