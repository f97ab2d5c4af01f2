"""Age bands as dated parameters (rules.engine.bands): parsing, lookup and the errors IT staff see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rules.engine.bands import age_on, band_for, bands_of
from rules.engine.parameters import ParameterFileError, ParameterValue


def _value(raw: object) -> ParameterValue:
    return ParameterValue(
        name="aldersgrupper", value=raw, in_force_from=dt.date(2018, 1, 1), source="s", verified=True
    )


def _ages(*pairs: tuple[int, int]) -> list[list[Decimal]]:
    return [[Decimal(a), Decimal(b)] for a, b in pairs]


def test_bands_are_sorted_and_found_by_age() -> None:
    first, second, third = _ages((11, 17), (0, 5), (6, 10))
    bands = bands_of(_value({"11_17": first, "0_5": second, "6_10": third}))
    assert [b.key for b in bands] == ["0_5", "6_10", "11_17"]
    found = [band_for(age, bands) for age in (0, 5, 6, 10, 11, 17)]
    assert [band.key if band else None for band in found] == ["0_5", "0_5", "6_10", "6_10", "11_17", "11_17"]
    assert band_for(18, bands) is None
    assert bands[0].label == "0–5" and bands_of(_value({"3": [Decimal(3), Decimal(3)]}))[0].label == "3"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "must map each band"),
        ({"a": [Decimal(1)]}, r"\[first age, last age\]"),
        ({"a": [Decimal(5), Decimal(2)]}, "not above the last"),
        ({"a": [Decimal(0), Decimal(5)], "b": [Decimal(7), Decimal(10)]}, "leave a gap or overlap"),
        ({"a": [Decimal(0), Decimal(5)], "b": [Decimal(5), Decimal(10)]}, "leave a gap or overlap"),
    ],
)
def test_malformed_bands_say_what_to_fix(raw: object, message: str) -> None:
    with pytest.raises(ParameterFileError, match=message):
        bands_of(_value(raw))


def test_age_counts_the_birthday_itself() -> None:
    assert age_on(dt.date(2018, 10, 1), dt.date(2024, 10, 1)) == 6
    assert age_on(dt.date(2018, 10, 2), dt.date(2024, 10, 1)) == 5
