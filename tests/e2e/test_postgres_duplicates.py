"""Two workers on one PostgreSQL database and duplicate submissions: one proposal per person and month.

Every application is submitted twice under two references, the twins next to each other in the
e-service, so the two workers ask for both at the same moment. The engine never lets both twins be
in progress at once, and the second to be handled finds the first (in the case system or among the
related items) and goes to a caseworker. Afterwards the case system holds exactly one proposal per
person and month, and every twin of a proposed application is manual with a reason naming it.
Needs the PostgreSQL server at 127.0.0.1:5432 (user postgres, trust auth); skipped when unreachable.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox import case_system, eservice, income_register
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, resubmitted, start_worker, worker_environment
from tests.e2e.test_postgres_workers import database_url  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.postgres, pytest.mark.timeout(900)]

SEED, COUNT, MONTH = 23, 10, "2021-12"
WORKERS = ("w1", "w2")


def twin_reference(reference: str) -> str:
    return reference.replace("ES-", "ES-D", 1)


def test_two_workers_and_duplicate_submissions_one_proposal_per_person_and_month(
    tmp_path: Path,
    database_url: str,  # noqa: F811
) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    valid = [a for a in scenario.applications if a.expected.outcome != "quarantined"]
    payloads = []
    for application in valid:
        payloads += [
            application.payload,
            resubmitted(application.payload, twin_reference(application.payload["reference"])),
        ]
    with Sandbox(tmp_path / "sandbox", robot_password=PASSWORD) as sandbox:
        eservice.seed(sandbox.eservice_db, payloads)
        income_register.seed(sandbox.register_db, scenario.payments, scenario.gaps)
        case_system.seed(sandbox.case_system_db, scenario.cases)
        outputs = {worker: tmp_path / f"{worker}-output.txt" for worker in WORKERS}
        workers = {
            worker: start_worker(
                worker_environment(tmp_path / worker, sandbox, database_url, worker_id=worker, sessions="2"),
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
        tasks = sandbox.case_database().tasks()

    engine = make_engine(database_url)
    try:
        items = {item.reference: item for item in WorkQueue(engine, "forsorjningsstod").items()}
    finally:
        engine.dispose()
    print(
        "\nPOSTGRES DUPLICATES "
        + json.dumps(
            {
                "codes": codes,
                "states": dict(Counter(item.state for item in items.values())),
                "finished_by": dict(Counter(item.worker_id for item in items.values())),
            }
        )
    )
    for worker, code in codes.items():
        assert code == 0, f"{worker} exited {code}:\n" + outputs[worker].read_text(errors="replace")[-4000:]
    assert len(items) == 2 * len(valid)
    per_person_and_month = Counter((p["identity_number"], p["month"]) for p in proposals)
    assert per_person_and_month and max(per_person_and_month.values()) == 1, per_person_and_month
    for application in valid:
        pair = [
            items[application.payload["reference"]],
            items[twin_reference(application.payload["reference"])],
        ]
        states = sorted(item.state for item in pair)
        shown = (
            [
                (i.id, i.reference, i.state, i.worker_id, i.attempts, str(i.finished_at), str(i.updated_at))
                for i in pair
            ]
            + [  # what the workers said went wrong, if anything
                line
                for output in outputs.values()
                for line in output.read_text(errors="replace").splitlines()
                if "error" in line.lower() or "Traceback" in line or "lease" in line
            ][-40:]
        )
        if application.expected.outcome == "proposed":
            assert states == ["manual", "proposed"], shown
            proposed, twin = sorted(pair, key=lambda item: item.state != "proposed")
            assert any(proposed.reference in reason for reason in twin.reasons), twin.reasons
        else:
            assert states == ["manual", "manual"], shown
    assert all(count == 1 for count in Counter(n["reference"] for n in notes).values())
    manual = {ref for ref, item in items.items() if item.state == "manual"}
    assert Counter(t["reference"] for t in tasks) == Counter(manual), "each manual item gets exactly one task"
