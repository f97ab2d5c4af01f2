"""The work queue: idempotent intake, quarantine, claims, leases and guarded transitions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from robot.process import ItemResult
from robot.queue.models import ItemState, PassRecord, WorkItem, utcnow
from robot.queue.store import WorkQueue
from tests.robot.fakes import identity_for, record


def test_add_stores_a_new_item_with_its_payload(queue: WorkQueue) -> None:
    item, created = queue.add(record("ES-1", month="2021-12"))
    assert created
    stored = queue.get("ES-1")
    assert stored is not None and stored.id == item.id
    assert stored.state == "new"
    assert stored.payload == {"reference": "ES-1", "month": "2021-12"}
    assert stored.subject == identity_for(stored.reference) and stored.period == "2021-12"
    assert stored.created_at.tzinfo is not None


def test_add_is_idempotent_on_reference(queue: WorkQueue) -> None:
    first, created_first = queue.add(record("ES-1"))
    second, created_second = queue.add(record("ES-1", month="changed"))
    assert (created_first, created_second) == (True, False)
    assert second.id == first.id
    assert second.payload == {"reference": "ES-1"}  # the first delivery is kept
    assert len(queue.items()) == 1


def test_add_recovers_from_an_insert_race(queue: WorkQueue, monkeypatch) -> None:
    """Another worker inserted the reference between our look-up and our insert."""
    queue.add(record("ES-1"))
    real_get = queue.get
    lookups: list[str] = []

    def get_missing_first_time(reference: str):
        lookups.append(reference)
        return None if len(lookups) == 1 else real_get(reference)

    monkeypatch.setattr(queue, "get", get_missing_first_time)
    item, created = queue.add(record("ES-1"))
    assert created is False and item.reference == "ES-1"
    assert len(lookups) == 2  # the unique constraint fired and the existing item was read back
    assert len(queue.items()) == 1


def test_same_reference_in_another_process_is_another_item(queue: WorkQueue, engine) -> None:
    queue.add(record("ES-1"))
    other = WorkQueue(engine, "other")
    _, created = other.add(record("ES-1"))
    assert created
    assert len(queue.items()) == 1 and len(other.items()) == 1


def test_invalid_record_is_quarantined_with_its_errors(queue: WorkQueue) -> None:
    item, created = queue.add(record("ES-2", errors=["Månad saknas."]))
    assert created and item.state == "quarantined"
    assert queue.get("ES-2").errors == ["Månad saknas."]  # type: ignore[union-attr]
    assert queue.claim("w", 10) is None  # never handed out


def test_claim_takes_the_oldest_and_counts_the_attempt(queue: WorkQueue) -> None:
    for reference in ("ES-1", "ES-2"):
        queue.add(record(reference))
    first = queue.claim("w1", 30, run_id="run-a")
    second = queue.claim("w2", 30)
    assert first is not None and second is not None
    assert (first.reference, second.reference) == ("ES-1", "ES-2")
    assert first.state == "in_progress" and first.worker_id == "w1" and first.attempts == 1
    assert first.run_id == "run-a"
    assert first.lease_expires_at is not None and first.lease_expires_at > utcnow() + timedelta(seconds=25)
    assert queue.claim("w3", 30) is None


def test_claim_respects_not_before(queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    item = queue.claim("w1", 30)
    assert item is not None and item.id is not None
    assert queue.retry_later(item.id, "w1", "boom", ["a.png"], delay_seconds=60)
    assert queue.claim("w1", 30) is None
    queue.add(record("ES-2"))
    assert queue.claim("w1", 30).reference == "ES-2"  # type: ignore[union-attr]


def expire_lease(engine: Engine, item_id: int) -> None:
    """Move the item's lease expiry into the past: deterministic, unlike sleeping past a short lease."""
    with Session(engine) as session:
        item = session.get(WorkItem, item_id)
        assert item is not None
        item.lease_expires_at = utcnow() - timedelta(seconds=1)
        session.add(item)
        session.commit()


def test_expired_lease_returns_the_item_to_the_queue(engine: Engine, queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    first = queue.claim("w1", 30)
    assert first is not None and first.id is not None
    assert queue.claim("w2", 30) is None  # still leased
    expire_lease(engine, first.id)
    second = queue.claim("w2", 30)
    assert second is not None and second.id == first.id
    assert second.worker_id == "w2" and second.attempts == 2


def test_release_expired_puts_items_back_to_new(engine: Engine, queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    queue.add(record("ES-2"))
    first = queue.claim("w1", 60)
    queue.claim("w1", 60)
    assert first is not None and first.id is not None
    expire_lease(engine, first.id)
    assert queue.release_expired() == 1
    assert queue.counts()["new"] == 1 and queue.counts()["in_progress"] == 1


def test_a_lost_lease_cannot_overwrite(engine: Engine, queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    stale = queue.claim("w1", 30)
    assert stale is not None and stale.id is not None
    expire_lease(engine, stale.id)
    fresh = queue.claim("w2", 30)
    assert fresh is not None and fresh.id == stale.id
    assert queue.renew(stale.id, "w1", 30) is False
    assert queue.complete(stale.id, "w1", ItemResult(state="proposed", amount=1)) is False
    assert queue.mark_manual(stale.id, "w1", ["x"]) is False
    assert queue.retry_later(stale.id, "w1", "e", [], 0) is False
    assert queue.fail(stale.id, "w1", "e", []) is False
    current = queue.get("ES-1")
    assert current is not None and current.state == "in_progress" and current.worker_id == "w2"
    assert queue.complete(fresh.id, "w2", ItemResult(state="proposed", amount=7)) is True
    assert queue.get("ES-1").amount == 7  # type: ignore[union-attr]


def test_renew_extends_the_lease(queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    item = queue.claim("w1", 1)
    assert item is not None and item.id is not None
    assert queue.renew(item.id, "w1", 100)
    renewed = queue.get("ES-1")
    assert renewed.lease_expires_at > utcnow() + timedelta(seconds=90)  # type: ignore[union-attr,operator]


def test_complete_stores_the_result(queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    item = queue.claim("w1", 30)
    assert item is not None and item.id is not None
    result = ItemResult(
        state="proposed",
        reasons=["Ok"],
        amount=5120,
        decision={"decision": "bevilja"},
        trace=[{"step": "norm", "amount": 3000}],
        data={"payments": []},
    )
    assert queue.complete(item.id, "w1", result, run_id="r1")
    done = queue.get("ES-1")
    assert done is not None
    assert (done.state, done.amount, done.decision, done.reasons) == (
        "proposed",
        5120,
        {"decision": "bevilja"},
        ["Ok"],
    )
    assert done.trace == [{"step": "norm", "amount": 3000}] and done.data == {"payments": []}
    assert done.finished_at is not None and done.lease_expires_at is None and done.run_id == "r1"


def test_retry_then_fail_accumulates_evidence(queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    item = queue.claim("w1", 30)
    assert item is not None and item.id is not None
    assert queue.retry_later(item.id, "w1", "first", ["a/1.png"], delay_seconds=0)
    again = queue.claim("w1", 30)
    assert again is not None and again.attempts == 2 and again.last_error == "first"
    assert queue.fail(item.id, "w1", "second", ["a/2.png"])
    failed = queue.get("ES-1")
    assert failed is not None and failed.state == "failed" and failed.last_error == "second"
    assert failed.evidence == ["a/1.png", "a/2.png"]


def test_mark_manual_keeps_reasons_and_details(queue: WorkQueue) -> None:
    queue.add(record("ES-1"))
    item = queue.claim("w1", 30)
    assert item is not None and item.id is not None
    assert queue.mark_manual(item.id, "w1", ["A", "B"], data={"details": {"source": "CSN"}})
    manual = queue.get("ES-1")
    assert manual is not None and manual.state == "manual" and manual.reasons == ["A", "B"]
    assert manual.data == {"details": {"source": "CSN"}}


def test_counts_and_items_filters(queue: WorkQueue) -> None:
    queue.add(record("ES-1"), run_id="r1")
    queue.add(record("ES-2", errors=["fel"]), run_id="r1")
    queue.add(record("ES-3"), run_id="r2")
    counts = queue.counts()
    assert counts == {state.value: 0 for state in ItemState} | {"new": 2, "quarantined": 1}
    assert [i.reference for i in queue.items(states=["quarantined"])] == ["ES-2"]
    assert [i.reference for i in queue.items(run_id="r1")] == ["ES-1", "ES-2"]


def test_pass_records_and_report_path(queue: WorkQueue, engine) -> None:
    now = utcnow()
    queue.record_pass(
        PassRecord(run_id="r1", process="fake", worker_id="w", started_at=now, counts={"proposed": 2})
    )
    queue.record_pass(
        PassRecord(
            run_id="r1", process="fake", worker_id="w", started_at=now, ended_at=now, counts={"proposed": 3}
        )
    )
    assert queue.set_report_path("r1", "/tmp/r.xlsx")
    assert queue.set_report_path("missing", "/tmp/x.xlsx") is False
    [stored] = queue.passes()
    assert stored.counts == {"proposed": 3} and stored.report_path == "/tmp/r.xlsx" and stored.ended_at == now
    with Session(engine) as session:
        assert session.get(WorkItem, 1) is None


def test_two_items_of_one_person_and_month_are_never_in_progress_together(queue: WorkQueue) -> None:
    person = identity_for("someone")
    queue.add(record("ES-1", subject=person))
    queue.add(record("ES-2", subject=person))
    queue.add(record("ES-3"))  # someone else
    first = queue.claim("w1", lease_seconds=60)
    assert first is not None and first.reference == "ES-1"
    second = queue.claim("w2", lease_seconds=60)
    assert second is not None and second.reference == "ES-3", "ES-2 waits while ES-1 is in progress"
    assert queue.claim("w3", lease_seconds=60) is None
    assert first.id is not None and queue.complete(first.id, "w1", ItemResult(state="proposed", amount=1))
    waiting = queue.claim("w3", lease_seconds=60)
    assert waiting is not None and waiting.reference == "ES-2"
    assert [(r.reference, r.state) for r in queue.related(waiting)] == [("ES-1", "proposed")]
    assert queue.related(first) == [] or [r.reference for r in queue.related(first)] == ["ES-2"]


def test_a_different_month_is_a_different_business_key(queue: WorkQueue) -> None:
    person = identity_for("someone")
    queue.add(record("ES-1", subject=person, period="2021-11"))
    queue.add(record("ES-2", subject=person, period="2021-12"))
    assert queue.claim("w1", lease_seconds=60) is not None
    assert queue.claim("w2", lease_seconds=60) is not None


def test_a_quarantined_item_has_no_business_key(queue: WorkQueue) -> None:
    item, _ = queue.add(record("ES-1", errors=["Månad saknas."]))
    assert item.business_key is None
