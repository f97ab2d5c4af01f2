"""Swedish identity numbers (personnummer): validation, normalisation and masking.

The canonical form is ``"YYYYMMDD-NNNN"``. :func:`normalise` accepts 12 digits with or without the
hyphen (and surrounding blanks). The 10-digit forms ``YYMMDD-NNNN`` / ``YYMMDD+NNNN`` are REJECTED:
the century is only implied by the separator and today's date, which is easy to get wrong and would
make the robot guess; the e-service collects 12 digits, so a 10-digit number is a data error.
Coordination numbers (samordningsnummer, day + 60) are rejected as an invalid date.

:func:`mask_all` masks every identity number in free text (12 digits with or without hyphen,
and 10-digit ``YYMMDD-NNNN``/``YYMMDD+NNNN``); logging and reports run it on every line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

Problem = Literal["type", "short_form", "format", "date", "checksum"]

_TWELVE = re.compile(r"^(\d{8})-?(\d{4})$")
_TEN = re.compile(r"^\d{6}[-+]?\d{4}$")

#: Matches an identity number anywhere in text. Group ``keep`` is what stays visible.
MASK_PATTERN = re.compile(r"(?<!\d)(?P<keep>\d{8}-?|\d{6}[-+])\d{4}(?!\d)")


class InvalidIdentityNumber(ValueError):
    """An identity number that is not valid. ``problem`` says why, for messages in any language."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem: Problem = problem


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for index, char in enumerate(ten_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def normalise(value: object) -> str:
    """The canonical ``"YYYYMMDD-NNNN"`` form of a valid identity number.

    Raises :class:`InvalidIdentityNumber` (a ValueError) for anything else; the message never
    contains the full number.
    """
    if not isinstance(value, str):
        raise InvalidIdentityNumber("type", "An identity number must be a string.")
    text = value.strip()
    match = _TWELVE.match(text)
    if not match:
        if _TEN.match(text):
            raise InvalidIdentityNumber(
                "short_form", "A 10-digit identity number is ambiguous; write all 12 digits as YYYYMMDD-NNNN."
            )
        raise InvalidIdentityNumber("format", "An identity number must be written as YYYYMMDD-NNNN.")
    head, tail = match.group(1), match.group(2)
    try:
        date(int(head[0:4]), int(head[4:6]), int(head[6:8]))
    except ValueError:
        raise InvalidIdentityNumber(
            "date", f"The identity number {head}-**** does not start with a real date."
        ) from None
    if not _luhn_ok(head[2:] + tail):
        raise InvalidIdentityNumber("checksum", f"The identity number {head}-**** has a wrong check digit.")
    return f"{head}-{tail}"


def is_valid_identity_number(value: object) -> bool:
    """True when ``value`` is a 12-digit identity number with a real date and a correct check digit."""
    try:
        normalise(value)
    except InvalidIdentityNumber:
        return False
    return True


def problem_of(value: object) -> Problem | None:
    """Why ``value`` is not a valid identity number, or None when it is."""
    try:
        normalise(value)
    except InvalidIdentityNumber as error:
        return error.problem
    return None


def mask(value: str) -> str:
    """``"YYYYMMDD-****"`` for a 12-digit number (hyphen optional); other text is masked wholesale."""
    match = _TWELVE.match(value.strip())
    if match:
        return f"{match.group(1)}-****"
    return mask_all(value)


def mask_all(text: str) -> str:
    """``text`` with the last four digits of every identity number in it replaced by ``****``."""
    return MASK_PATTERN.sub(lambda m: m.group("keep") + "****", text)
