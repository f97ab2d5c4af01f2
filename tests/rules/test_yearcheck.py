"""The year check (rules.engine.yearcheck): a made-up next year's table, clean and with typos.

The made-up table lives only in a temporary folder: 2021's verified riksnorm (SFS 2020:1013) and a
"2022" derived from it by +0.7 % rounded to whole tens, as the government raises every item.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules.engine.parameters import ParameterFileError
from rules.engine.yearcheck import (
    PublishedTotal,
    YearCheck,
    check_year,
    load_published_totals,
    round_to,
)
from rules.engine.yearcheck_text import format_year_check

REAL = Path(__file__).resolve().parents[2] / "rules" / "forsorjningsstod" / "parameters"
RIKSNORM = ("riksnorm_barn", "riksnorm_barn_utan_lunch", "riksnorm_ensamstaende", "riksnorm_sambor",
            "riksnorm_gemensamma_kostnader")  # fmt: skip


def raised(value: Any) -> Any:
    """``value`` + 0.7 %, rounded to whole tens (a mapping item by item)."""
    if isinstance(value, dict):
        return {key: raised(item) for key, item in value.items()}
    return int((Decimal(value) * Decimal("1.007") / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10)


def next_year(folder: Path, **changes: Any) -> Path:
    """Write 2021's riksnorm files plus a made-up 2022 into ``folder``; ``changes`` edit 2022's values
    (a whole value, ``None`` to leave 2022 out, or a callable applied to the raised value)."""
    folder.mkdir(exist_ok=True)
    for name in RIKSNORM:
        data = yaml.safe_load((REAL / f"{name}.yaml").read_text(encoding="utf-8"))
        current = data["values"][next(k for k in data["values"] if str(k) == "2021-01-01")]
        value = raised(current["value"])
        change = changes.get(name, value)
        value = change(value) if callable(change) else change
        data["values"] = {"2021-01-01": current}
        if value is not None:
            data["values"]["2022-01-01"] = {"value": value, "source": "made-up test table", "verified": False}
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def totals(single: int, couple: int, year: int = 2022) -> list[PublishedTotal]:
    return [
        PublishedTotal("single", "single person", year, Decimal(single),
                       ("riksnorm_ensamstaende", "riksnorm_gemensamma_kostnader[1]"), "test", False),
        PublishedTotal("couple", "cohabiting couple", year, Decimal(couple),
                       ("riksnorm_sambor", "riksnorm_gemensamma_kostnader[2]"), "test", False),
    ]  # fmt: skip


# 2022 made up: single 3 160 -> 3 180, shared for 1 person 1 020 -> 1 030, sambor 5 700 -> 5 740,
# shared for 2 persons 1 130 -> 1 140: published totals 4 210 and 6 880.
CLEAN_TOTALS = totals(4210, 6880)


def check(folder: Path, published: list[PublishedTotal] = CLEAN_TOTALS) -> YearCheck:
    return check_year(folder, 2022, published, subject="riksnorm")


def flagged(result: YearCheck) -> dict[str, str]:
    return {item.item: item.status for item in result.problems}


def test_round_to_tens_halves_up() -> None:
    assert round_to(Decimal("3182.12"), Decimal(10)) == 3180
    assert round_to(Decimal("1025"), Decimal(10)) == 1030


def test_a_clean_table_passes(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p"))
    assert result.ok and result.entered and result.compared_with == 2021
    assert result.common_rate is not None and Decimal("0.004") < result.common_rate < Decimal("0.01")
    assert len(result.items) == 21 and all(item.status == "ok" for item in result.items)
    assert all(t.ok for t in result.totals)
    assert not result.ready  # the made-up values are not verified
    text = format_year_check(result)
    assert "21 of 21 items are consistent with the common change." in text
    assert "The single person total: 3 180 kr + 1 030 kr = 4 210 kr, as published; source: test." in text
    assert (
        "Result: nothing to fix; once every value is checked against the official text, `parameters verify"
        in text
    )
    assert "To fix" not in text


def test_an_item_ten_times_too_large_is_flagged_by_name(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p", riksnorm_ensamstaende=31800))
    assert flagged(result) == {"riksnorm_ensamstaende": "inconsistent"}
    text = format_year_check(result)
    assert "riksnorm_ensamstaende: 31 800 kr for 2022 is +906.33 % on 2021 (3 160 kr)" in text
    assert "it should be about 3 180 kr" in text
    assert "The single person total: the entered items give 31 800 kr + 1 030 kr = 32 830 kr" in text
    assert "Result: 2 thing(s) to fix" in text


def test_two_swapped_digits_are_flagged_by_name(tmp_path: Path) -> None:
    swapped = {"riksnorm_barn": lambda v: {**v, "7_10": 3800}}  # 3 080 entered as 3 800
    result = check(next_year(tmp_path / "p", **swapped))
    assert flagged(result) == {"riksnorm_barn[7_10]": "inconsistent"}
    assert "riksnorm_barn[7_10]: 3 800 kr for 2022" in format_year_check(result)


def test_a_swap_within_a_scale_of_shared_costs_is_flagged(tmp_path: Path) -> None:
    swapped = {"riksnorm_gemensamma_kostnader": lambda v: {**v, "4": 1260}}  # 1 620 entered as 1 260
    assert flagged(check(next_year(tmp_path / "p", **swapped))) == {
        "riksnorm_gemensamma_kostnader[4]": "inconsistent"
    }


def test_last_years_value_left_in_place_is_flagged(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p", riksnorm_sambor=5700))
    assert flagged(result) == {"riksnorm_sambor": "inconsistent"}  # +0.7 % of 5 700 is 5 740


def test_an_amount_not_in_whole_tens_is_flagged(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p", riksnorm_ensamstaende=3182), totals(4212, 6880))
    assert flagged(result) == {"riksnorm_ensamstaende": "not_whole_step"}
    assert "riksnorm_ensamstaende: 3 182 kr is not a whole multiple of 10 kr" in format_year_check(result)


def test_a_total_that_disagrees_with_the_published_total_is_flagged(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p"), totals(4220, 6880))
    assert not result.ok and not result.problems
    assert [t.total.name for t in result.totals if not t.ok] == ["single"]
    text = format_year_check(result)
    assert (
        "The single person total: the entered items give 3 180 kr + 1 030 kr = 4 210 kr, but the total is "
        "4 220 kr (published; source: test). One of riksnorm_ensamstaende and riksnorm_gemensamma_kostnader[1] "
        "is wrong."
    ) in text
    assert "The cohabiting couple total: 5 740 kr + 1 140 kr = 6 880 kr, as published" in text


def test_missing_items_are_reported(tmp_path: Path) -> None:
    changes = {
        "riksnorm_barn": lambda v: {k: a for k, a in v.items() if k != "19_20"},
        "riksnorm_barn_utan_lunch": None,
    }
    result = check(next_year(tmp_path / "p", **changes))
    assert flagged(result) == {
        "riksnorm_barn[19_20]": "missing_now",
        **{f"riksnorm_barn_utan_lunch[{k}]": "missing_now" for k in ("under_1", "1_2", "3", "4_6")},
    }
    text = format_year_check(result)
    assert (
        "riksnorm_barn[19_20]: no value for 2022 (2021: 4 000 kr). Enter it from the official text." in text
    )
    assert "riksnorm_barn_utan_lunch[3]: no value for 2022 (2021: 1 990 kr)." in text


def test_an_item_new_in_the_year_is_left_to_check_by_hand(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p", riksnorm_barn=lambda v: {**v, "21_22": 4100}))
    assert result.ok and [i.item for i in result.items if i.status == "missing_before"] == [
        "riksnorm_barn[21_22]"
    ]
    assert "riksnorm_barn[21_22]: 4 100 kr has no 2021 value to compare with" in format_year_check(result)


def test_a_missing_term_makes_a_total_uncheckable(tmp_path: Path) -> None:
    result = check(next_year(tmp_path / "p", riksnorm_sambor=None))
    text = format_year_check(result)
    assert (
        "The cohabiting couple total (6 880 kr) cannot be checked: riksnorm_sambor has no value for 2022."
        in text
    )


def test_a_year_not_entered_says_what_it_will_be_checked_against(tmp_path: Path) -> None:
    result = check_year(next_year(tmp_path / "p"), 2023, totals(5220, 8510, 2023), subject="riksnorm")
    assert not result.entered and not result.ok
    assert format_year_check(result).startswith(
        "No riksnorm values for 2023 are entered yet; when you enter them, the totals will be checked "
        "against 5 220 kr and 8 510 kr."
    )


def test_years_in_between_missing_widen_the_tolerance_and_only_hint(tmp_path: Path) -> None:
    folder = next_year(tmp_path / "p")
    for path in folder.glob("*.yaml"):  # move the made-up year to 2024: two years are missing
        path.write_text(
            path.read_text(encoding="utf-8").replace("2022-01-01", "2024-01-01"), encoding="utf-8"
        )
    result = check_year(folder, 2024, subject="riksnorm")
    assert result.compared_with == 2021 and result.tolerance == 30 and result.ok
    assert "compared with 2021: the common change covers 3 years" in format_year_check(result)


def test_published_totals_file_is_read_and_malformed_files_are_named(tmp_path: Path) -> None:
    found = load_published_totals(REAL.parent / "published_totals.yaml")
    by_key = {(t.name, t.year): t for t in found}
    assert by_key["single", 2026].value == 5220 and not by_key["single", 2026].derived
    assert by_key["couple", 2026].value == 8510
    assert by_key["single", 2021].value == 4180 and by_key["single", 2021].derived
    assert by_key["couple", 2021].value == 6830
    bad = tmp_path / "totals.yaml"
    bad.write_text("totals: {single: {label: x, terms: [a], values: {2026: {value: 1}}}}", encoding="utf-8")
    with pytest.raises(ParameterFileError, match=r"totals.yaml \(single\) \[2026\]: each year needs"):
        load_published_totals(bad)
