"""Requeueing failed items: only failed ones, all or by reference, evidence kept."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from robot.process import IntakeRecord, ItemResult
from robot.queue.admin import requeue_failed
from robot.queue.store import WorkQueue


def fail_one(queue: WorkQueue, reference: str) -> None:
    queue.add(IntakeRecord(reference=reference, payload={"n": reference}))
    item = queue.claim("w", 30)
    assert item is not None and item.id is not None
    assert queue.fail(item.id, "w", "boom", ["/evidence/x.png"])


def test_only_failed_items_are_requeued_and_keep_their_evidence(engine: Engine, queue: WorkQueue) -> None:
    fail_one(queue, "A")
    fail_one(queue, "B")
    queue.add(IntakeRecord(reference="C", payload={}))
    item = queue.claim("w", 30)
    assert item is not None and item.id is not None
    queue.complete(item.id, "w", ItemResult(state="proposed", amount=100))

    assert requeue_failed(engine, "fake", ["A"]) == 1
    assert queue.get("A").state == "new"  # type: ignore[union-attr]
    assert queue.get("A").attempts == 0  # type: ignore[union-attr]
    assert queue.get("A").evidence == ["/evidence/x.png"]  # type: ignore[union-attr]
    assert queue.get("B").state == "failed"  # type: ignore[union-attr]
    assert requeue_failed(engine, "fake") == 1
    assert queue.get("C").state == "proposed"  # type: ignore[union-attr]
    assert requeue_failed(engine, "other-process") == 0
