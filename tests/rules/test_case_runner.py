"""The one YAML case runner (rules.engine.cases) reports every mismatch as a sentence and never raises
on a bad spec; its command line runs a folder of cases."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules.engine.cases import check_case, main
from rules.forsorjningsstod import PACKAGE

CONFIG = Path(__file__).resolve().parents[2] / "config"
CASES = Path(__file__).parent / "forsorjningsstod" / "cases"


def _spec(name: str = "c01_single_salary") -> dict[str, Any]:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_a_passing_case_gives_no_messages() -> None:
    assert check_case(_spec(), PACKAGE, CONFIG) == []


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
    problems = check_case(spec, PACKAGE, CONFIG)
    assert any("amount is 3480, expected 3481" in p for p in problems)
    assert any("need is 8480" in p for p in problems)
    assert "rule norm.sambor did not fire" in problems
    assert any("'ingenting sådant' not in the note" in p for p in problems)
    assert "'inte heller detta' not in any trace line" in problems
    assert any("unexpectedly in reasons" in p for p in problems)
    assert len(problems) == 6


def test_a_malformed_spec_is_a_message_not_an_exception() -> None:
    assert check_case({"input": {}}, PACKAGE, CONFIG) == [
        "the case has no 'expected' mapping with an 'outcome'"
    ]
    problems = check_case({"input": {"month": "x"}, "expected": {"outcome": "bevilja"}}, PACKAGE, CONFIG)
    assert problems and problems[0].startswith("the input is not a valid CaseInput")


def test_the_command_line_runs_a_folder_and_says_how_many_passed(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(__file__).parent / "sosialhjelp" / "cases"
    assert main([str(folder)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == f"{len(list(folder.glob('*.yaml')))} passed, 0 failed"
    assert printed[0].startswith("ok   ")


def test_the_command_line_fails_on_a_failing_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "forsorjningsstod" / "cases"
    folder.mkdir(parents=True)
    spec = _spec()
    spec["expected"]["amount"] = 1
    (folder / "broken.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert main([str(folder)]) == 1
    assert "amount is 3480, expected 1" in capsys.readouterr().out
