"""Pseudonymising items past their retention: what is kept, what is gone, and the figures that survive."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from robot.engine.follow_up import awaiting_decision
from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.process import DECIDED, Channel, Decided, ItemResult, WorkContext, WorkItemView
from robot.queue.admin import requeue_failed
from robot.queue.models import utcnow
from robot.queue.retention import due_items, figures_only, pseudonymise, reason_codes, subject_hash
from robot.queue.store import WorkQueue
from robot.queue.subject_access import persons_items
from robot.report.decision_times import figures
from tests.robot.fakes import FakeProcess, identity_for, record

KEY = b"a key kept apart from the database"
CHANNELS = (Channel("status"), Channel("mail", frozenset({DECIDED}), resend_after_crash=False))
CO_APPLICANT = "19900101-9813"


def proposal(item: WorkItemView, ctx: WorkContext) -> ItemResult:
    """A proposal whose every text names the family, as the real processes' do."""
    return ItemResult(
        state="proposed",
        amount=4321,
        decision={
            "reference": item.reference,
            "month": "2021-12",
            "outcome": "bevilja",
            "amount": 4321,
            "need": 9000,
            "lines": [
                {"kind": "norm", "code": "barn", "label": "Riksnorm, barn (Cia Testsson)", "amount": 2000}
            ],
            "reasons": [
                {"rule_id": "utfall", "text": "Behovet för Anna Testsson ...", "legal_reference": "SoL 4:1"}
            ],
        },
        reasons=["Anna Testsson: behovet 9 000 kr överstiger inkomsterna."],
        trace=[{"rule_id": "norm.barn", "inputs": {"name": "Cia Testsson"}}],
        data={"register": {"applicant": {"payments": [{"source": "SKV", "amount": "4679"}]}}},
    )


def application(reference: str) -> dict[str, Any]:
    return {
        "applicant": {"identity_number": identity_for(reference), "name": "Anna Testsson"},
        "co_applicant": {"identity_number": CO_APPLICANT, "name": "Bo Testsson"},
        "message": f"Nytt jobb från december ({reference}).",
    }


@pytest.fixture
def queue(engine: Engine, options: EngineOptions) -> WorkQueue:
    """ES-1 proposed and decided; ES-2 manual, ES-3 quarantined, ES-4 failed (none decided); ES-5 proposed
    and decided by a later pass than the rest."""
    queue = WorkQueue(engine, "fake", CHANNELS)
    first = FakeProcess(
        [
            record("ES-1", **application("ES-1")),
            record("ES-2", **application("ES-2")),
            record("ES-3", errors=[f"Personnumret {identity_for('ES-3')} har fel kontrollsiffra."]),
            record("ES-4", **application("ES-4")),
        ],
        script={"ES-1": [proposal], "ES-2": ["manual"], "ES-4": ["app"]},
    )
    run_pass(first, queue, options)
    second = FakeProcess()
    second.decisions["ES-1"] = Decided("approved", 4000, "Handläggare Hanna Exempel")
    run_pass(second, queue, options)
    return queue


def _everything(engine: Engine) -> str:
    with engine.connect() as connection:
        rows = [
            *connection.execute(text("SELECT * FROM work_item")).all(),
            *connection.execute(text("SELECT * FROM notification")).all(),
        ]
    return json.dumps([list(map(str, row)) for row in rows], ensure_ascii=False)


def test_a_decided_item_past_its_time_keeps_its_figures_and_loses_the_person(queue: WorkQueue) -> None:
    before = queue.get("ES-1")
    assert before is not None and before.decided_at is not None and before.evidence == []
    later = utcnow() + timedelta(days=91)
    due = due_items(queue.engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    assert [(item.reference, item.decided) for item in due] == [("ES-1", True)]

    assert pseudonymise(queue.engine, due, KEY).items == 1
    after = queue.get("ES-1")
    assert after is not None
    # kept: what the statistics and the decision-time figures read
    for kept in ("state", "attempts", "period", "amount", "created_at", "submitted_at", "finished_at"):
        assert getattr(after, kept) == getattr(before, kept), kept
    assert (after.decided_at, after.decided_outcome, after.decided_amount) == (
        before.decided_at,
        "approved",
        4000,
    )
    assert after.reference == "ES-1" and after.run_id == before.run_id
    assert after.decision == {
        "month": "2021-12",
        "outcome": "bevilja",
        "amount": 4321,
        "need": 9000,
        "lines": [{"kind": "norm", "code": "barn", "amount": 2000}],
        "reasons": [{"rule_id": "utfall", "legal_reference": "SoL 4:1"}],
    }
    assert after.reasons == []  # sentences go; a reason's code ({"code", "text"}) would stay
    # gone: the person, their application, the register's data, the trace, every free text
    expected_hash = hmac.new(KEY, identity_for("ES-1").encode(), hashlib.sha256).hexdigest()
    assert after.subject is None and after.subject_hash == expected_hash
    assert after.subject_name is None and after.business_key is None and after.decided_by is None
    assert (after.payload, after.data, after.trace, after.errors) == ({}, {}, [], [])
    assert after.pseudonymised_at is not None
    everything = _everything(queue.engine)
    for gone in ("Hanna Exempel", "Cia Testsson", "Nytt jobb från december (ES-1)", "4679"):
        assert gone not in everything, gone
    assert identity_for("ES-1") not in everything
    # still there: the items not yet due keep everything
    assert identity_for("ES-2") in everything and "Anna Testsson" in everything


def test_the_decision_time_figures_and_the_counts_survive_the_purge(queue: WorkQueue) -> None:
    now = utcnow()
    counts, found = queue.counts(), figures(queue.items(), now=now)
    later = now + timedelta(days=400)
    due = due_items(queue.engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    assert sorted(item.reference for item in due) == ["ES-1", "ES-2", "ES-3", "ES-4"]
    done = pseudonymise(queue.engine, due, KEY)
    assert done.items == 4
    assert done.evidence and all("/item-4/" in path for path in done.evidence)  # the failed item's, to delete
    assert queue.counts() == counts
    assert figures(queue.items(), now=now) == found
    assert found.to_proposal.count == 1 and found.to_decision.count == 1
    everything = _everything(queue.engine)
    for reference in ("ES-1", "ES-2", "ES-3", "ES-4"):
        assert identity_for(reference) not in everything
    assert (
        CO_APPLICANT not in everything and "Testsson" not in everything and "kontrollsiffra" not in everything
    )


def test_the_notices_keep_their_steps_and_lose_their_words(queue: WorkQueue, engine: Engine) -> None:
    later = utcnow() + timedelta(days=91)
    [due] = due_items(engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    with engine.connect() as connection:
        steps = connection.execute(text("SELECT step, channel, state FROM notification ORDER BY id")).all()
    pseudonymise(engine, [due], KEY)
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT step, channel, state FROM notification ORDER BY id")).all()
            == steps
        )
        [details] = connection.execute(
            text("SELECT details FROM notification WHERE step = 'decided' AND channel = 'mail'")
        ).all()
    assert json.loads(details[0]) == {"outcome": "approved", "amount": 4000}


def test_pseudonymised_items_are_done_once_never_retried_and_never_followed(queue: WorkQueue) -> None:
    later = utcnow() + timedelta(days=400)
    due = due_items(queue.engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    assert pseudonymise(queue.engine, due, KEY).items == 4
    assert pseudonymise(queue.engine, due, KEY).items == 0
    assert due_items(queue.engine, "fake", later, later) == []
    assert requeue_failed(queue.engine, "fake") == 0  # its application is gone: nothing to retry with
    assert awaiting_decision(queue, before=later) == []  # no identity left to look the case up by


def test_a_subject_access_request_finds_the_person_before_and_after(queue: WorkQueue) -> None:
    person = identity_for("ES-1")
    found = persons_items(queue.engine, person, KEY)
    assert [item.reference for item in found.items] == ["ES-1"] and found.notices
    as_co_applicant = persons_items(queue.engine, CO_APPLICANT, KEY)
    assert [item.reference for item in as_co_applicant.items] == ["ES-1", "ES-2", "ES-4"]
    later = utcnow() + timedelta(days=91)
    [due] = due_items(queue.engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    pseudonymise(queue.engine, [due], KEY)
    again = persons_items(queue.engine, person, KEY)
    assert [(item.reference, item.payload) for item in again.items] == [("ES-1", {})]
    assert persons_items(queue.engine, person, b"another key").items == []
    assert persons_items(queue.engine, None, None, subject_hash(KEY, person)).items[0].reference == "ES-1"


def test_only_codes_stay_of_texts() -> None:
    assert figures_only({"label": "Cia", "code": "barn", "amount": 1.5, "ok": True, "rows": ["x", 2]}) == {
        "code": "barn",
        "amount": 1.5,
        "ok": True,
        "rows": [2],
    }
    assert reason_codes(["Behovet ...", {"code": "a.b", "text": "Anna"}, {"text": "no code"}]) == [
        {"code": "a.b"}
    ]
    assert subject_hash(KEY, "19850312-9812") == subject_hash(KEY, " 19850312-9812 ")
    assert subject_hash(KEY, "19850312-9812") != subject_hash(b"other", "19850312-9812")


def test_an_item_that_moved_on_meanwhile_is_left_alone(queue: WorkQueue) -> None:
    later = utcnow() + timedelta(days=400)
    due = due_items(queue.engine, "fake", later - timedelta(days=90), later - timedelta(days=365))
    assert requeue_failed(queue.engine, "fake", ["ES-4"]) == 1  # IT staff retried it after the plan was made
    assert pseudonymise(queue.engine, due, KEY).items == 3
    item = queue.get("ES-4")
    assert item is not None and item.state == "new" and item.subject == identity_for("ES-4")
