"""The rules benchmark runs and prints its summary line (speed itself is checked by `python -m bench`)."""

from __future__ import annotations

import re

from bench import rules_bench
from bench.__main__ import main


def test_rules_bench_line_format() -> None:
    line = rules_bench.run(n_cases=20, rounds=1)
    assert re.fullmatch(r"rules: [\d,]+ evaluations/s \(trace on, one core, 20 cases\)", line)


def test_main_runs_named_benchmarks_only(capsys) -> None:
    assert main(["none-such"]) == 0
    assert capsys.readouterr().out == ""
