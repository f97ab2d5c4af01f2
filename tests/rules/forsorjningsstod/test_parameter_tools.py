"""The försörjningsstöd parameter tools: one text per command, on the real parameter files."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from rules.engine.yearcheck import load_published_totals
from rules.forsorjningsstod import load_parameters
from rules.forsorjningsstod.loading import PARAMETER_DIR
from rules.forsorjningsstod.parameter_tools import (
    PUBLISHED_TOTALS_FILE,
    check_text,
    list_text,
    verify_text,
    year_check,
)

MUNICIPALITY = Path(__file__).resolve().parents[3] / "config" / "municipalities" / "exempelkommun.yaml"
WHEN = dt.datetime(2025, 1, 14, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def own_file(tmp_path: Path) -> Path:
    """A copy of the municipality's file that a verification may write into."""
    path = tmp_path / "kommun.yaml"
    shutil.copy(MUNICIPALITY, path)
    return path


def test_2026_is_known_in_part_and_the_single_total_adds_up() -> None:
    text = check_text(2026)
    assert "- riksnorm_sambor: no value for 2026 (2024: 6 850 kr). Enter it from the official text." in text
    assert "riksnorm_gemensamma_kostnader[2]: no value for 2026 (2025: 1 400 kr)" in text
    assert "3 940 kr + 1 280 kr = 5 220 kr, as published" in text
    assert "riksnorm_sambor and riksnorm_gemensamma_kostnader[2] have no value for 2026. Enter them." in text
    assert not year_check(2026).ok


def test_every_total_on_file_for_an_entered_year_matches_the_table() -> None:
    years = {t.year for t in load_published_totals(PUBLISHED_TOTALS_FILE)}
    for year in sorted(years - {2026}):  # 2026 is known in part: see the test above
        result = year_check(year)
        assert result.entered and result.totals and all(t.ok for t in result.totals), check_text(year)


def test_the_verified_2021_table_passes_against_2020() -> None:
    result = year_check(2021)
    assert result.ok and result.ready and result.compared_with == 2020
    assert "Result: nothing to fix, and every 2021 value is marked verified" in check_text(2021)


@pytest.mark.parametrize("year", [2016, 2018, 2020, 2022, 2024])
def test_a_year_without_the_lunch_amounts_cannot_pass(year: int) -> None:
    text = check_text(year)
    assert f"riksnorm_barn_utan_lunch[3]: no value for {year}" in text
    assert f"parameters verify {year}" in text  # the unverified values say how to verify them
    assert not year_check(year).ok


def test_list_text_includes_the_municipality() -> None:
    text = list_text(MUNICIPALITY)
    assert "boendekostnad_tak (kr/månad)" in text and "riksnorm_sambor (kr/månad)" in text


def test_verify_writes_the_year_into_the_municipality_file_only(own_file: Path) -> None:
    shipped = {path.name: path.read_bytes() for path in PARAMETER_DIR.glob("*.yaml")}
    before = load_parameters(own_file).parameters["riksnorm_ensamstaende"].at(dt.date(2017, 3, 1))
    assert before.verified  # 2017 is Socialstyrelsen's: shipped verified; re-verifying it is allowed
    text, ok = verify_text(2017, "Socialstyrelsen, Riksnormen 2017", "Anna Andersson", own_file, WHEN)
    assert ok, text
    assert text.startswith(
        f"Recorded in {own_file}: the riksnorm values of 2017 (riksnorm_barn from 2017-01-01;"
    )
    data = yaml.safe_load(own_file.read_text(encoding="utf-8"))
    entry = data["parameters"]["riksnorm_sambor"]["values"][dt.date(2017, 1, 1)]
    assert entry == {
        "value": 5370,
        "source": "Socialstyrelsen, Riksnormen 2017",
        "verified": True,
        "verified_by": "Anna Andersson",
        "verified_at": "2025-01-14T09:30:00+00:00",
        "shipped_source": 'Socialstyrelsen, "Riksnormen för försörjningsstöd 2017" (Information 2016-10-07, '
        "Dnr 3.8-27193/2016)",
    }
    assert data["parameters"]["boendekostnad_tak"]["values"]  # what was there is kept
    assert "# Exempelkommun: a FICTITIOUS sandbox municipality" in own_file.read_text(encoding="utf-8")
    value = load_parameters(own_file).parameters["riksnorm_sambor"].at(dt.date(2017, 3, 1))
    assert value.verified and value.verified_by == "Anna Andersson" and value.value == Decimal(5370)
    assert {path.name: path.read_bytes() for path in PARAMETER_DIR.glob("*.yaml")} == shipped


def test_an_unverified_year_becomes_usable_once_completed_and_verified(own_file: Path) -> None:
    # 2024 lacks the no-lunch amounts: the check refuses it, and nothing is written.
    text, ok = verify_text(2024, "SFS 2023:727", "Anna Andersson", own_file, WHEN)
    assert not ok and "Nothing was recorded: 2024 can be verified once the check has nothing to fix" in text
    assert "2024" not in own_file.read_text(encoding="utf-8")
    # The municipality enters them from the SFS text (made-up figures here), then verifies the year.
    data = yaml.safe_load(own_file.read_text(encoding="utf-8"))
    data["parameters"]["riksnorm_barn_utan_lunch"] = {
        "description": "Riksnorm, barn 0–6 år som inte äter lunch hemma",
        "label": "Riksnorm (barn 0–6 år som äter lunch i förskolan)",
        "period": "year",
        "values": {
            dt.date(2024, 1, 1): {
                "value": {"under_1": 2470, "1_2": 2700, "3": 2410, "4_6": 2620},
                "source": "SFS 2023:727 (test)",
                "verified": False,
            }
        },
    }
    own_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text, ok = verify_text(2024, "SFS 2023:727", "Anna Andersson", own_file, WHEN)
    assert ok, text
    production = load_parameters(own_file, allow_unverified=False).parameters
    for name in ("riksnorm_barn", "riksnorm_barn_utan_lunch", "riksnorm_ensamstaende", "riksnorm_sambor"):
        assert production[name].at(dt.date(2024, 12, 1)).verified, name
    assert not production["riksnorm_ensamstaende"].at(dt.date(2023, 12, 1)).verified  # only 2024


@pytest.mark.parametrize(
    ("source", "by", "message"),
    [("", "Anna", "Say which official text"), ("SFS 2020:1013", " ", "Say who checked")],
)
def test_verify_needs_a_source_and_a_name(own_file: Path, source: str, by: str, message: str) -> None:
    text, ok = verify_text(2021, source, by, own_file, WHEN)
    assert not ok and text.startswith(message)


def test_verify_without_a_municipality_file_says_where_to_write() -> None:
    text, ok = verify_text(2021, "SFS 2020:1013", "Anna", None, WHEN)
    assert not ok and "Set municipality_file in the process's settings block" in text
