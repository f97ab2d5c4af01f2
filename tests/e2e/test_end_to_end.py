"""The whole chain in real headless Chromium: e-service -> register -> rules -> legacy case system.

One pass over a seeded sandbox, then checks in the case system's own database against the
scenario's independent oracle, in the queue, in the Excel report, and in every output for leaks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from robot.app.embedded import point_at
from robot.app.runtime import PassOutcome, run_all_once
from robot.logs import configure_logging
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from robot.settings import Settings
from sandbox.eservice.store import SubmissionStore
from sandbox.runner import Sandbox
from sandbox.scenario import Scenario
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings, identity_numbers, report_references, unmasked_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 4242, 25, "2021-12"


@dataclass
class Run:
    scenario: Scenario
    settings: Settings
    sandbox: Sandbox
    first: list[PassOutcome]
    second: list[PassOutcome]
    output: str


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("e2e")
    settings = e2e_settings(root)
    console = root / "console.txt"
    with console.open("w", encoding="utf-8") as stream:
        configure_logging(settings.paths.log_file, console=True, console_stream=stream)
        with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
            sandbox.seed_synthetic(SEED, COUNT, MONTH)
            pointed = point_at(settings, sandbox.urls)
            first = run_all_once(pointed)
            # The same seed again, and every acknowledgement lost: all 25 are re-delivered.
            sandbox.seed_synthetic(SEED, COUNT, MONTH)
            SubmissionStore(sandbox.eservice_db).forget_acknowledgements()
            second = run_all_once(pointed)
            yield Run(
                generate(SEED, COUNT, MONTH), settings, sandbox, first, second, console.read_text("utf-8")
            )
    configure_logging(None, console=False)


def states(run: Run) -> dict[str, str]:
    queue = WorkQueue(make_engine(run.settings.database.url), "forsorjningsstod")
    return {item.reference: item.state for item in queue.items()}


def test_every_application_is_accounted_for_as_the_oracle_expects(run: Run) -> None:
    found = states(run)
    for application in run.scenario.applications:
        reference = application.payload["reference"]
        assert found.get(reference) == application.expected.outcome, (reference, application.expected.why)
    assert len(found) == COUNT


def test_each_clear_application_has_exactly_one_proposal_with_the_hand_calculated_amount(run: Run) -> None:
    proposals = run.sandbox.case_database().proposals()
    per_reference = Counter(p["reference"] for p in proposals)
    assert per_reference and max(per_reference.values()) == 1
    by_reference = {p["reference"]: p for p in proposals}
    clear = [a for a in run.scenario.applications if a.expected.outcome == "proposed"]
    assert len(clear) >= 8
    for application in clear:
        saved = by_reference[application.payload["reference"]]
        assert saved["decision"] == application.expected.decision
        expected_amount = application.expected.amount if application.expected.decision == "bevilja" else 0
        assert saved["amount"] == expected_amount, application.expected.why
        assert saved["status_text"] == "Förslag – väntar på handläggare"
        assert application.payload["reference"] in saved["note"]


def test_each_unclear_application_has_a_manual_note_and_no_proposal(run: Run) -> None:
    database = run.sandbox.case_database()
    proposed = {p["reference"] for p in database.proposals()}
    manual = [a for a in run.scenario.applications if a.expected.outcome == "manual"]
    assert len(manual) >= 5
    for application in manual:
        reference = application.payload["reference"]
        notes = database.journal_notes(reference=reference)
        assert reference not in proposed
        assert notes, f"{reference} ({application.expected.why}) has no journal note"
        assert "handläggare" in notes[0]["text"]


def test_quarantined_input_is_kept_with_reasons_and_never_reaches_the_case_system(run: Run) -> None:
    queue = WorkQueue(make_engine(run.settings.database.url), "forsorjningsstod")
    quarantined = queue.items(states=["quarantined"])
    expected = [a for a in run.scenario.applications if a.expected.outcome == "quarantined"]
    assert len(quarantined) == len(expected) >= 1
    proposed = {p["reference"] for p in run.sandbox.case_database().proposals()}
    for item in quarantined:
        assert item.errors, item.reference
        assert item.payload
        assert item.reference not in proposed


def test_second_run_with_the_same_seed_writes_nothing_twice(run: Run) -> None:
    (second,) = run.second
    assert second.summary.counts.get("proposed", 0) == 0
    assert second.summary.counts.get("duplicates", 0) == COUNT
    notes = run.sandbox.case_database().journal_notes()
    per_reference = Counter(note["reference"] for note in notes)
    assert per_reference and max(per_reference.values()) == 1


def test_the_report_lists_every_application(run: Run) -> None:
    (first,) = run.first
    assert first.report is not None
    listed = report_references(first.report)
    assert {a.payload["reference"] for a in run.scenario.applications} <= set(listed)


def test_no_identity_number_leaks_into_logs_console_or_report(run: Run) -> None:
    numbers = identity_numbers(run.scenario)
    assert numbers
    log_text = run.settings.paths.log_file.read_text(encoding="utf-8")
    assert "run_id" in log_text
    assert unmasked_in(log_text, numbers) == []
    assert unmasked_in(run.output, numbers) == []
    assert PASSWORD not in log_text and PASSWORD not in run.output
    from openpyxl import load_workbook

    for outcome in run.first:
        workbook = load_workbook(outcome.report)
        cells = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
        assert unmasked_in(cells, numbers) == []
