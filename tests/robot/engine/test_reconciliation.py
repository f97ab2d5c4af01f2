"""retry-failed: failed items already written in the target system are completed; the rest are queued again."""

from __future__ import annotations

import dataclasses

from sqlalchemy.engine import Engine

from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.engine.reconciliation import retry_failed
from robot.process import ItemResult
from robot.queue.store import WorkQueue
from tests.robot.fakes import FakeProcess, record


def failed_items(queue: WorkQueue, options: EngineOptions, *references: str) -> None:
    process = FakeProcess([record(reference) for reference in references], default="app")
    run_pass(process, queue, dataclasses.replace(options, max_attempts=1))
    assert queue.counts()["failed"] == len(references)


def test_written_items_are_completed_and_the_rest_requeued(
    engine: Engine, queue: WorkQueue, options: EngineOptions
) -> None:
    failed_items(queue, options, "ES-1", "ES-2")
    system = FakeProcess()
    system.reconciled["ES-1"] = ItemResult(state="proposed", amount=500)
    outcome = retry_failed(system, engine, "fake", options, None)
    assert outcome.completed == {"ES-1": "proposed"} and outcome.requeued == ["ES-2"]
    written, waiting = queue.get("ES-1"), queue.get("ES-2")
    assert written is not None and written.state == "proposed" and written.data["reconciled"] is True
    assert waiting is not None and waiting.state == "new" and waiting.attempts == 0
    assert waiting.last_error and waiting.evidence, "the error and evidence are kept for IT staff"
    assert system.stops == 1


def test_only_the_named_items_are_touched(engine: Engine, queue: WorkQueue, options: EngineOptions) -> None:
    failed_items(queue, options, "ES-1", "ES-2")
    outcome = retry_failed(FakeProcess(), engine, "fake", options, ["ES-2"])
    assert outcome.requeued == ["ES-2"] and queue.counts()["failed"] == 1


def test_an_unreachable_system_queues_every_item(
    engine: Engine, queue: WorkQueue, options: EngineOptions
) -> None:
    failed_items(queue, options, "ES-1")
    system = FakeProcess(start_failures=1)
    system.reconciled["ES-1"] = ItemResult(state="proposed", amount=500)
    outcome = retry_failed(system, engine, "fake", options, None)
    assert outcome.system_reached is False and outcome.requeued == ["ES-1"] and system.reconcile_calls == []
