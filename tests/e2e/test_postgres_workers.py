"""Scale-out: two worker processes sharing one PostgreSQL database handle one sandbox at the same time.

Both run ``python run_robot.py once`` concurrently (intake included, against the same e-service).
Afterwards the queue must hold each application exactly once, in the state the scenario oracle
expects; the case system must hold one proposal per proposed reference and at most one note per
reference; both workers must have finished some items; and two passes must be recorded.
Needs the PostgreSQL server at 127.0.0.1:5432 (user postgres, trust auth); skipped when unreachable.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, start_worker, worker_environment

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.postgres, pytest.mark.timeout(900)]

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
SEED, COUNT, MONTH = 11, 30, "2021-12"
WORKERS = ("w1", "w2")
PROCESS = "forsorjningsstod"
START_COMMAND = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh, uniquely named database, dropped (connections and all) afterwards."""
    admin = make_engine(f"{SERVER}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        admin.dispose()
        pytest.skip(
            f"PostgreSQL is not reachable at 127.0.0.1:5432 ({type(error).__name__}); "
            f"start it with `{START_COMMAND}`."
        )
    name = f"robot_e2e_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_two_workers_share_postgres_each_application_once(tmp_path: Path, database_url: str) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    expected = {a.payload["reference"]: a.expected for a in scenario.applications}
    started = time.monotonic()
    with Sandbox(tmp_path / "sandbox", robot_password=PASSWORD) as sandbox:
        sandbox.seed_synthetic(SEED, COUNT, MONTH)
        outputs = {worker: tmp_path / f"{worker}-output.txt" for worker in WORKERS}
        workers = {
            worker: start_worker(
                worker_environment(
                    tmp_path / worker,
                    sandbox,
                    database_url,
                    worker_id=worker,
                    backoff_base_seconds="0.5",
                    backoff_max_seconds="2",
                    sessions="2",
                ),
                outputs[worker],
            )
            for worker in WORKERS
        }
        try:
            codes = {worker: process.wait(timeout=600) for worker, process in workers.items()}
        finally:
            for process in workers.values():
                if process.poll() is None:
                    os.killpg(process.pid, 9)
                    process.wait()
        proposals = sandbox.case_database().proposals()
        notes = sandbox.case_database().journal_notes()

    engine = make_engine(database_url)
    try:
        queue = WorkQueue(engine, PROCESS)
        items = queue.items()
        passes = queue.passes()
    finally:
        engine.dispose()
    by_reference = {item.reference: item for item in items}
    finished_by = Counter(
        (item.worker_id or "").split("/")[0] for item in items if item.finished_at is not None
    )
    finished_by_session = Counter(item.worker_id for item in items if item.finished_at is not None)
    figures = {
        "seconds": round(time.monotonic() - started),
        "exit_codes": codes,
        "states": dict(Counter(item.state for item in items)),
        "finished_by": dict(finished_by_session),
        "passes": [(p.worker_id, p.counts) for p in passes],
    }
    print("\nPOSTGRES WORKERS " + json.dumps(figures, ensure_ascii=False, default=str))

    for worker, code in codes.items():
        assert code == 0, f"{worker} exited {code}:\n" + outputs[worker].read_text(errors="replace")[-4000:]
    assert len(items) == COUNT
    assert set(by_reference) == set(expected)
    wrong = {
        ref: (by_reference[ref].state, exp.outcome)
        for ref, exp in expected.items()
        if by_reference[ref].state != exp.outcome
    }
    assert wrong == {}
    proposed = {ref for ref, item in by_reference.items() if item.state == "proposed"}
    proposal_counts = Counter(p["reference"] for p in proposals)
    assert set(proposal_counts) == proposed
    assert all(count == 1 for count in proposal_counts.values()), proposal_counts
    note_counts = Counter(n["reference"] for n in notes)
    assert all(count == 1 for count in note_counts.values()), note_counts
    assert set(finished_by) >= set(WORKERS), f"the work did not split between the workers: {finished_by}"
    assert sorted(p.worker_id for p in passes) == sorted(WORKERS)
    sessions_used = {worker_session for worker_session in finished_by_session if worker_session}
    assert len(sessions_used) > len(WORKERS), f"each worker should run two sessions: {finished_by_session}"
