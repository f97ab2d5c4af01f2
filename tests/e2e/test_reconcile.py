"""Reconciling with the case system: what was saved before a later page failed counts as done.

A fault lets the save succeed and fails the page after it. The attempt fails; reconciling the item
afterwards (as the engine does before giving an item up, and ``retry-failed`` does) finds the saved
proposal, reads it back equal to what the robot would write, and calls the item proposed; a saved
journal note makes it manual; nothing saved gives None.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Route

from robot.embedded import point_at
from robot.process import ApplicationException
from sandbox.faults import FaultSettings
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import (
    PASSWORD,
    e2e_settings,
    first_with,
    live_process,
    seed_scenario,
    view_for,
    work_context,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 5, 8, "2021-12"


def test_reconcile_after_a_later_page_failed(tmp_path: Path) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    clear, unclear = first_with(scenario, "proposed"), first_with(scenario, "manual")
    expected = next(a.expected for a in scenario.applications if a.payload is clear)
    settings = e2e_settings(tmp_path)
    ctx = work_context(tmp_path)
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
        seed_scenario(sandbox, scenario)
        database = sandbox.case_database()
        with live_process(point_at(settings, sandbox.urls)) as process:
            assert process.reconcile(view_for(clear), ctx) is None  # nothing saved yet

            # The save succeeds; the saved proposal's page then fails.
            sandbox.set_faults(FaultSettings(error_rate=1.0, only_paths=("/forslag",)))
            with pytest.raises(ApplicationException):
                process.handle(view_for(clear), ctx)
            assert [p["reference"] for p in database.proposals()] == [clear["reference"]]

            # The note is saved; the case page it leads back to fails (faults switched on after the post).
            def save_then_fail(route: Route) -> None:
                if route.request.method != "POST":
                    route.continue_()
                    return
                response = route.fetch(max_redirects=0)
                sandbox.set_faults(FaultSettings(error_rate=1.0, only_paths=("/arende",)))
                route.fulfill(response=response)

            process.browser.page.route(lambda url: url.endswith("/journal"), save_then_fail)
            with pytest.raises(ApplicationException):
                process.handle(view_for(unclear, item_id=2), ctx)
            assert database.journal_notes(reference=unclear["reference"])

            sandbox.set_faults(FaultSettings())
            process.stop()
            process.start()
            found = process.reconcile(view_for(clear), ctx)
            assert found is not None and found.state == "proposed"
            assert found.amount == (expected.amount if expected.decision == "bevilja" else 0)
            manual = process.reconcile(view_for(unclear, item_id=2), ctx)
            assert manual is not None and manual.state == "manual" and manual.reasons
        assert len(database.proposals()) == 1
