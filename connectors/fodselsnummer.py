"""Norwegian identity numbers (fødselsnummer and D-nummer): validation, birth date, masking, and
synthetic numbers for the sandbox.

A number is 11 digits: the date DDMMYY, an individual number (3 digits) and two check digits
modulo 11 (weights 3 7 6 1 8 9 4 5 2 over the first 9 digits, then 5 4 3 2 7 6 5 4 3 2 over the
first 10): a remainder of 0 gives 0, a remainder of 1 makes the number invalid, otherwise the
digit is 11 minus the remainder.

- **D-nummer**: day + 40 (the first digit is 4-7).
- **Skatteetaten's synthetic test numbers** (Tenor): month + 80; accepted, see :func:`is_synthetic`.
  :func:`synthetic` makes only such numbers, so a generated number can never be a real person's.
- Month + 40 (NAV's H-numbers and older NAV test data) is rejected as an impossible date.
- The century comes from the individual number: 000-499 -> 1900-1999; 500-749 with YY 54-99 ->
  1854-1899; 500-999 with YY 00-39 -> 2000-2039; 900-999 with YY 40-99 -> 1940-1999; anything
  else (e.g. 750-899 with YY 40-99) is invalid.

The canonical form is the 11 digits without separator; :func:`normalise` also accepts blanks
around it and one space after the date ("DDMMYY NNNNN"). Masking keeps the 6-digit date part and
hides the individual number and the check digits: ``"DDMMYY*****"`` (as the Swedish masking keeps
the birth date). :data:`MASK_PATTERN` deliberately finds every 11-digit run (also invalid ones:
a mistyped number is still personal data).
"""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Literal

Problem = Literal["type", "format", "date", "century", "checksum"]
Kind = Literal["fodselsnummer", "d_nummer"]

WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_FORM = re.compile(r"^(\d{6}) ?(\d{5})$")

#: Finds an 11-digit number (optionally "DDMMYY NNNNN") anywhere in text; group ``keep`` stays visible.
MASK_PATTERN = re.compile(r"(?<!\d)(?P<keep>\d{6}) ?\d{5}(?!\d)")


class InvalidFodselsnummer(ValueError):
    """A number that is not a valid fødselsnummer or D-nummer. ``problem`` says why."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem: Problem = problem


def check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit for ``digits``; None when the remainder is 1 (no valid digit)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def century_year(two_digit_year: int, individual: int) -> int | None:
    """The four-digit year for ``YY`` and the individual number, or None when no range fits."""
    yy = two_digit_year
    if individual <= 499:
        return 1900 + yy
    if individual >= 500 and yy <= 39:
        return 2000 + yy
    if 500 <= individual <= 749 and yy >= 54:
        return 1800 + yy
    if individual >= 900 and yy >= 40:
        return 1900 + yy
    return None


def _parts(digits: str) -> tuple[int, int, int, int]:
    """Day and month with the D-number and synthetic offsets removed, YY, individual number."""
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    return day, month, int(digits[4:6]), int(digits[6:9])


def normalise(value: object) -> str:
    """The canonical 11 digits of a valid fødselsnummer or D-nummer.

    Raises :class:`InvalidFodselsnummer` (a ValueError) for anything else; its message shows at
    most the masked number (``DDMMYY*****``), never the full one.
    """
    if not isinstance(value, str):
        raise InvalidFodselsnummer("type", "A fødselsnummer must be a string.")
    match = _FORM.match(value.strip())
    if not match:
        raise InvalidFodselsnummer("format", "A fødselsnummer must be 11 digits (DDMMYY and 5 digits).")
    digits = match.group(1) + match.group(2)
    shown = f"{digits[:6]}*****"
    raw_day, raw_month = int(digits[0:2]), int(digits[2:4])
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71) or not (1 <= raw_month <= 12 or 81 <= raw_month <= 92):
        raise InvalidFodselsnummer("date", f"The fødselsnummer {shown} does not start with a possible date.")
    day, month, yy, individual = _parts(digits)
    year = century_year(yy, individual)
    if year is None:
        raise InvalidFodselsnummer(
            "century", f"The fødselsnummer {shown} has an individual number that fits no century."
        )
    try:
        date(year, month, day)
    except ValueError:
        raise InvalidFodselsnummer(
            "date", f"The fødselsnummer {shown} does not start with a real date."
        ) from None
    if check_digit(digits[:9], WEIGHTS_1) != int(digits[9]) or check_digit(digits[:10], WEIGHTS_2) != int(
        digits[10]
    ):
        raise InvalidFodselsnummer("checksum", f"The fødselsnummer {shown} has a wrong check digit.")
    return digits


def is_valid(value: object) -> bool:
    """True for a valid fødselsnummer or D-nummer (also a synthetic one)."""
    try:
        normalise(value)
    except InvalidFodselsnummer:
        return False
    return True


def problem_of(value: object) -> Problem | None:
    """Why ``value`` is not valid, or None when it is."""
    try:
        normalise(value)
    except InvalidFodselsnummer as error:
        return error.problem
    return None


def birth_date(value: object) -> date:
    """The birth date encoded in a valid number (offsets removed, century from the individual number)."""
    digits = normalise(value)
    day, month, yy, individual = _parts(digits)
    year = century_year(yy, individual)
    assert year is not None  # normalise checked it
    return date(year, month, day)


def kind(value: object) -> Kind:
    """``d_nummer`` when the day carries the +40 offset, else ``fodselsnummer``."""
    return "d_nummer" if int(normalise(value)[0]) >= 4 else "fodselsnummer"


def is_synthetic(value: object) -> bool:
    """True for Skatteetaten's synthetic test numbers (month + 80)."""
    return int(normalise(value)[2:4]) > 80


def mask(value: str) -> str:
    """``"DDMMYY*****"`` for an 11-digit number (valid or not); any other text is masked wholesale."""
    match = _FORM.match(value.strip())
    if match:
        return f"{match.group(1)}*****"
    return mask_all(value)


def mask_all(text: str) -> str:
    """``text`` with the last five digits of every 11-digit number in it replaced by ``*****``."""
    return MASK_PATTERN.sub(lambda m: m.group("keep") + "*****", text)


def _individual_range(year: int) -> range:
    if 1854 <= year <= 1899:
        return range(500, 750)
    if 1900 <= year <= 1999:
        return range(0, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    raise ValueError(f"a fødselsnummer can encode birth years 1854-2039, not {year}")


def synthetic(birth: date, rng: random.Random, d_number: bool = False) -> str:
    """A made-up, formally valid synthetic number (month + 80) for ``birth``; never a real person's.

    ``d_number=True`` also adds 40 to the day. The individual number is drawn from ``rng`` in the
    range that encodes the birth year's century; draws whose check digit would be invalid are redrawn.
    """
    numbers = _individual_range(birth.year)
    day = birth.day + (40 if d_number else 0)
    head = f"{day:02d}{birth.month + 80:02d}{birth.year % 100:02d}"
    while True:
        nine = f"{head}{rng.choice(numbers):03d}"
        first = check_digit(nine, WEIGHTS_1)
        if first is None:
            continue
        second = check_digit(nine + str(first), WEIGHTS_2)
        if second is not None:
            return f"{nine}{first}{second}"
