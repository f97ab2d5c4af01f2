"""Helpers for concurrency tests: workers that claim and complete items until the queue is empty."""

from __future__ import annotations

from robot.process import ItemResult
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue


def drain(queue: WorkQueue, worker_id: str) -> list[int]:
    """Claim and complete items until none is left; return the ids this worker claimed."""
    claimed: list[int] = []
    while True:
        item = queue.claim(worker_id, lease_seconds=60)
        if item is None:
            return claimed
        assert item.id is not None
        claimed.append(item.id)
        assert queue.complete(item.id, worker_id, ItemResult(state="proposed", amount=1))


def drain_in_process(url: str, process: str, worker_id: str, schema: str | None = None) -> list[int]:
    """``drain`` with its own engine, for use in a separate OS process."""
    engine = make_engine(url)
    if schema:
        engine = engine.execution_options(schema_translate_map={None: schema})
    try:
        return drain(WorkQueue(engine, process), worker_id)
    finally:
        engine.dispose()


def migrate_in_process(url: str, schema: str) -> bool:
    """``migrate`` with its own engine, for races between separate OS processes."""
    from robot.queue.schema import migrate

    engine = make_engine(url).execution_options(schema_translate_map={None: schema})
    try:
        migrate(engine)
        return True
    finally:
        engine.dispose()
