"""The försörjningsstöd parameter tools: one text per command, on the real parameter files."""

from __future__ import annotations

from pathlib import Path

from rules.engine.yearcheck import load_published_totals
from rules.forsorjningsstod.parameter_tools import PUBLISHED_TOTALS_FILE, check_text, list_text, year_check

MUNICIPALITY = Path(__file__).resolve().parents[3] / "config" / "municipalities" / "exempelkommun.yaml"


def test_2026_is_not_entered_and_says_what_it_will_be_checked_against() -> None:
    assert check_text(2026).startswith(
        "No riksnorm values for 2026 are entered yet; when you enter them, the totals will be checked "
        "against 5 220 kr and 8 510 kr."
    )
    assert 'Regeringen, "Riksnorm för 2026 fastställd"' in check_text(2026)


def test_every_total_on_file_for_an_entered_year_matches_the_table() -> None:
    years = {t.year for t in load_published_totals(PUBLISHED_TOTALS_FILE)}
    for year in sorted(years):
        result = year_check(year)
        if result.entered:
            assert result.totals and all(t.ok for t in result.totals), check_text(year)


def test_the_verified_2021_table_passes_against_2019() -> None:
    result = year_check(2021)
    assert result.ok and result.ready and result.compared_with == 2019
    assert "Result: nothing to fix, and every 2021 value is marked verified" in check_text(2021)


def test_2022_lacks_the_lunch_amounts_and_is_not_verified() -> None:
    text = check_text(2022)
    assert "riksnorm_barn_utan_lunch[3]: no value for 2022 (2021: 1 990 kr)" in text
    assert "Mark verified: true on the 2022 value of riksnorm_barn" in text


def test_list_text_includes_the_municipality() -> None:
    text = list_text(MUNICIPALITY)
    assert "boendekostnad_tak (kr/månad)" in text and "riksnorm_sambor (kr/månad)" in text
