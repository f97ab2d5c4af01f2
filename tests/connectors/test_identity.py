"""Identity numbers: synthetic generation (sandbox.identity) and validation/masking (connectors.identity)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from personnummer import personnummer

from connectors.identity import (
    InvalidIdentityNumber,
    is_valid_identity_number,
    mask,
    mask_all,
    normalise,
    problem_of,
)
from sandbox import identity as synthetic

VALID = synthetic.identity_number(date(1985, 3, 12), 239)  # 19850312-2395, check digit computed by hand below


def test_check_digit_by_hand() -> None:
    # Luhn over 850312239: weights 2,1,2,1,...: 8*2=16->7, 5, 0, 3, 1*2=2, 2, 2*2=4, 3, 9*2=18->9
    # sum = 7+5+0+3+2+2+4+3+9 = 35 -> check digit (10 - 5) % 10 = 5
    assert VALID == "19850312-2395"
    assert synthetic.luhn_check_digit("850312239") == 5


@given(st.integers(0, 2**32), st.dates(date(1920, 1, 1), date(2021, 12, 31)))
def test_generated_numbers_are_valid_and_marked_synthetic(seed: int, birth: date) -> None:
    number = synthetic.synthetic_identity_number(random.Random(seed), birth)
    assert number.startswith(birth.strftime("%Y%m%d-98"))
    assert is_valid_identity_number(number)
    assert synthetic.is_valid(number)
    assert personnummer.valid(number)  # an independent implementation agrees


def test_generation_is_deterministic_per_seed() -> None:
    birth = date(1990, 5, 17)
    first = [synthetic.synthetic_identity_number(random.Random(7), birth) for _ in range(3)]
    assert len(set(first)) == 1


@given(st.integers(0, 2**32), st.integers(0, 90))
def test_random_birth_date_gives_the_asked_age(seed: int, age: int) -> None:
    on = date(2021, 11, 1)
    born = synthetic.random_birth_date(random.Random(seed), on, age, age)
    assert on.year - born.year - ((on.month, on.day) < (born.month, born.day)) == age


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19850312-2395", "19850312-2395"),
        ("198503122395", "19850312-2395"),
        (" 19850312-2395 ", "19850312-2395"),
    ],
)
def test_normalise_accepts_twelve_digits(value: str, expected: str) -> None:
    assert normalise(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("19850312-2396", "checksum"),
        ("19851312-2395", "date"),
        ("19850230-2395", "date"),
        ("850312-2395", "short_form"),
        ("850312+2395", "short_form"),
        ("8503122395", "short_form"),
        ("1985-03-12-2395", "format"),
        ("", "format"),
        (198503122395, "type"),
        (None, "type"),
    ],
)
def test_invalid_numbers_say_why(value: object, problem: str) -> None:
    assert problem_of(value) == problem
    assert not is_valid_identity_number(value)
    with pytest.raises(InvalidIdentityNumber) as raised:
        normalise(value)
    assert "2395" not in str(raised.value)  # the message never repeats the full number


def test_mask() -> None:
    assert mask("19850312-2395") == "19850312-****"
    assert mask("198503122395") == "19850312-****"


def test_mask_all_masks_every_form_in_text() -> None:
    text = "Sökande 19850312-2395, medsökande 198601011235, barn 160402-1234 och 160402+1234."
    masked = mask_all(text)
    assert masked == "Sökande 19850312-****, medsökande 19860101****, barn 160402-**** och 160402+****."


def test_mask_all_leaves_other_numbers_alone() -> None:
    text = "Referens ES-7-00012, månad 2021-12, belopp 6500 kr, datum 2021-11-25, tel 08-123 45 67"
    assert mask_all(text) == text


@given(st.text(alphabet="abcÅÄÖ -+/:.,\n\t", min_size=1))
def test_mask_all_leaves_no_number_visible_whatever_surrounds_it(around: str) -> None:
    text = f"{around}19850312-2395{around}198503122395{around}850312-2395{around}"
    assert "2395" not in mask_all(text)
