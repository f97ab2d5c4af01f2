"""Decision times read as people read them: seconds, minutes, hours or days, in the reader's words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from robot.queue.models import utcnow
from robot.queue.store import WorkQueue
from robot.report.decision_times import duration_text, figures, recent
from tests.robot.fakes import record


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


def test_the_recent_items_carry_their_times_but_not_their_payloads(queue: WorkQueue) -> None:
    queue.add(record("ES-1", errors=["Månad saknas."]))
    queue.add(record("ES-2", household="a payload the figures never read"))
    found = recent(queue)
    assert sorted(item.state for item in found) == ["new", "quarantined"]
    assert all(item.created_at is not None for item in found)
    assert {"payload", "data", "trace", "evidence"} <= inspect(found[0]).unloaded
    with pytest.raises(SQLAlchemyError):
        _ = found[0].payload  # never loaded: reading it is an error, not a quiet extra query
    assert figures(found).undecided_over_24h == 0
    assert recent(queue, now=utcnow() + timedelta(days=31)) == []
