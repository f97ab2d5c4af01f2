"""The scheduler: cron triggers, one-at-a-time job options, and a clean stop after the current item."""

from __future__ import annotations

import os
import signal
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.engine.pass_state import PassSummary
from robot.engine.scheduler import (
    ScheduledJob,
    add_jobs,
    build_trigger,
    install_signal_handlers,
    run_scheduled,
)
from robot.queue.store import WorkQueue
from tests.robot.fakes import FakeProcess, record

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_trigger_from_a_cron_string() -> None:
    trigger = build_trigger("*/15 7-18 * * mon-fri")
    assert str(trigger.timezone) == "Europe/Stockholm"
    friday_evening = datetime(2021, 12, 3, 18, 50, tzinfo=STOCKHOLM)
    assert trigger.get_next_fire_time(None, friday_evening) == datetime(2021, 12, 6, 7, 0, tzinfo=STOCKHOLM)
    tuesday = datetime(2021, 12, 7, 9, 1, tzinfo=STOCKHOLM)
    assert trigger.get_next_fire_time(None, tuesday) == datetime(2021, 12, 7, 9, 15, tzinfo=STOCKHOLM)


def test_invalid_cron_string_gives_a_sentence() -> None:
    with pytest.raises(ValueError, match="not a valid cron expression"):
        build_trigger("every quarter hour")


def test_job_options() -> None:
    scheduler = BackgroundScheduler(timezone=STOCKHOLM)
    jobs = [
        ScheduledJob(name="fake", cron="*/15 7-18 * * mon-fri", func=lambda: None, misfire_grace_seconds=120),
        ScheduledJob(name="other", cron="0 6 * * *", func=lambda: None),
    ]
    fake, other = add_jobs(scheduler, jobs)
    assert (fake.id, fake.max_instances, fake.coalesce, fake.misfire_grace_time) == ("fake", 1, True, 120)
    assert other.misfire_grace_time == 300
    assert str(fake.trigger) == str(build_trigger("*/15 7-18 * * mon-fri"))


def test_stop_ends_a_running_pass_after_the_current_item(queue: WorkQueue, options: EngineOptions) -> None:
    stop = threading.Event()
    process = FakeProcess([record(f"ES-{n}") for n in range(5)], handle_delay=0.1)
    process.on_handle = lambda item: stop.set()  # the stop arrives while the first item is handled
    summaries: list[PassSummary] = []

    def one_pass() -> None:
        summaries.append(run_pass(process, queue, options, stop_requested=stop.is_set))

    job = ScheduledJob(name="fake", cron="0 3 1 1 *", func=one_pass, run_at_start=True)
    runner = threading.Thread(target=run_scheduled, args=([job], stop), kwargs={"poll_seconds": 0.05})
    runner.start()
    runner.join(timeout=20)
    assert not runner.is_alive(), "the scheduler did not stop"
    [summary] = summaries  # the scheduler waited for the running pass before returning
    assert summary.stop_code == "stop_requested"
    assert process.handled == [("ES-0", 1)]
    assert queue.counts()["proposed"] == 1 and queue.counts()["new"] == 4


def test_a_crashing_job_does_not_stop_the_scheduler() -> None:
    stop = threading.Event()
    ran: list[str] = []
    crashed = threading.Event()

    def crash() -> None:
        ran.append("crash")
        crashed.set()
        raise RuntimeError("boom")

    def fine() -> None:
        crashed.wait(5)
        ran.append("fine")
        stop.set()

    jobs = [
        ScheduledJob(name="crash", cron="0 3 1 1 *", func=crash, run_at_start=True),
        ScheduledJob(name="fine", cron="0 3 1 1 *", func=fine, run_at_start=True),
    ]
    runner = threading.Thread(target=run_scheduled, args=(jobs, stop), kwargs={"poll_seconds": 0.05})
    runner.start()
    runner.join(timeout=20)
    assert not runner.is_alive() and sorted(ran) == ["crash", "fine"]


def test_sigterm_sets_the_stop_event_and_handlers_are_restored() -> None:
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    restore = install_signal_handlers(stop)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) == before
