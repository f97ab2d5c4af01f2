"""The transaction loop, in the manner of UiPath's REFramework: intake, init, get transaction, process, end.

:func:`run_pass` runs one pass of a process over its :class:`WorkQueue`:

* INTAKE: one worker at a time (``queue.intake_lock``) fetches new input, stores each record (a
  too large one quarantined) and acknowledges it only after the store committed.
* INIT, GET TRANSACTION, PROCESS: one or more sessions (:mod:`robot.session`), each its own process
  instance, start (with retries), claim items one at a time and handle each in a transaction
  (:mod:`robot.transaction`) until the queue is empty, a stop is requested (checked between items),
  the per-pass limit is reached, or the circuit breaker opens after enough system failures in a row.
* END: every process stopped; the pass recorded with its counts and why it stopped, if it did.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog

from robot.evidence import remove_if_empty
from robot.intake_bounds import bounded
from robot.logs import bind_run
from robot.masking import mask_text
from robot.models import PassRecord, utcnow
from robot.notifier import Notifier
from robot.options import EngineOptions
from robot.process import Process
from robot.queue import WorkQueue
from robot.session import Session
from robot.transaction import Outcome, describe

log = structlog.get_logger("robot.loop")

COUNT_KEYS = (
    "received", "duplicates", "quarantined", "intake_errors",
    "proposed", "manual", "retried", "failed", "lease_lost", "reconciled", "decided", "notified",
)  # fmt: skip

STOP_REQUESTED = "stop_requested"
CIRCUIT_BREAKER = "circuit_breaker"
INIT_FAILED = "init_failed"
MAX_ITEMS = "max_items"


@dataclass
class PassSummary:
    """What one pass did. ``counts`` are per outcome this pass (see ``COUNT_KEYS``)."""

    run_id: str
    process: str
    worker_id: str
    started_at: datetime
    ended_at: datetime
    counts: dict[str, int]
    stopped_reason: str | None = None  # an English sentence, None when the queue was simply emptied
    stop_code: str | None = None  # stop_requested, circuit_breaker, init_failed or max_items
    items: list[str] = field(default_factory=list)  # references received or handled this pass
    intake_problem: str | None = None  # why the source could not be read, when it could not

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at

    @property
    def duration_seconds(self) -> float:
        return self.duration.total_seconds()


class PassState:
    """What the sessions of one pass share: counts, the item limit, the circuit breaker, the stop."""

    def __init__(
        self, name: str, options: EngineOptions, stop_requested: Callable[[], bool], session_count: int
    ) -> None:
        self.options, self.stop_requested, self.session_count = options, stop_requested, session_count
        self.run_id = uuid.uuid4().hex
        self.started_at = utcnow()
        self.counts = dict.fromkeys(COUNT_KEYS, 0)
        self.touched: list[str] = []
        self.intake_problem: str | None = None
        self.stop_code: str | None = None
        self.stopped_reason: str | None = None
        self.log = log.bind(process=name, worker_id=options.worker_id)
        self._lock = threading.Lock()
        self._claimed = 0
        self._failures_in_a_row = 0

    def stop(self, code: str, reason: str) -> None:
        with self._lock:
            if self.stop_code is None:
                self.stop_code, self.stopped_reason = code, reason

    def request_stop(self) -> None:
        self.stop(STOP_REQUESTED, _STOP_SENTENCE)

    def may_claim(self) -> bool:
        """False once the pass must end: a stop was requested, the breaker opened, or the item limit is reached."""
        if self.stop_code is not None:
            return False
        if self.stop_requested():
            self.request_stop()
            self.log.warning("pass_stop_requested", step="get_transaction", reason=self.stopped_reason)
            return False
        limit = self.options.max_items_per_pass
        with self._lock:
            if limit is not None and self._claimed >= limit:
                reached = True
            else:
                self._claimed += 1
                return True
        if reached:
            self.stop(
                MAX_ITEMS, f"Reached the limit of {limit} items per pass; the rest wait for the next pass."
            )
            self.log.info("pass_item_limit", step="get_transaction", limit=limit)
        return False

    def claimed(self, reference: str) -> None:
        with self._lock:
            self.touched.append(reference)

    def record(self, outcome: Outcome) -> None:
        """Count an outcome; open the circuit breaker after enough system failures in a row (any session)."""
        with self._lock:
            self.counts[outcome.name] += 1
            if outcome.reconciled:
                self.counts["reconciled"] += 1
            if outcome.system_failure:
                self._failures_in_a_row += 1
            elif outcome.name in ("proposed", "manual"):
                self._failures_in_a_row = 0
            failures = self._failures_in_a_row
        if failures >= self.options.circuit_breaker_threshold:
            self.stop(
                CIRCUIT_BREAKER,
                f"Stopped the pass after {failures} system failures in a row (server errors, timeouts, "
                "maintenance or lost connections); the system may be down. Items were left in the queue "
                "and will be retried.",
            )
            self.log.error("circuit_breaker_open", step="process", reason=self.stopped_reason)

    def count(self, key: str, amount: int = 1) -> None:
        with self._lock:
            self.counts[key] += amount

    def may_follow_up(self) -> bool:
        """Decisions are read after the work unless the pass was stopped or the systems seem down."""
        return (
            self.stop_code not in (STOP_REQUESTED, CIRCUIT_BREAKER, INIT_FAILED) and not self.stop_requested()
        )


def intake(process: Process, queue: WorkQueue, state: PassState) -> None:
    """INTAKE: store each fetched record, acknowledge it only after the store committed.

    One worker at a time reads the source (``queue.intake_lock``); the others skip intake and work.
    """
    options = state.options
    with queue.intake_lock() as mine:
        if not mine:
            state.log.info("intake_skipped", step="intake", reason="another worker is reading the source")
            return
        try:
            for fetched in process.fetch_new():
                record = bounded(fetched, options.max_submission_bytes, options.oversized_message)
                reference = mask_text(record.reference)
                try:
                    item, created = queue.add(record, run_id=state.run_id)
                except Exception as error:
                    state.count("intake_errors")
                    state.log.error(
                        "intake_store_failed", step="intake", item=reference, error=describe(error)
                    )
                    continue  # not acknowledged: the source delivers it again next time
                if created:
                    state.claimed(record.reference)
                    state.count("quarantined" if item.state == "quarantined" else "received")
                else:
                    state.count("duplicates")
                outcome = item.state if created else "duplicate"
                state.log.info("intake_stored", step="intake", item=reference, outcome=outcome)
                try:
                    process.acknowledge(record.reference)
                except Exception as error:
                    state.log.warning(
                        "intake_ack_failed", step="intake", item=reference, error=describe(error)
                    )
        except Exception as error:
            state.count("intake_errors")
            state.intake_problem = describe(error)
            state.log.error("intake_failed", step="intake", outcome="error", error=state.intake_problem)


_STOP_SENTENCE = "Stopped on request (SIGTERM or Ctrl-C) after the current item; the rest stay in the queue."


def _work(sessions: list[Session], state: PassState) -> None:
    """Run every session (inline when there is one), then note when none could start."""
    if len(sessions) == 1:
        sessions[0].run()
    else:
        threads = [session.thread() for session in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    failures = [s.init_failure for s in sessions if s.init_failure]
    if failures and (
        not any(s.started for s in sessions) or (state.stop_code is None and len(failures) == len(sessions))
    ):
        state.stop(
            INIT_FAILED, f"{failures[0]} Items were left in the queue and will be retried on the next pass."
        )


def run_pass(
    process: Process | Sequence[Process],
    queue: WorkQueue,
    options: EngineOptions,
    stop_requested: Callable[[], bool] = lambda: False,
) -> PassSummary:
    """Run one pass over ``queue`` and return what it did. Never raises for item errors.

    ``process`` is one process instance, or one per session (the first also does the intake).
    """
    processes = [process] if not isinstance(process, Sequence) else list(process)
    state = PassState(processes[0].name, options, stop_requested, len(processes))
    started = utcnow()
    with bind_run(run_id=state.run_id):
        state.log.info("pass_started", step="start", sessions=len(processes))
        try:
            if stop_requested():
                state.request_stop()
            else:
                intake(processes[0], queue, state)
                with Notifier(processes[0], queue, state.log, senders=len(processes)) as notifier:
                    _work([Session(n, p, queue, options, state) for n, p in enumerate(processes, 1)], state)
                state.count("notified", notifier.sent)
                # the sessions share the pass's evidence folder: only now, with all done, may it go if empty
                remove_if_empty(options.evidence_root / state.run_id, options.evidence_root)
        finally:
            ended = utcnow()
            counts = dict(state.counts)
            summary = PassSummary(
                run_id=state.run_id,
                process=processes[0].name,
                worker_id=options.worker_id,
                started_at=started,
                ended_at=ended,
                counts=counts,
                stopped_reason=state.stopped_reason,
                stop_code=state.stop_code,
                items=list(dict.fromkeys(state.touched)),
                intake_problem=state.intake_problem,
            )
            _record(queue, summary, state.log)
        state.log.info(
            "pass_finished",
            step="end",
            counts=counts,
            stopped=state.stop_code,
            seconds=summary.duration_seconds,
        )
    return summary


def _record(queue: WorkQueue, summary: PassSummary, pass_log: Any) -> None:
    record = PassRecord(
        run_id=summary.run_id,
        process=summary.process,
        worker_id=summary.worker_id,
        started_at=summary.started_at,
        ended_at=summary.ended_at,
        counts=summary.counts,
        stopped_reason=summary.stopped_reason,
        stop_code=summary.stop_code,
    )
    try:
        queue.record_pass(record)
    except Exception as error:
        pass_log.error("pass_record_failed", step="end", error=describe(error))
