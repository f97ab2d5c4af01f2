"""Reconciling with the case system: what was saved before a later page failed counts as done.

The save goes through but its answer is lost, or a note is saved and the page after it fails. The attempt fails; reconciling the item
afterwards (as the engine does before giving an item up, and ``retry-failed`` does) finds the saved
proposal, reads it back equal to what the robot would write, and calls the item proposed; a saved
journal note makes it manual; nothing saved gives None.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Route

from robot.app.embedded import point_at
from robot.process import ApplicationException
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

            # The save goes through; its answer (the proposal as saved) is lost on the way back.
            def save_then_lose_the_answer(route: Route) -> None:
                if route.request.method != "POST":
                    route.continue_()
                    return
                route.fetch(max_redirects=0)
                route.fulfill(status=500, content_type="text/html", body="<h1>Internt fel</h1>")

            def is_calculation(url: str) -> bool:
                return url.endswith("/kalkyl")

            process.browser.page.route(is_calculation, save_then_lose_the_answer)
            with pytest.raises(ApplicationException):
                process.handle(view_for(clear), ctx)
            process.browser.page.unroute(is_calculation, save_then_lose_the_answer)
            assert [p["reference"] for p in database.proposals()] == [clear["reference"]]

            # The note is saved; its answer (the case page as stored) is lost on the way back.
            def is_journal(url: str) -> bool:
                return url.endswith("/journal")

            process.browser.page.route(is_journal, save_then_lose_the_answer)
            with pytest.raises(ApplicationException):
                process.handle(view_for(unclear, item_id=2), ctx)
            assert database.journal_notes(reference=unclear["reference"])

            process.stop()
            process.start()
            found = process.reconcile(view_for(clear), ctx)
            assert found is not None and found.state == "proposed"
            assert found.amount == (expected.amount if expected.decision == "bevilja" else 0)
            manual = process.reconcile(view_for(unclear, item_id=2), ctx)
            assert manual is not None and manual.state == "manual" and manual.reasons
        assert len(database.proposals()) == 1
