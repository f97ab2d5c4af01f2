"""Synthetic Norwegian identity numbers for the sandbox, from a seeded random generator.

The sandbox imports nothing outside ``sandbox``, so this is its own small implementation
(``connectors.fodselsnummer`` is the robot's; a test checks that the two agree). Every number is
one of Skatteetaten's synthetic kind (month + 80), so it can never be a real person's; the
individual number is drawn from the range that encodes the birth year's century, and check digits
follow the mod-11 rule (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2; remainder 1: redraw).
"""

from __future__ import annotations

import random
from datetime import date

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control(digits: str, weights: tuple[int, ...]) -> int | None:
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if rest == 1 else (11 - rest) % 11


def synthetic_fnr(rng: random.Random, birth: date) -> str:
    """A formally valid synthetic fødselsnummer (month + 80) for ``birth`` (1900-2039)."""
    if 1900 <= birth.year <= 1999:
        low, high = 0, 499
    elif 2000 <= birth.year <= 2039:
        low, high = 500, 999
    else:
        raise ValueError(f"the sandbox makes numbers for 1900-2039, not {birth.year}")
    head = f"{birth.day:02d}{birth.month + 80:02d}{birth.year % 100:02d}"
    while True:
        nine = f"{head}{rng.randint(low, high):03d}"
        k1 = _control(nine, _W1)
        k2 = None if k1 is None else _control(nine + str(k1), _W2)
        if k1 is not None and k2 is not None:
            return f"{nine}{k1}{k2}"


def is_valid_fnr(value: str) -> bool:
    """True for 11 digits whose two check digits are right (the date is not checked here)."""
    if len(value) != 11 or not value.isdigit():
        return False
    return _control(value[:9], _W1) == int(value[9]) and _control(value[:10], _W2) == int(value[10])
