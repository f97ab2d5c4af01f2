"""connectors.fodselsnummer: check digits, D-numbers, synthetic numbers, centuries, masking.

Every number here is synthetic (month + 80) or deliberately invalid; none can be a real person's.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.fodselsnummer import (
    MASK_PATTERN,
    InvalidFodselsnummer,
    birth_date,
    check_digit,
    is_synthetic,
    is_valid,
    kind,
    mask,
    mask_all,
    normalise,
    problem_of,
    synthetic,
)

# Hand calculation: 1985-03-12, synthetic month 03 + 80 = 83, individual 123 (1900-1999: 000-499).
#   digits 1 2 8 3 8 5 1 2 3, weights 3 7 6 1 8 9 4 5 2: 3+14+48+3+64+45+4+10+6 = 197; 197 mod 11 = 10 -> k1 = 1
#   digits + k1, weights 5 4 3 2 7 6 5 4 3 2: 5+8+24+6+56+30+5+8+9+2 = 153; 153 mod 11 = 10 -> k2 = 1
HAND_FNR = "12838512311"
# Hand calculation, D-number: 2005-07-04 -> day 04 + 40 = 44, month 07 + 80 = 87, individual 612 (2000s).
#   4 4 8 7 0 5 6 1 2: 12+28+48+7+0+45+24+5+4 = 173; mod 11 = 8 -> k1 = 3
#   4 4 8 7 0 5 6 1 2 3: 20+16+24+14+0+30+30+4+6+6 = 150; mod 11 = 7 -> k2 = 4
HAND_DNR = "44870561234"

BIRTHS = st.dates(date(1854, 1, 1), date(2039, 12, 31))


def test_hand_calculated_numbers() -> None:
    assert normalise(HAND_FNR) == HAND_FNR
    assert birth_date(HAND_FNR) == date(1985, 3, 12)
    assert kind(HAND_FNR) == "fodselsnummer" and is_synthetic(HAND_FNR)
    assert birth_date(HAND_DNR) == date(2005, 7, 4)
    assert kind(HAND_DNR) == "d_nummer" and is_synthetic(HAND_DNR)


def test_accepted_spellings() -> None:
    assert normalise(f"  {HAND_FNR}\n") == HAND_FNR
    assert normalise(f"{HAND_FNR[:6]} {HAND_FNR[6:]}") == HAND_FNR


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (12838512311, "type"),
        (None, "type"),
        ("1283851231", "format"),
        ("128385123110", "format"),
        ("128385-12311", "format"),
        ("12838512 311", "format"),
        ("abcdefghijk", "format"),
        ("12938512311", "date"),  # month 13 + 80 = 93
        ("12438512311", "date"),  # month + 40 (H-number / older NAV test data) is refused
        ("31828512311", "date"),  # 31 February
        ("32838512311", "date"),
        ("12838580011", "century"),  # individual 800 with YY 85
        ("12838512312", "checksum"),
        ("12838512321", "checksum"),
    ],
)
def test_problems(value: object, problem: str) -> None:
    assert problem_of(value) == problem
    assert not is_valid(value)
    with pytest.raises(InvalidFodselsnummer) as info:
        normalise(value)
    assert isinstance(info.value, ValueError)
    if isinstance(value, str):
        assert value.replace(" ", "") not in str(info.value)


def test_leap_day_depends_on_the_century() -> None:
    assert birth_date(synthetic(date(2000, 2, 29), random.Random(3))) == date(2000, 2, 29)
    # 29 February YY 00 with an individual number 000-499 means 1900, which was not a leap year.
    checked = 0
    for individual in range(500):
        nine = f"298200{individual:03d}"
        first = check_digit(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        second = None if first is None else check_digit(nine + str(first), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if first is not None and second is not None:
            assert problem_of(f"{nine}{first}{second}") == "date"
            checked += 1
    assert checked > 100


def test_a_remainder_of_one_has_no_check_digit() -> None:
    heads = [f"128385{n:03d}" for n in range(500)]
    hopeless = [h for h in heads if check_digit(h, (3, 7, 6, 1, 8, 9, 4, 5, 2)) is None]
    assert hopeless
    for head in hopeless[:5]:
        assert not any(is_valid(f"{head}{a}{b}") for a in range(10) for b in range(10))


@pytest.mark.parametrize("year", [1853, 2040])
def test_synthetic_refuses_years_it_cannot_encode(year: int) -> None:
    with pytest.raises(ValueError):
        synthetic(date(year, 1, 1), random.Random(1))


def test_synthetic_is_deterministic_per_seed() -> None:
    births = [date(1990, 1, 1), date(2012, 5, 17), date(1945, 12, 24)]
    first = [synthetic(b, random.Random(42)) for b in births]
    assert first == [synthetic(b, random.Random(42)) for b in births]


@given(birth=BIRTHS, seed=st.integers(0, 2**32), d_number=st.booleans())
def test_synthetic_numbers_are_valid_and_round_trip(birth: date, seed: int, d_number: bool) -> None:
    number = synthetic(birth, random.Random(seed), d_number=d_number)
    assert re.fullmatch(r"\d{11}", number)
    assert is_valid(number) and is_synthetic(number)
    assert birth_date(number) == birth
    assert kind(number) == ("d_nummer" if d_number else "fodselsnummer")


@given(birth=BIRTHS, seed=st.integers(0, 2**32), position=st.integers(0, 10), delta=st.integers(1, 9))
def test_any_single_digit_change_is_detected(birth: date, seed: int, position: int, delta: int) -> None:
    number = synthetic(birth, random.Random(seed))
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not is_valid(changed)


@given(birth=BIRTHS, seed=st.integers(0, 2**32), before=st.text(max_size=30), after=st.text(max_size=30))
def test_mask_all_hides_the_individual_number_and_check_digits(
    birth: date, seed: int, before: str, after: str
) -> None:
    number = synthetic(birth, random.Random(seed))
    text = f"{before} {number} {after}"
    masked = mask_all(text)
    assert number not in masked
    assert f"{number[:6]}*****" in masked
    assert mask_all(masked) == masked
    assert mask(number) == f"{number[:6]}*****"


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=60))
def test_mask_all_leaves_text_without_numbers_alone(text: str) -> None:
    assert mask_all(text) == text


def test_mask_pattern_is_strict_about_neighbouring_digits() -> None:
    assert MASK_PATTERN.search("198503129812") is None  # a Swedish 12-digit number is not cut apart
    assert MASK_PATTERN.search("1234567890") is None
    assert mask_all(f"«{HAND_FNR[:6]} {HAND_FNR[6:]}»") == f"«{HAND_FNR[:6]}*****»"
    assert mask("not a number 12838512311") == "not a number 128385*****"
