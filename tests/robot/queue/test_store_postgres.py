"""The queue on PostgreSQL: concurrent claims with FOR UPDATE SKIP LOCKED never double-claim.

Needs the server at 127.0.0.1:5432 (database ``test``); each test uses its own schema, dropped after.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from robot.process import ItemResult
from robot.queue.db import make_engine
from robot.queue.schema import migrate
from robot.queue.store import WorkQueue
from tests.robot.claim_workers import drain, drain_in_process
from tests.robot.fakes import identity_for, record

pytestmark = pytest.mark.postgres

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ITEMS = 60


@pytest.fixture
def pg(pg_schema: tuple[Engine, str]) -> tuple[Engine, str]:
    migrate(pg_schema[0])
    return pg_schema


def _fill(queue: WorkQueue) -> None:
    for number in range(ITEMS):
        queue.add(record(f"ES-{number}"))


def _check(results: list[list[int]], queue: WorkQueue) -> None:
    claimed = [item_id for result in results for item_id in result]
    assert len(claimed) == ITEMS and len(set(claimed)) == ITEMS
    assert queue.counts()["proposed"] == ITEMS


def test_postgres_basic_lifecycle(pg: tuple[Engine, str]) -> None:
    engine, _schema = pg
    queue = WorkQueue(engine, "fake")
    _, created = queue.add(record("ES-1"))
    _, again = queue.add(record("ES-1"))
    assert (created, again) == (True, False)
    item = queue.claim("w1", 30)
    assert item is not None and item.id is not None and item.attempts == 1
    assert queue.complete(item.id, "w2", ItemResult(state="proposed")) is False
    assert queue.complete(
        item.id, "w1", ItemResult(state="proposed", amount=9, decision={"decision": "avsla"})
    )
    stored = queue.get("ES-1")
    assert stored is not None and stored.decision == {"decision": "avsla"} and stored.amount == 9


def test_postgres_threads_never_double_claim(pg: tuple[Engine, str]) -> None:
    engine, _schema = pg
    queue = WorkQueue(engine, "fake")
    _fill(queue)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: drain(queue, f"thread-{n}"), range(4)))
    _check(results, queue)


@pytest.mark.slow
def test_postgres_processes_never_double_claim(pg: tuple[Engine, str]) -> None:
    engine, schema = pg
    queue = WorkQueue(engine, "fake")
    _fill(queue)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=context) as pool:
        futures = [pool.submit(drain_in_process, URL, "fake", f"proc-{n}", schema) for n in range(3)]
        results = [future.result(timeout=120) for future in futures]
    _check(results, queue)


@pytest.mark.slow
def test_postgres_workers_starting_together_create_the_tables_once(pg: tuple[Engine, str]) -> None:
    """Regression: "check, then create" raced between workers starting on a fresh database."""
    from tests.robot.claim_workers import migrate_in_process

    del pg  # only for its skip when PostgreSQL is down
    base = make_engine(URL)
    context = multiprocessing.get_context("spawn")
    try:
        for _ in range(4):
            schema = f"robot_race_{uuid.uuid4().hex[:10]}"
            with base.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                with ProcessPoolExecutor(max_workers=4, mp_context=context) as pool:
                    results = list(pool.map(migrate_in_process, [URL] * 4, [schema] * 4))
                assert results == [True] * 4
            finally:
                with base.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        base.dispose()


def test_postgres_workers_never_handle_two_items_of_one_person_and_month_at_once(
    pg: tuple[Engine, str],
) -> None:
    """Duplicate applications (same person and month) claimed by four workers at the same time: each
    business key is in progress at most once, and every item is still handled."""
    engine, schema = pg
    queue = WorkQueue(engine, "fake")
    for pair in range(15):
        person = identity_for(f"person-{pair}")
        queue.add(record(f"ES-{pair}-A", subject=person))
        queue.add(record(f"ES-{pair}-B", subject=person))
    overlaps: list[str] = []

    def work(worker: str) -> int:
        handled = 0
        while (item := queue.claim(worker, lease_seconds=60)) is not None:
            assert item.id is not None
            with engine.connect() as connection:
                together = connection.execute(
                    text(
                        f'SELECT count(*) FROM "{schema}".work_item '
                        "WHERE business_key = :key AND state = 'in_progress'"
                    ),
                    {"key": item.business_key},
                ).scalar_one()
            if together != 1:
                overlaps.append(item.reference)
            time.sleep(0.01)  # hold the item, as handling would, so the other workers try its twin
            assert queue.complete(item.id, worker, ItemResult(state="proposed", amount=1))
            handled += 1
        return handled

    with ThreadPoolExecutor(max_workers=4) as pool:
        handled = list(pool.map(work, [f"worker-{n}" for n in range(4)]))
    assert overlaps == []
    assert sum(handled) == 30 and queue.counts()["proposed"] == 30


def test_postgres_one_intake_at_a_time(pg: tuple[Engine, str]) -> None:
    """While one worker reads the source, another skips intake (and just works the queue)."""
    engine, _schema = pg
    reading, other = WorkQueue(engine, "fake"), WorkQueue(engine, "fake")
    with reading.intake_lock() as mine:
        assert mine
        with other.intake_lock() as also:
            assert not also
        with WorkQueue(engine, "another-process").intake_lock() as independent:
            assert independent, "each process has its own intake lock"
    with other.intake_lock() as now:
        assert now, "released after the first intake"


def test_postgres_two_workers_deliver_each_notification_once_and_never_call_one_uncertain(
    pg: tuple[Engine, str],
) -> None:
    """While one worker sends the outbox, another skips delivery: nothing twice, nothing 'uncertain'."""
    import threading

    from sqlmodel import Session, select

    from robot.engine.notifier import Notifier
    from robot.process import Channel, Notice
    from robot.queue.models import Notification
    from tests.robot.fakes import FakeProcess, record

    engine, _schema = pg
    channels = (Channel("status"), Channel("mail", resend_after_crash=False))
    entered, release = threading.Event(), threading.Event()

    class Blocking(FakeProcess):
        def notify(self, notice: Notice) -> None:
            entered.set()
            assert release.wait(30), "the test never released the first deliverer"
            super().notify(notice)

    first_queue, second_queue = WorkQueue(engine, "fake", channels), WorkQueue(engine, "fake", channels)
    for number in range(3):
        first_queue.add(record(f"ES-{number}"))
    first, second = Blocking(), FakeProcess()
    sending = threading.Thread(target=Notifier(first, first_queue, None).deliver)
    sending.start()
    assert entered.wait(30), "the first deliverer never began"
    Notifier(second, second_queue, None).deliver()  # the other worker's round, meanwhile
    with Session(engine) as session:
        states = [n.state for n in session.exec(select(Notification)).all()]
    release.set()
    sending.join(30)
    assert second.notices == [] and "uncertain" not in states, states
    with Session(engine) as session:
        final = session.exec(select(Notification)).all()
    assert len(first.notices) == len(final) == 6 and {n.state for n in final} == {"sent"}
