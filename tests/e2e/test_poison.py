"""Inputs that can never stop the robot: valid applications whose explanation is longer than a note may be.

Six applications with a long change description and twenty other costs come first in the queue; their
manual-handling note would be longer than the case system accepts. Each must end in manual handling
at its first attempt with a note that fits, never retried, never counted by the circuit breaker, and
the clear applications behind them must be handled in the same pass.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from robot.app.embedded import point_at
from robot.app.runtime import run_all_once
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox import case_system, eservice, income_register
from sandbox.case_system.forms import MAX_TEXT
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MONTH, POISON = "2021-12", 6


def poisoned(payload: dict[str, Any]) -> dict[str, Any]:
    """The same application with the longest explanation the e-service lets through."""
    changed = copy.deepcopy(payload)
    changed["has_changed"] = True
    changed["change_description"] = ("Flyttat till ny lägenhet och bytt arbetsgivare. " * 45)[:2000]
    changed["costs"]["other"] = [
        {"description": (f"Kostnad {n}: " + "tandvård och glasögon för barnen " * 6)[:200], "amount": 100 + n}
        for n in range(20)
    ]
    return changed


def test_long_explanations_end_manual_at_once_and_never_stop_the_pass(tmp_path: Path) -> None:
    poison_scenario = generate(77, 12, MONTH)
    clear_scenario = generate(78, 8, MONTH)
    poison = [
        poisoned(a.payload) for a in poison_scenario.applications if a.expected.outcome != "quarantined"
    ][:POISON]
    clear = [a for a in clear_scenario.applications if a.expected.outcome == "proposed"]
    assert len(poison) == POISON and clear
    settings = e2e_settings(tmp_path, max_attempts=3, circuit_breaker_threshold=5)
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
        eservice.seed(sandbox.eservice_db, poison + [a.payload for a in clear])
        income_register.seed(
            sandbox.register_db,
            poison_scenario.payments + clear_scenario.payments,
            poison_scenario.gaps + clear_scenario.gaps,
        )
        case_system.seed(sandbox.case_system_db, poison_scenario.cases + clear_scenario.cases)
        (outcome,) = run_all_once(point_at(settings, sandbox.urls))
        notes = sandbox.case_database().journal_notes()
        proposals = sandbox.case_database().proposals()

    assert outcome.summary.stop_code is None
    items = {
        item.reference: item
        for item in WorkQueue(make_engine(settings.database.url), "forsorjningsstod").items()
    }
    for payload in poison:
        item = items[payload["reference"]]
        assert (item.state, item.attempts) == ("manual", 1), (item.state, item.attempts, item.last_error)
        [note] = [n for n in notes if n["reference"] == payload["reference"]]
        assert len(note["text"]) <= MAX_TEXT
        assert "Kostnad 19" in note["text"]  # every reason is kept
        assert item.decision.get("note"), "the full explanation stays on the work item"
        assert len(item.decision["note"]) > MAX_TEXT
    for application in clear:
        assert items[application.payload["reference"]].state == "proposed"
    assert {p["reference"] for p in proposals} == {a.payload["reference"] for a in clear}
