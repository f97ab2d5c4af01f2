"""status --check in each state: healthy, init failed, breaker open, items failed, no pass within two intervals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from robot.queue.models import PassRecord
from robot.queue.store import WorkQueue
from robot.report.health import fire_times, problems
from robot.settings import ProcessSettings

# Wednesday 2021-12-01 10:07 Stockholm time (09:07 UTC): the every-15-minutes weekday schedule fired at 10:00 and 09:45.
NOW = datetime(2021, 12, 1, 9, 7, tzinfo=UTC)


def process(**changes: object) -> ProcessSettings:
    return ProcessSettings.model_validate({"name": "fake", "definition": "a.b:c", **changes})


def record(engine: Engine, started: datetime, stop_code: str | None = None, **counts: int) -> None:
    reasons = {"init_failed": "Could not start the process.", "circuit_breaker": "Stopped after 5 failures."}
    WorkQueue(engine, "fake").record_pass(
        PassRecord(
            run_id=f"run-{started.timestamp()}",
            process="fake",
            worker_id="w",
            started_at=started,
            ended_at=started + timedelta(minutes=1),
            counts=counts,
            stop_code=stop_code,
            stopped_reason=reasons.get(stop_code or ""),
        )
    )


def test_fire_times_follow_the_cron_schedule_in_its_time_zone() -> None:
    times = fire_times(process(), NOW)
    assert times[-1] == datetime(2021, 12, 1, 10, 0, tzinfo=times[-1].tzinfo)
    assert times[-2].hour == 9 and times[-2].minute == 45


def test_a_recent_clean_pass_is_healthy(engine: Engine) -> None:
    record(engine, NOW - timedelta(minutes=7), proposed=3)
    assert problems(engine, [process()], NOW) == []


@pytest.mark.parametrize(
    ("stop_code", "counts", "expected"),
    [
        ("init_failed", {}, "could not start"),
        ("circuit_breaker", {}, "circuit breaker"),
        (None, {"failed": 2}, "2 item(s) failed"),
    ],
)
def test_the_last_pass_going_wrong_is_a_problem(
    engine: Engine, stop_code: str | None, counts: dict[str, int], expected: str
) -> None:
    record(engine, NOW - timedelta(minutes=7), stop_code, **counts)
    (found,) = problems(engine, [process()], NOW)
    assert expected in found and found.startswith("fake: ")


def test_no_pass_within_two_schedule_intervals_is_a_problem(engine: Engine) -> None:
    record(engine, NOW - timedelta(minutes=40))  # before 09:45 and 10:00 local: two runs missed
    (found,) = problems(engine, [process()], NOW)
    assert "no pass has run since" in found and "run_robot.py run" in found


def test_one_missed_interval_is_tolerated_and_disabled_processes_are_ignored(engine: Engine) -> None:
    record(engine, NOW - timedelta(minutes=20))  # the 09:45 pass ran; only the 10:00 one is missing
    assert problems(engine, [process()], NOW) == []
    assert problems(engine, [process(enabled=False)], NOW + timedelta(days=3)) == []


def test_a_process_that_never_ran_is_a_problem(engine: Engine) -> None:
    (found,) = problems(engine, [process()], NOW)
    assert "no pass has run ever" in found
