"""The robot's requests to the case system per case, against a hand-written floor.

A proposal needs at least: search (it redirects to the case), the case page, the calculation form,
and the save, whose answer shows the proposal as stored (the read-back). A manual case: search, the
case page, and the journal note's post, whose answer is the case page as stored (the read-back).
The robot must not spend more.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from robot.app.embedded import point_at
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings, live_process, seed_scenario, view_for, work_context

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 5, 8, "2021-12"
BUDGET = {"proposed": 4, "manual": 3}  # requests per case, redirects included


def test_requests_per_case_stay_within_the_budget(tmp_path: Path) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    settings = e2e_settings(tmp_path)
    spent: dict[str, list[list[str]]] = {"proposed": [], "manual": []}
    seconds: dict[str, list[float]] = {"proposed": [], "manual": []}
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
        seed_scenario(sandbox, scenario)
        recorder = sandbox.case_system_app.state.requests
        with live_process(point_at(settings, sandbox.urls)) as process:
            for number, application in enumerate(scenario.applications, start=1):
                if application.expected.outcome == "quarantined":
                    continue
                recorder.clear()
                started = time.perf_counter()
                result = process.handle(view_for(application.payload, number), work_context(tmp_path))
                seconds[result.state].append(time.perf_counter() - started)
                assert result.state == application.expected.outcome, application.expected.why
                spent[result.state].append([f"{r.method} {r.path} {r.status}" for r in recorder.list()])
    print(
        "\nREQUEST BUDGET "
        + json.dumps(
            {
                state: {
                    "requests": [len(requests) for requests in spent[state]],
                    "seconds": [round(s, 2) for s in seconds[state]],
                    "example": spent[state][0],
                }
                for state in spent
            },
            ensure_ascii=False,
        )
    )
    assert spent["proposed"] and spent["manual"]
    for state, budget in BUDGET.items():
        for requests in spent[state]:
            assert len(requests) <= budget, (state, requests)
