"""Fault injection end to end: the case system's case pages go down for maintenance.

The circuit breaker must stop the pass and say so in the report; attempts that fail leave a
screenshot, the page HTML and a Playwright trace in owner-only folders the report names; once the
system is back and IT requeues the failed items, everything completes exactly once.
"""

from __future__ import annotations

import stat
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from robot.app.embedded import point_at
from robot.app.runtime import run_all_once
from robot.queue.admin import requeue_failed
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from sandbox.faults import FaultSettings
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 31, 8, "2021-12"
CASE_PAGES_DOWN = FaultSettings(maintenance=True, only_paths=("/arende", "/forslag"))


def test_maintenance_trips_the_breaker_then_everything_completes_once(tmp_path: Path) -> None:
    settings = e2e_settings(tmp_path, max_attempts=2, circuit_breaker_threshold=3)
    scenario = generate(SEED, COUNT, MONTH)
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD, faults=CASE_PAGES_DOWN) as sandbox:
        sandbox.seed_synthetic(SEED, COUNT, MONTH)
        pointed = point_at(settings, sandbox.urls)

        (down,) = run_all_once(pointed)
        assert down.summary.stop_code == "circuit_breaker"
        summary_cells = [
            str(value)
            for row in load_workbook(down.report).worksheets[0].iter_rows(values_only=True)
            for value in row
        ]
        assert any("verksamhetssystemet kan vara nere" in cell for cell in summary_cells)
        assert sandbox.case_database().proposals() == []

        (still_down,) = run_all_once(pointed)
        queue = WorkQueue(make_engine(settings.database.url), "forsorjningsstod")
        failed = queue.items(states=["failed"])
        assert failed, "with two attempts allowed, the second pass must give some items up"
        for item in failed:
            files = [Path(path) for path in item.evidence]
            assert {p.suffix for p in files} >= {".png", ".html", ".zip"}, item.evidence
            for path in files:
                assert path.exists()
                assert stat.S_IMODE(path.stat().st_mode) == 0o600
                assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
            assert (
                "maintenance" in (item.last_error or "").lower()
                or "underhåll" in (item.last_error or "").lower()
            )
        for outcome in (down, still_down):  # each pass's report lists the items that pass gave up
            failures_sheet = load_workbook(outcome.report)["Misslyckade"]
            listed = " ".join(
                str(v) for row in failures_sheet.iter_rows(min_row=2, values_only=True) for v in row
            )
            for item in (i for i in failed if i.run_id == outcome.summary.run_id):
                assert item.reference in listed
                assert all(path in listed for path in item.evidence)

        sandbox.set_faults(FaultSettings())
        assert requeue_failed(make_engine(settings.database.url), "forsorjningsstod") == len(failed)
        (back,) = run_all_once(pointed)
        assert back.summary.stop_code is None
        proposals = sandbox.case_database().proposals()

    states = {item.reference: item.state for item in queue.items()}
    for application in scenario.applications:
        assert states[application.payload["reference"]] == application.expected.outcome
    assert all(count == 1 for count in Counter(p["reference"] for p in proposals).values())
    assert len(proposals) == sum(1 for a in scenario.applications if a.expected.outcome == "proposed")
