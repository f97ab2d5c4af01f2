"""Telling the applicant each step once: the outbox, the caseworker's decision read back, the figures."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.process import DECIDED, Channel, Decided, Notice
from robot.queue import outbox
from robot.queue.models import Notification, WorkItem
from robot.queue.store import WorkQueue
from robot.report.decision_times import figures
from tests.robot.fakes import FakeProcess, record

CHANNELS = (Channel("status"), Channel("mail", frozenset({DECIDED}), resend_after_crash=False))


def told(process: FakeProcess) -> list[tuple[str, str, str]]:
    return [(n.reference, n.step, n.channel) for n in process.notices]


def notifications(engine: Engine) -> list[Notification]:
    with Session(engine) as session:
        return list(session.exec(select(Notification).order_by(Notification.id)).all())  # type: ignore[arg-type]


def test_each_step_is_told_once_in_order(engine: Engine, options: EngineOptions) -> None:
    queue = WorkQueue(engine, "fake", CHANNELS)
    process = FakeProcess([record("ES-1"), record("ES-2", errors=["Månad saknas."])])
    summary = run_pass(process, queue, options)
    steps = {
        reference: [step for ref, step, channel in told(process) if ref == reference and channel == "status"]
        for reference in ("ES-1", "ES-2")
    }
    assert steps == {"ES-1": ["received", "in_progress", "proposed"], "ES-2": ["received", "manual"]}
    assert summary.counts["notified"] == 5 == len(told(process))
    again = FakeProcess([record("ES-1")])
    run_pass(again, queue, options)
    assert told(again) == [], "nothing is told twice"


def test_a_caseworkers_decision_is_recorded_once_and_told_on_every_channel(
    engine: Engine, options: EngineOptions
) -> None:
    queue = WorkQueue(engine, "fake", CHANNELS)
    run_pass(FakeProcess([record("ES-1")]), queue, options)
    decided_at = datetime(2021, 12, 2, 9, 30, tzinfo=UTC)
    later = FakeProcess()
    later.decisions["ES-1"] = Decided("approved", 4321, "handlaggare1", decided_at)
    summary = run_pass(later, queue, options)
    assert summary.counts["decided"] == 1
    item = queue.get("ES-1")
    assert item is not None and item.decided_outcome == "approved" and item.decided_amount == 4321
    assert item.decided_by == "handlaggare1" and item.decided_at == decided_at and item.state == "proposed"
    assert told(later) == [("ES-1", "decided", "status"), ("ES-1", "decided", "mail")]
    assert later.notices[0].details == {"outcome": "approved", "amount": 4321}
    third = FakeProcess()
    third.decisions["ES-1"] = Decided("rejected")
    assert run_pass(third, queue, options).counts["decided"] == 0 and told(third) == []


def test_a_failed_notice_is_told_next_time_and_the_later_steps_wait_for_it(
    engine: Engine, options: EngineOptions
) -> None:
    queue = WorkQueue(engine, "fake", CHANNELS)
    process = FakeProcess([record("ES-1")])
    process.fail_notify = {"ES-1/received/status"}
    run_pass(process, queue, options)
    assert told(process) == []
    pending = [n for n in notifications(engine) if n.state == "pending"]
    assert len(pending) == 3 and "did not answer" in (pending[0].last_error or "")
    retry = FakeProcess()
    run_pass(retry, queue, options)
    assert [step for _, step, _ in told(retry)] == ["received", "in_progress", "proposed"]


def test_a_crash_while_sending_resends_a_status_but_never_an_email(
    engine: Engine, options: EngineOptions
) -> None:
    queue = WorkQueue(engine, "fake", CHANNELS)
    run_pass(FakeProcess([record("ES-1")]), queue, options)
    later = FakeProcess()
    later.decisions["ES-1"] = Decided("approved", 100)
    later.fail_notify = {"ES-1/decided/status"}
    run_pass(later, queue, options)
    with Session(engine) as session:  # as if the worker died after marking both "sending"
        for row in session.exec(select(Notification).where(Notification.step == "decided")).all():
            row.state = "sending"
            session.add(row)
        session.commit()
    after_crash = FakeProcess()
    run_pass(after_crash, queue, options)
    assert told(after_crash) == [("ES-1", "decided", "status")]
    states = {n.channel: n.state for n in notifications(engine) if n.step == "decided"}
    assert states == {"status": "sent", "mail": "uncertain"}


def _all_pending(engine: Engine, options: EngineOptions, references: list[str]) -> WorkQueue:
    """A queue whose items' steps were all recorded and none told (each item's first step failed)."""
    queue = WorkQueue(engine, "fake", CHANNELS)
    process = FakeProcess([record(reference) for reference in references])
    process.fail_notify = {f"{reference}/received/status" for reference in references}
    run_pass(process, queue, options)
    assert told(process) == [] and {n.state for n in notifications(engine)} == {"pending"}
    return queue


def test_a_backlog_larger_than_a_batch_is_told_in_order_in_one_delivery(
    engine: Engine, options: EngineOptions
) -> None:
    _all_pending(engine, options, ["ES-1", "ES-2", "ES-3"])
    process = FakeProcess()
    counts = outbox.deliver(process, engine, "fake", CHANNELS, batch=2)
    assert counts == {"sent": 9, "failed": 0, "uncertain": 0}
    in_id_order = [(n.reference, n.step, n.channel) for n in notifications(engine)]
    assert told(process) == in_id_order and len(in_id_order) == 9
    assert {n.state for n in notifications(engine)} == {"sent"}


def test_an_item_whose_step_fails_waits_also_across_batches(engine: Engine, options: EngineOptions) -> None:
    _all_pending(engine, options, ["ES-1", "ES-2", "ES-3"])
    process = FakeProcess()
    process.fail_notify = {"ES-1/received/status"}
    counts = outbox.deliver(process, engine, "fake", CHANNELS, batch=2)
    assert counts == {"sent": 6, "failed": 1, "uncertain": 0}
    assert {reference for reference, _, _ in told(process)} == {"ES-2", "ES-3"}
    waiting = [n for n in notifications(engine) if n.reference == "ES-1"]
    assert [n.state for n in waiting] == ["pending"] * 3 and waiting[0].attempts == 2


class MeetsTwoOthers(FakeProcess):
    """Sends an item's first step only once two other items' first steps are being sent too."""

    def __init__(self) -> None:
        super().__init__()
        self.three_at_once = threading.Barrier(3, timeout=30)

    def notify(self, notice: Notice) -> None:
        if notice.step == "received":
            self.three_at_once.wait()  # raises BrokenBarrierError when the sends are one after another
        super().notify(notice)


def test_several_items_are_told_at_once_each_in_its_own_order(engine: Engine, options: EngineOptions) -> None:
    _all_pending(engine, options, ["ES-1", "ES-2", "ES-3"])
    process = MeetsTwoOthers()
    counts = outbox.deliver(process, engine, "fake", CHANNELS, senders=3)
    assert counts == {"sent": 9, "failed": 0, "uncertain": 0}
    for reference in ("ES-1", "ES-2", "ES-3"):
        steps = [step for ref, step, _ in told(process) if ref == reference]
        assert steps == ["received", "in_progress", "proposed"]


class StateWhileSending(FakeProcess):
    """Notes the row's state in the database at the moment each notice is sent."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine, self.states = engine, dict[str, str]()

    def notify(self, notice: Notice) -> None:
        with Session(self.engine) as session:
            row = session.exec(
                select(Notification).where(
                    Notification.reference == notice.reference,
                    Notification.step == notice.step,
                    Notification.channel == notice.channel,
                )
            ).one()
        self.states[notice.channel] = row.state
        super().notify(notice)


def test_only_a_channel_that_must_not_repeat_is_marked_sending_while_it_is_sent(
    engine: Engine, options: EngineOptions
) -> None:
    queue = WorkQueue(engine, "fake", CHANNELS)
    run_pass(FakeProcess([record("ES-1")]), queue, options)
    later = StateWhileSending(engine)
    later.decisions["ES-1"] = Decided("approved", 100)
    run_pass(later, queue, options)
    assert later.states == {"status": "pending", "mail": "sending"}
    decided = [n for n in notifications(engine) if n.step == "decided"]
    assert [(n.state, n.attempts) for n in decided] == [("sent", 1), ("sent", 1)]


def test_no_channels_means_no_notifications(engine: Engine, queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")])
    run_pass(process, queue, options)
    assert told(process) == [] and notifications(engine) == []


def test_decision_time_figures() -> None:
    now = datetime(2021, 12, 10, 12, 0, tzinfo=UTC)
    submitted = now - timedelta(days=3)

    def item(state: str, proposal_hours: float | None, decision_hours: float | None) -> WorkItem:
        return WorkItem(
            process="fake",
            reference="x",
            state=state,
            created_at=submitted,
            updated_at=submitted,
            submitted_at=submitted,
            finished_at=submitted + timedelta(hours=proposal_hours) if proposal_hours is not None else None,
            decided_at=submitted + timedelta(hours=decision_hours) if decision_hours is not None else None,
        )

    result = figures(
        [
            item("proposed", 1, 5),
            item("proposed", 2, 30),
            item("manual", 3, None),
            item("quarantined", 0, None),
        ],
        now,
    )
    assert (result.to_proposal.count, result.to_proposal.median_hours) == (2, 1.5)
    assert (result.to_decision.count, result.to_decision.median_hours) == (2, 17.5)
    assert result.undecided_over_24h == 1  # the manual one; a quarantined one is not an application to decide
