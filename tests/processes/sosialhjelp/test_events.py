"""Every step of the Norwegian process becomes digisos-søker events that follow NAV's current schema.

The documents are built as the process publishes them (``events_for`` -> the client's document) and
checked with jsonschema against the project's schema of NAV's format, so a return to the 2019 shape
(``referanse`` and an ``utfall`` object on vedtakFattet) fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.digisos import SaksStatus, VedtakFattet, document
from processes.sosialhjelp.events import events_for
from robot.process import STEPS
from tests.digisos_schema import assert_nav_valid

AT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)
ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
@pytest.mark.parametrize("step", STEPS)
def test_each_step_is_published_in_navs_current_shape(step: str, outcome: str) -> None:
    events = events_for(step, ID, "2024-03", {"outcome": outcome, "amount": 8000}, AT)
    assert events, f"step {step} publishes nothing"
    assert_nav_valid(document(events).model_dump(mode="json", exclude_none=True))


def test_the_decision_points_at_the_sak_the_proposal_opened() -> None:
    (sak,) = events_for("proposed", ID, "2024-03", {}, AT)
    decided = events_for("decided", ID, "2024-03", {"outcome": "rejected"}, AT)
    assert isinstance(sak, SaksStatus) and isinstance(decided[0], VedtakFattet)
    assert decided[0].saksreferanse == sak.referanse
    assert decided[0].utfall == "AVSLATT"
