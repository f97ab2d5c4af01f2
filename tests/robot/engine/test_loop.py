"""The transaction loop driven by a fake process: every outcome, retries, the circuit breaker, intake."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.process import IntakeRecord, ItemResult, WorkContext, WorkItemView
from robot.queue.store import WorkQueue
from tests.robot.fakes import Action, FakeProcess, record


def _state(queue: WorkQueue, reference: str) -> str:
    item = queue.get(reference)
    assert item is not None
    return item.state


def test_proposed_items_are_completed(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1"), record("ES-2")])
    summary = run_pass(process, queue, options)
    assert summary.counts["received"] == 2 and summary.counts["proposed"] == 2
    assert summary.stopped_reason is None and summary.stop_code is None
    item = queue.get("ES-1")
    assert item is not None and item.state == "proposed" and item.amount == 4321
    assert item.run_id == summary.run_id
    assert sorted(summary.items) == ["ES-1", "ES-2"]
    assert process.starts == 1 and process.stops == 1
    assert summary.ended_at >= summary.started_at and summary.duration_seconds >= 0
    [record_] = queue.passes()
    assert record_.run_id == summary.run_id and record_.counts["proposed"] == 2


def test_manual_result_is_stored_with_reasons(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], default="manual")
    summary = run_pass(process, queue, options)
    assert summary.counts["manual"] == 1
    item = queue.get("ES-1")
    assert item is not None and item.state == "manual" and item.reasons == ["Tillgångar uppgivna"]
    assert process.manual_notes == []  # record_manual is only for BusinessException


def test_business_exception_routes_to_manual_and_records_a_note(
    queue: WorkQueue, options: EngineOptions
) -> None:
    process = FakeProcess([record("ES-1")], default="business")
    summary = run_pass(process, queue, options)
    assert summary.counts["manual"] == 1
    item = queue.get("ES-1")
    assert item is not None and item.state == "manual"
    assert item.reasons == ["Inkomstuppgift saknas från CSN"]
    assert item.data == {"details": {"source": "CSN"}}
    assert process.manual_notes == [("ES-1", ["Inkomstuppgift saknas från CSN"])]
    assert process.handled == [("ES-1", 1)]  # a business exception is never retried


def test_failing_record_manual_is_an_application_error(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], script={"ES-1": ["business", "proposed"]})
    process.fail_record_manual = True
    summary = run_pass(process, queue, options)
    assert summary.counts["retried"] == 1
    process.fail_record_manual = False
    run_pass(process, queue, options)
    assert _state(queue, "ES-1") == "proposed"


def test_application_exception_is_retried_then_succeeds(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], script={"ES-1": ["app", "crash", "proposed"]})
    summary = run_pass(process, queue, options)
    assert summary.counts["retried"] == 2 and summary.counts["proposed"] == 1
    assert process.handled == [("ES-1", 1), ("ES-1", 2), ("ES-1", 3)]
    assert process.starts == 3 and process.stops == 3  # re-initialised after each error, stopped at the end
    item = queue.get("ES-1")
    assert item is not None and item.state == "proposed" and item.attempts == 3
    assert len(item.evidence) == 2 and item.last_error == "RuntimeError: unexpected None"


def test_fails_after_max_attempts_with_evidence(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], default="app")
    summary = run_pass(process, queue, options)
    assert summary.counts["retried"] == 2 and summary.counts["failed"] == 1
    item = queue.get("ES-1")
    assert item is not None and item.state == "failed" and item.attempts == 3
    assert item.last_error == "ApplicationException: case system returned HTTP 500"
    assert len(item.evidence) == 3
    for attempt, path in enumerate(item.evidence, start=1):
        assert Path(path).is_file()
        assert Path(path).parent.name == f"attempt-{attempt}"
        assert Path(path).stat().st_mode & 0o777 == 0o600


def test_retry_waits_for_back_off(queue: WorkQueue, options: EngineOptions) -> None:
    slow = dataclasses.replace(options, backoff_base_seconds=60, backoff_max_seconds=60)
    process = FakeProcess([record("ES-1")], default="app")
    summary = run_pass(process, queue, slow)
    assert summary.counts["retried"] == 1 and process.handled == [("ES-1", 1)]
    item = queue.get("ES-1")
    assert item is not None and item.state == "new" and item.not_before is not None


def test_circuit_breaker_stops_the_pass(queue: WorkQueue, options: EngineOptions) -> None:
    breaker = dataclasses.replace(
        options, circuit_breaker_threshold=3, backoff_base_seconds=60, backoff_max_seconds=60
    )
    process = FakeProcess([record(f"ES-{n}") for n in range(6)], default="app")
    summary = run_pass(process, queue, breaker)
    assert summary.stop_code == "circuit_breaker"
    assert summary.stopped_reason is not None
    assert summary.stopped_reason.startswith("Stopped the pass after 3 system failures in a row")
    assert len(process.handled) == 3
    assert queue.counts()["new"] == 6  # three waiting for retry, three never touched
    assert queue.passes()[0].stopped_reason == summary.stopped_reason


def test_success_resets_the_circuit_breaker(queue: WorkQueue, options: EngineOptions) -> None:
    breaker = dataclasses.replace(
        options, circuit_breaker_threshold=2, backoff_base_seconds=60, backoff_max_seconds=60
    )
    script: dict[str, list[Action]] = {
        "ES-0": ["app"],
        "ES-1": ["proposed"],
        "ES-2": ["app"],
        "ES-3": ["proposed"],
    }
    process = FakeProcess([record(f"ES-{n}") for n in range(4)], script=script)
    summary = run_pass(process, queue, breaker)
    assert summary.stop_code is None and len(process.handled) == 4


def test_intake_acknowledges_only_after_the_item_is_stored(
    queue: WorkQueue, options: EngineOptions, monkeypatch
) -> None:
    process = FakeProcess([record("ES-1"), record("ES-2")])
    real_add = queue.add
    acked_when_stored: list[list[str]] = []

    def add(rec: IntakeRecord, run_id: str | None = None):
        if rec.reference == "ES-1":
            raise RuntimeError("database is locked")
        acked_when_stored.append(list(process.acked))
        return real_add(rec, run_id=run_id)

    monkeypatch.setattr(queue, "add", add)
    summary = run_pass(process, queue, options)
    assert process.acked == ["ES-2"]  # ES-1 was not stored, so it is not acknowledged
    assert acked_when_stored == [[]]  # ES-2 was acknowledged after its add returned
    assert summary.counts["intake_errors"] == 1 and queue.get("ES-1") is None


def test_quarantined_and_duplicate_records_are_acknowledged(queue: WorkQueue, options: EngineOptions) -> None:
    records = [record("ES-1"), record("ES-2", errors=["Månad saknas."])]
    run_pass(FakeProcess(records), queue, options)
    again = FakeProcess(records)
    summary = run_pass(again, queue, options)
    assert again.acked == ["ES-1", "ES-2"]
    assert summary.counts["duplicates"] == 2 and summary.counts["received"] == 0
    assert _state(queue, "ES-2") == "quarantined" and again.handled == []
    assert len(queue.items()) == 2


def test_intake_failure_does_not_stop_the_pass(queue: WorkQueue, options: EngineOptions) -> None:
    queue.add(record("ES-old"))

    class BrokenIntake(FakeProcess):
        def fetch_new(self):
            yield record("ES-1")
            raise ConnectionError("e-service unreachable")

    process = BrokenIntake()
    summary = run_pass(process, queue, options)
    assert summary.counts["intake_errors"] == 1
    assert summary.counts["proposed"] == 2 and process.acked == ["ES-1"]


def test_init_is_retried_then_succeeds(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], start_failures=2)
    summary = run_pass(process, queue, options)
    assert summary.counts["proposed"] == 1 and process.starts == 3


def test_init_failure_stops_the_pass_and_leaves_items(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], start_failures=10)
    summary = run_pass(process, queue, options)
    assert summary.stop_code == "init_failed" and "Could not start the process after 3 attempts" in (
        summary.stopped_reason or ""
    )
    assert process.handled == [] and _state(queue, "ES-1") == "new"
    assert process.acked == ["ES-1"]  # intake still happened


def test_reinit_failure_after_an_error_stops_the_pass(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1"), record("ES-2")], script={"ES-1": ["app", "proposed"]})
    original_start = process.start

    def start() -> None:
        if process.handled:
            process.start_failures = 99
        original_start()

    process.start = start  # type: ignore[method-assign]
    summary = run_pass(process, queue, options)
    assert summary.stop_code == "init_failed" and process.handled == [("ES-1", 1)]
    assert queue.counts()["new"] == 2


def test_stop_request_ends_the_pass_after_the_current_item(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record(f"ES-{n}") for n in range(5)])
    summary = run_pass(process, queue, options, stop_requested=lambda: len(process.handled) >= 2)
    assert summary.stop_code == "stop_requested" and len(process.handled) == 2
    assert queue.counts()["proposed"] == 2
    assert queue.counts()["new"] == 3 and process.stops == 1


def test_max_items_per_pass(queue: WorkQueue, options: EngineOptions) -> None:
    limited = dataclasses.replace(options, max_items_per_pass=2)
    summary = run_pass(FakeProcess([record(f"ES-{n}") for n in range(5)]), queue, limited)
    assert summary.counts["proposed"] == 2 and summary.stop_code == "max_items"
    assert queue.counts()["new"] == 3


def test_invalid_result_is_an_application_error(queue: WorkQueue, options: EngineOptions) -> None:
    def wrong(item: WorkItemView, ctx: WorkContext) -> ItemResult:
        return ItemResult(state="new")  # type: ignore[arg-type]

    process = FakeProcess([record("ES-1")], script={"ES-1": [wrong, "proposed"]})
    summary = run_pass(process, queue, options)
    assert summary.counts["retried"] == 1 and _state(queue, "ES-1") == "proposed"


def test_evidence_folder_of_a_successful_attempt_is_removed(queue: WorkQueue, options: EngineOptions) -> None:
    run_pass(FakeProcess([record("ES-1")]), queue, options)
    assert not any(options.evidence_root.rglob("*"))


def test_heartbeat_thread_keeps_a_slow_item_leased(queue: WorkQueue, options: EngineOptions) -> None:
    # Generous margins: the heartbeat renews every 0.1 s a lease of 1.5 s, so only a stall of more than
    # a second on a loaded machine could let the thief in; the item runs 3 s, twice past the lease.
    short = dataclasses.replace(options, lease_seconds=1.5, heartbeat_seconds=0.1)
    stolen: list[object] = []

    def slow(item: WorkItemView, ctx: WorkContext) -> ItemResult:
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            stolen.append(queue.claim("thief", 30))
            time.sleep(0.1)
        return ItemResult(state="proposed", amount=1)

    summary = run_pass(FakeProcess([record("ES-1")], script={"ES-1": [slow]}), queue, short)
    assert summary.counts["proposed"] == 1
    assert all(claim is None for claim in stolen)


def test_lost_lease_discards_the_result(queue: WorkQueue, options: EngineOptions) -> None:
    short = dataclasses.replace(options, lease_seconds=0.05, heartbeat_seconds=60)

    def overtaken(item: WorkItemView, ctx: WorkContext) -> ItemResult:
        time.sleep(0.1)
        taken = queue.claim("other-worker", 30)
        assert taken is not None
        with pytest.raises(Exception, match="lease"):
            ctx.heartbeat()
        return ItemResult(state="proposed", amount=99)

    process = FakeProcess([record("ES-1")], script={"ES-1": [overtaken]})
    summary = run_pass(process, queue, short)
    assert summary.counts["lease_lost"] == 1 and summary.counts["proposed"] == 0
    item = queue.get("ES-1")
    assert item is not None and item.state == "in_progress" and item.worker_id == "other-worker"
    assert item.amount is None


def test_item_whose_lease_expired_too_often_is_failed(queue: WorkQueue, options: EngineOptions) -> None:
    queue.add(record("ES-1"))
    for _ in range(options.max_attempts):
        assert queue.claim("crashed-worker", 0.001) is not None
        time.sleep(0.01)
    process = FakeProcess()
    summary = run_pass(process, queue, options)
    assert summary.counts["failed"] == 1 and process.handled == []
    item = queue.get("ES-1")
    assert item is not None and item.state == "failed" and "lease expired" in (item.last_error or "")


def test_only_system_failures_open_the_circuit_breaker(queue: WorkQueue, options: EngineOptions) -> None:
    """A bug hitting items, or business outcomes, never stop the pass; the items behind them get handled."""
    breaker = dataclasses.replace(
        options, circuit_breaker_threshold=2, backoff_base_seconds=60, backoff_max_seconds=60
    )
    script: dict[str, list[Action]] = {
        "ES-0": ["crash"],
        "ES-1": ["business"],
        "ES-2": ["crash"],
        "ES-3": ["crash"],
    }
    process = FakeProcess([record(f"ES-{n}") for n in range(6)], script=script)
    summary = run_pass(process, queue, breaker)
    assert summary.stop_code is None
    assert (
        summary.counts["proposed"] == 2 and summary.counts["manual"] == 1 and summary.counts["retried"] == 3
    )


def test_an_item_written_after_all_is_reconciled_instead_of_failed(
    queue: WorkQueue, options: EngineOptions
) -> None:
    """The save succeeded, a later page failed: the target system holds the proposal, so the item is proposed."""
    process = FakeProcess([record("ES-1")], default="app")
    process.reconciled["ES-1"] = ItemResult(state="proposed", amount=1234, reasons=["Avstämt"])
    summary = run_pass(process, queue, dataclasses.replace(options, max_attempts=1))
    item = queue.get("ES-1")
    assert item is not None and item.state == "proposed" and item.amount == 1234
    assert item.data["reconciled"] is True and "HTTP 500" in item.data["last_error"]
    assert (
        summary.counts["proposed"] == 1
        and summary.counts["reconciled"] == 1
        and summary.counts["failed"] == 0
    )


def test_an_item_not_found_in_the_target_system_is_failed(queue: WorkQueue, options: EngineOptions) -> None:
    process = FakeProcess([record("ES-1")], default="app")
    run_pass(process, queue, dataclasses.replace(options, max_attempts=1))
    assert _state(queue, "ES-1") == "failed"
    assert process.reconcile_calls == ["ES-1"]


def test_an_oversized_submission_is_quarantined_with_its_size_and_hash(
    queue: WorkQueue, options: EngineOptions
) -> None:
    big = record("ES-BIG", change_description="x" * 5000)
    process = FakeProcess([big, record("ES-OK")])
    summary = run_pass(process, queue, dataclasses.replace(options, max_submission_bytes=2048))
    item = queue.get("ES-BIG")
    assert item is not None and item.state == "quarantined"
    assert item.payload["oversized"] is True and item.payload["bytes"] > 5000
    assert len(item.payload["sha256"]) == 64 and len(item.payload["start"]) <= 2048
    assert "för stor" in item.errors[0] and item.payload["sha256"] in item.errors[0]
    assert "ES-BIG" in process.acked and summary.counts["proposed"] == 1


def test_the_process_sees_the_other_applications_for_the_same_person_and_month(
    queue: WorkQueue, options: EngineOptions
) -> None:
    seen: dict[str, list[str]] = {}
    person = "19850312-2398"
    process = FakeProcess([record("ES-1", subject=person), record("ES-2", subject=person)])

    def remember(item: WorkItemView) -> None:
        seen[item.reference] = [related.reference for related in item.related]

    process.on_handle = remember
    run_pass(process, queue, options)
    assert seen == {"ES-1": [], "ES-2": ["ES-1"]}


def test_several_sessions_share_the_queue_and_handle_each_item_once(
    queue: WorkQueue, options: EngineOptions
) -> None:
    first = FakeProcess([record(f"ES-{n}") for n in range(12)], handle_delay=0.01)
    others = [FakeProcess(handle_delay=0.01) for _ in range(2)]
    summary = run_pass([first, *others], queue, options)
    handled = [reference for process in (first, *others) for reference, _ in process.handled]
    assert sorted(handled) == sorted(f"ES-{n}" for n in range(12))
    assert summary.counts["proposed"] == 12 and summary.counts["received"] == 12
    assert sum(1 for process in (first, *others) if process.handled) >= 2, "the work was shared"
    assert {item.worker_id for item in queue.items()} <= {f"{options.worker_id}/s{n}" for n in (1, 2, 3)}
    assert all(process.starts == 1 and process.stops >= 1 for process in (first, *others))


def test_the_circuit_breaker_counts_failures_of_every_session(
    queue: WorkQueue, options: EngineOptions
) -> None:
    breaker = dataclasses.replace(
        options, circuit_breaker_threshold=3, backoff_base_seconds=60, backoff_max_seconds=60
    )
    sessions = [FakeProcess([record(f"ES-{n}") for n in range(9)], default="app"), FakeProcess(default="app")]
    summary = run_pass(sessions, queue, breaker)
    assert summary.stop_code == "circuit_breaker"
    assert 3 <= summary.counts["retried"] <= 4  # the other session may finish the item it holds


def test_a_session_that_cannot_start_leaves_the_work_to_the_others(
    queue: WorkQueue, options: EngineOptions
) -> None:
    working = FakeProcess([record(f"ES-{n}") for n in range(4)])
    broken = FakeProcess(start_failures=99)
    summary = run_pass([working, broken], queue, options)
    assert summary.counts["proposed"] == 4 and summary.stop_code is None


def test_an_item_whose_attempt_cannot_begin_goes_back_to_the_queue_and_the_pass_goes_on(
    queue: WorkQueue, options: EngineOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database fails while an item is being prepared: the item is not left claimed until its lease
    expires; it returns to the queue with the error and is handled on its next claim."""
    from sqlalchemy.exc import OperationalError

    real_related = WorkQueue.related
    failures = {"ES-1": 1}

    def flaky_related(self: WorkQueue, item: Any) -> Any:
        if failures.get(item.reference):
            failures[item.reference] -= 1
            raise OperationalError("SELECT ...", {}, Exception("the server closed the connection"))
        return real_related(self, item)

    monkeypatch.setattr(WorkQueue, "related", flaky_related)
    process = FakeProcess([record("ES-1"), record("ES-2")])
    summary = run_pass(process, queue, options)
    assert summary.counts["retried"] == 1 and summary.counts["proposed"] == 2
    assert sorted(reference for reference, _ in process.handled) == ["ES-1", "ES-2"]
    item = queue.get("ES-1")
    assert item is not None and item.state == "proposed" and "OperationalError" in (item.last_error or "")


def test_an_item_is_given_back_when_recording_its_error_fails_too(
    queue: WorkQueue, options: EngineOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process fails, and storing that failure fails as well: the item still returns to the queue."""
    from sqlalchemy.exc import OperationalError

    real_retry = WorkQueue.retry_later
    calls = {"n": 0}

    def retry_fails_once(self: WorkQueue, *args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("UPDATE ...", {}, Exception("the server closed the connection"))
        return real_retry(self, *args, **kwargs)

    monkeypatch.setattr(WorkQueue, "retry_later", retry_fails_once)
    process = FakeProcess([record("ES-1"), record("ES-2")], script={"ES-1": ["app", "proposed"]})
    summary = run_pass(process, queue, options)
    assert _state(queue, "ES-1") == "proposed" and _state(queue, "ES-2") == "proposed"
    assert summary.counts["proposed"] == 2


def test_an_attempt_leaves_the_passes_evidence_folder_to_the_other_sessions(
    queue: WorkQueue, options: EngineOptions
) -> None:
    """Sessions share the pass's evidence folder: an attempt with nothing to keep removes its own
    folders but never the pass's, which another session may be creating a folder in at that moment
    (that race ended a session with its item claimed). The pass removes its folder at the end."""
    import structlog

    from robot.engine.evidence import evidence_dir
    from robot.engine.transaction import Transaction

    transaction = Transaction(
        FakeProcess(), queue, options, "run1", structlog.get_logger("test"), lambda: True
    )
    attempt = evidence_dir(options.evidence_root, "run1", 1, 1)
    transaction._close_evidence(attempt, structlog.get_logger("test"))
    assert not attempt.parent.exists() and (options.evidence_root / "run1").is_dir()

    summary = run_pass(FakeProcess([record("ES-1"), record("ES-2")]), queue, options)
    assert summary.counts["proposed"] == 2
    assert not (options.evidence_root / summary.run_id).exists(), "an empty pass folder is removed at the end"
