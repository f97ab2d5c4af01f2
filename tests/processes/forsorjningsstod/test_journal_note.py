"""The journal note names the rule behind every line, the legal basis of each group and the amounts' sources."""

from __future__ import annotations

from pathlib import Path

from processes.forsorjningsstod.calculate import calculate_file

PROJECT = Path(__file__).resolve().parents[3]


def test_every_line_names_its_rule_and_the_sources_are_listed() -> None:
    result, ok = calculate_file(
        (PROJECT / "examples/calculate/family.json").read_text("utf-8"),
        PROJECT / "config/municipalities/exempelkommun.yaml",
        allow_unverified=True,
    )
    assert ok
    note = result["journal_note"]
    for line in result["lines"]:
        assert f"[regel {line['rule_id']}]" in note
    assert "Riksnorm (SoL (2001:453) 4 kap. 3 §; SoF (2001:937) 2 kap. 1 §):" in note
    assert "Källor för belopp: SFS 2020:1013" in note
