"""Business-level idempotency end to end: one proposal per person and month, whatever the references.

A family must never be paid twice for a month. The robot recognises an application as a second one
for a month when the case already holds a proposal or decision for that month (waiting, confirmed or
rejected, under any reference), or when another application of the same person and month was received
before; it then hands the case to a caseworker with a reason that names what it found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from robot.app.embedded import point_at
from robot.app.runtime import run_all_once
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from robot.settings import Settings
from sandbox import eservice
from sandbox.case_system.db import STATUS_CONFIRMED, STATUS_REJECTED, review_proposal
from sandbox.runner import Sandbox
from sandbox.scenario import Scenario
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings, first_with, resubmitted, seed_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 21, 3, "2021-12"  # ES-21-00001 avslag, 00002 quarantined, 00003 manual


@dataclass
class World:
    scenario: Scenario
    settings: Settings
    sandbox: Sandbox

    def run(self) -> None:
        run_all_once(self.settings)

    def items(self) -> dict[str, Any]:
        queue = WorkQueue(make_engine(self.settings.database.url), "forsorjningsstod")
        return {item.reference: item for item in queue.items()}

    def proposals_for(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        person = payload["applicant"]["identity_number"]
        found = self.sandbox.case_database().proposals(identity_number=person)
        return [p for p in found if p["month"] == payload["month"]]

    def submit(self, payload: dict[str, Any]) -> None:
        eservice.seed(self.sandbox.eservice_db, [payload])


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    scenario = generate(SEED, COUNT, MONTH)
    settings = e2e_settings(tmp_path)
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
        seed_scenario(sandbox, scenario)
        yield World(scenario, point_at(settings, sandbox.urls), sandbox)


def test_the_same_application_sent_twice_gets_one_proposal_in_one_pass(world: World) -> None:
    original = first_with(world.scenario, "proposed")
    world.submit(resubmitted(original, "ES-21-DUBBLETT"))
    world.run()
    assert len(world.proposals_for(original)) == 1
    items = world.items()
    assert items[original["reference"]].state == "proposed"
    second = items["ES-21-DUBBLETT"]
    assert second.state == "manual"
    assert any(
        f"för {MONTH} ({original['reference']}, förslag som väntar på handläggare" in reason
        for reason in second.reasons
    ), second.reasons
    [note] = world.sandbox.case_database().journal_notes(reference="ES-21-DUBBLETT")
    assert original["reference"] in note["text"]


@pytest.mark.parametrize(
    ("status", "words"), [(STATUS_CONFIRMED, "fastställt av handlaggare1"), (STATUS_REJECTED, "avslaget")]
)
def test_a_new_application_for_a_reviewed_month_goes_to_a_caseworker(
    world: World, status: str, words: str
) -> None:
    original = first_with(world.scenario, "proposed")
    world.run()
    [proposal] = world.proposals_for(original)
    assert review_proposal(
        world.sandbox.case_system_db, proposal["id"], status, "handlaggare1", "2021-12-03 10:15:00"
    )
    world.submit(resubmitted(original, "ES-21-NY"))
    world.run()
    assert len(world.proposals_for(original)) == 1
    later = world.items()["ES-21-NY"]
    assert later.state == "manual"
    wanted = f"Det finns redan ett förslag/beslut för {MONTH} ({original['reference']}, "
    assert any(wanted in reason and words in reason for reason in later.reasons), later.reasons


def test_a_proposal_written_under_another_reference_is_found_in_the_case_system(
    world: World, tmp_path: Path
) -> None:
    """The robot's own queue has forgotten the first application (another installation wrote it)."""
    original = first_with(world.scenario, "proposed")
    world.run()
    forgetful = World(
        world.scenario,
        world.settings.model_copy(
            update={
                "database": world.settings.database.model_copy(
                    update={"url": f"sqlite:///{tmp_path / 'other.db'}"}
                )
            }
        ),
        world.sandbox,
    )
    forgetful.submit(resubmitted(original, "ES-21-ANNAN"))
    forgetful.run()
    assert len(world.proposals_for(original)) == 1
    later = forgetful.items()["ES-21-ANNAN"]
    assert later.state == "manual"
    assert any(
        "väntar på handläggare" in reason and original["reference"] in reason for reason in later.reasons
    )
