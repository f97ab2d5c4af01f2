"""Chaos: 100 applications, faults on, the worker SIGKILLed at random moments 5 times and restarted.

Afterwards every application must be proposed, manual or quarantined exactly once, as the oracle
expects; the case system's own database must hold zero duplicate proposals and notes; nothing lost.
The figures are printed (run with -s) and quoted in the README.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox.faults import FaultSettings
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, identity_numbers, start_worker, unmasked_in, worker_environment

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(1800)]

SEED, COUNT, MONTH, KILLS = 7, 100, "2021-12", 5
FAULTS = FaultSettings(
    latency_ms=10,
    error_rate=0.02,
    post_error_rate=0.03,
    slow_every=25,
    slow_ms=600,
    session_expiry_seconds=20,
    dialog_rate=0.05,
    maintenance_rate=0.01,
    seed=SEED,
)
FINAL = {"proposed", "manual", "quarantined"}


def test_killed_five_times_nothing_lost_nothing_duplicated(tmp_path: Path) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    rng = random.Random(SEED)
    output = tmp_path / "worker-output.txt"
    started = time.monotonic()
    kills = 0
    with Sandbox(tmp_path / "sandbox", robot_password=PASSWORD, faults=FAULTS) as sandbox:
        sandbox.seed_synthetic(SEED, COUNT, MONTH)
        env = worker_environment(
            tmp_path,
            sandbox,
            f"sqlite:///{tmp_path / 'robot.db'}",
            lease_seconds="8",
            max_attempts="8",
            backoff_base_seconds="0.5",
            backoff_max_seconds="2",
            circuit_breaker_threshold="10",
            sessions="2",  # each worker handles two items at once, each in its own browser session
        )
        while kills < KILLS:
            worker = start_worker(env, output)
            time.sleep(rng.uniform(3.0, 20.0))
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
                kills += 1
        restarts = 0
        queue = WorkQueue(make_engine(f"sqlite:///{tmp_path / 'robot.db'}"), "forsorjningsstod")
        while restarts < 12:
            counts = queue.counts()
            if sum(counts.values()) == COUNT and all(counts[s] == 0 for s in ("new", "in_progress")):
                break
            worker = start_worker(env, output)
            assert worker.wait(timeout=900) in (0, 1)
            restarts += 1
            time.sleep(2)  # let the leases of killed workers expire
        proposals = sandbox.case_database().proposals()
        notes = sandbox.case_database().journal_notes()
        faults_seen = getattr(sandbox.case_system_app.state, "fault_counts", None)

    items = {item.reference: item for item in queue.items()}
    expected = {a.payload["reference"]: a.expected for a in scenario.applications}
    lost = sorted(set(expected) - set(items))
    not_final = {ref: item.state for ref, item in items.items() if item.state not in FINAL}
    wrong = {
        ref: (items[ref].state, exp.outcome)
        for ref, exp in expected.items()
        if ref in items and items[ref].state != exp.outcome
    }
    duplicate_proposals = {ref: n for ref, n in Counter(p["reference"] for p in proposals).items() if n > 1}
    duplicate_notes = {ref: n for ref, n in Counter(n["reference"] for n in notes).items() if n > 1}
    amounts_wrong = [
        p["reference"]
        for p in proposals
        if expected[p["reference"]].decision == "bevilja" and p["amount"] != expected[p["reference"]].amount
    ]
    retries = sum(max(item.attempts - 1, 0) for item in items.values())
    figures = {
        "applications": COUNT,
        "kills": kills,
        "restarts_after_kills": restarts,
        "faults": FAULTS.model_dump(),
        "states": dict(Counter(item.state for item in items.values())),
        "extra_attempts": retries,
        "lost": len(lost),
        "duplicate_proposals": len(duplicate_proposals),
        "duplicate_notes": len(duplicate_notes),
        "seconds": round(time.monotonic() - started),
        "fault_counts": faults_seen,
    }
    print("\nCHAOS FIGURES " + json.dumps(figures, ensure_ascii=False, default=str))

    assert kills == KILLS
    assert lost == []
    assert not_final == {}
    assert wrong == {}
    assert duplicate_proposals == {}
    assert duplicate_notes == {}
    assert amounts_wrong == []
    worker_text = output.read_text(encoding="utf-8", errors="replace")
    log_text = (tmp_path / "logs" / "robot.jsonl").read_text(encoding="utf-8")
    numbers = identity_numbers(scenario)
    assert unmasked_in(worker_text, numbers) == []
    assert unmasked_in(log_text, numbers) == []
    assert PASSWORD not in worker_text and PASSWORD not in log_text
