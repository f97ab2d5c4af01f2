"""Synthetic Swedish identity numbers (personnummer) for the sandbox, from a seeded random generator.

Numbers are formally valid ("YYYYMMDD-NNNN", Luhn checksum over YYMMDDNNN plus the check digit) and
made up: the serial numbers all start with 98, a range chosen so that a generated number is easy to
recognise as synthetic. The sandbox imports nothing outside ``sandbox``, so the checks the stand-in
systems need (:func:`is_valid`) live here too, independent of ``connectors.identity``.
"""

from __future__ import annotations

import random
import re
from datetime import date

SYNTHETIC_SERIAL_PREFIX = "98"
_FULL = re.compile(r"^(\d{8})-?(\d{4})$")


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for the nine digits YYMMDDNNN."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def identity_number(birth_date: date, serial: int) -> str:
    """The identity number for a birth date and a three-digit serial (000-999), with its check digit."""
    if not 0 <= serial <= 999:
        raise ValueError("serial must be 0..999")
    nine = f"{birth_date:%y%m%d}{serial:03d}"
    return f"{birth_date:%Y%m%d}-{serial:03d}{luhn_check_digit(nine)}"


def synthetic_identity_number(rng: random.Random, birth_date: date) -> str:
    """A made-up, formally valid identity number for ``birth_date``; serial 980-989 marks it synthetic."""
    serial = int(SYNTHETIC_SERIAL_PREFIX) * 10 + rng.randrange(10)
    return identity_number(birth_date, serial)


def random_birth_date(rng: random.Random, on: date, min_age: int, max_age: int) -> date:
    """A birth date giving an age (completed years on ``on``) between ``min_age`` and ``max_age``."""
    age = rng.randint(min_age, max_age)
    latest = _years_before(on, age)  # born on this day -> exactly ``age``
    earliest = _years_before(on, age + 1).toordinal() + 1
    return date.fromordinal(rng.randint(earliest, latest.toordinal()))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def is_valid(value: str) -> bool:
    """True for a 12-digit identity number (hyphen optional) with a real date and a correct check digit."""
    match = _FULL.match(value)
    if not match:
        return False
    digits = match.group(1) + match.group(2)
    try:
        date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return luhn_check_digit(digits[2:11]) == int(digits[11])


def compact(value: str) -> str:
    """The 12 digits of an identity number, without the hyphen."""
    return value.replace("-", "")
