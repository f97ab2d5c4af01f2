"""Several workers claiming from one SQLite queue never get the same item."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from robot.queue.db import make_engine
from robot.queue.schema import migrate
from robot.queue.store import WorkQueue
from tests.robot.claim_workers import drain, drain_in_process
from tests.robot.fakes import record

ITEMS = 60


def _assert_each_claimed_once(results: list[list[int]], queue: WorkQueue) -> None:
    claimed = [item_id for result in results for item_id in result]
    assert len(claimed) == ITEMS, "every item claimed"
    assert len(set(claimed)) == ITEMS, "no item claimed twice"
    assert queue.counts()["proposed"] == ITEMS
    assert all(item.attempts == 1 for item in queue.items())


def test_four_threads_never_double_claim(queue: WorkQueue) -> None:
    for number in range(ITEMS):
        queue.add(record(f"ES-{number}"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: drain(queue, f"thread-{n}"), range(4)))
    _assert_each_claimed_once(results, queue)
    assert sum(1 for result in results if result) >= 2, "the work was actually shared"


@pytest.mark.slow
def test_three_processes_never_double_claim(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(url)
    migrate(engine)
    queue = WorkQueue(engine, "fake")
    for number in range(ITEMS):
        queue.add(record(f"ES-{number}"))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=context) as pool:
        futures = [pool.submit(drain_in_process, url, "fake", f"proc-{n}") for n in range(3)]
        results = [future.result(timeout=120) for future in futures]
    _assert_each_claimed_once(results, queue)
    engine.dispose()
