"""Property tests: whatever the e-service delivers, intake never crashes and every payload is stored.

Random JSON, malicious strings and mutations of a valid application go through the process's
intake validation into a real queue: each ends as an item, new (valid) or quarantined with reasons.
"""

from __future__ import annotations

import itertools
import json
from copy import deepcopy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from processes.forsorjningsstod.process import intake_record
from robot.queue.store import WorkQueue

PROJECT = Path(__file__).resolve().parents[3]
VALID = json.loads((PROJECT / "examples" / "calculate" / "family.json").read_text("utf-8"))["application"]
MALICIOUS = [
    '=HYPERLINK("http://example.invalid","klicka")',
    "+SUM(A1:A9)",
    "-1",
    "@cmd",
    "<script>alert(1)</script>",
    "'; DROP TABLE work_item; --",
    "\x00\x1b[31m",
    "A" * 5000,
    "19850312-9812",
    "NaN",
    "1e309",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(MALICIOUS),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=30,
)
FIELD_PATHS = [
    ("reference",),
    ("month",),
    ("applicant", "identity_number"),
    ("applicant", "name"),
    ("co_applicant",),
    ("household_members",),
    ("costs", "rent"),
    ("costs", "other"),
    ("incomes",),
    ("has_changed",),
    ("has_assets",),
    ("message",),
]
counter = itertools.count()


def mutate(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    payload = deepcopy(VALID)
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return payload


payloads = st.one_of(
    json_values,
    st.builds(mutate, st.sampled_from(FIELD_PATHS), json_values),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads)
def test_every_payload_ends_stored_with_an_outcome(engine: Engine, payload: Any) -> None:
    queue = WorkQueue(engine, "forsorjningsstod")
    reference = f"ES-P-{next(counter):06d}"
    record = intake_record(reference, payload)
    _item, created = queue.add(record)
    assert created
    stored = queue.get(reference)
    assert stored is not None
    assert stored.state in {"new", "quarantined"}
    if stored.state == "quarantined":
        assert stored.errors and all(isinstance(error, str) and error for error in stored.errors)
        for number in ("19850312-9812", "198503129812", VALID["applicant"]["identity_number"]):
            assert all(number not in error for error in stored.errors), "identity numbers are masked"
    assert stored.payload is not None


def test_the_valid_example_is_accepted() -> None:
    record = intake_record(VALID["reference"], deepcopy(VALID))
    assert record.errors == []
    assert record.subject == VALID["applicant"]["identity_number"]
