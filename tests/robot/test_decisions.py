"""Decision times read as people read them: seconds, minutes, hours or days, in the reader's words."""

from __future__ import annotations

import pytest

from robot.decisions import duration_text


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (None, "–"),
        (8 / 3600, "8 s"),
        (59 / 3600, "59 s"),
        (0.2, "12 min"),
        (1.5, "1.5 h"),
        (47.9, "47.9 h"),
        (50.4, "2.1 days"),
    ],
)
def test_a_duration_is_shown_in_the_unit_that_reads_best(hours: float | None, expected: str) -> None:
    assert duration_text(hours) == expected


def test_a_duration_is_shown_in_the_readers_units_and_decimal_mark() -> None:
    assert duration_text(1.25, ("s", "min", "t", "døgn"), ",") == "1,3 t"  # half up, as every amount
    assert duration_text(72.0, ("s", "min", "h", "dygn"), ",") == "3,0 dygn"
