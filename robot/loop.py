"""The transaction loop, in the manner of UiPath's REFramework: intake, init, get transaction, process, end.

:func:`run_pass` runs one pass of any :class:`robot.process.Process` over its :class:`WorkQueue`:

* INTAKE: fetch new input, store each record, acknowledge it only after the store committed.
* INIT: ``process.start()``, retried with back-off; the pass stops when it cannot start.
* GET TRANSACTION: claim items one at a time until the queue is empty, a stop is requested (checked
  between items), or the per-pass limit is reached.
* PROCESS: ``handle`` under a lease kept alive by a heartbeat thread. A result completes the item; a
  BusinessException hands it to a human; any other exception captures evidence, re-initialises the
  process and retries the item later with exponential back-off, or fails it after ``max_attempts``.
  After ``circuit_breaker_threshold`` application errors in a row the pass stops.
* END: ``process.stop()`` always; the pass is recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog

from robot.backoff import backoff_delay, interruptible_sleep
from robot.intake_bounds import bounded
from robot.logs import bind_run
from robot.masking import mask_text
from robot.models import PassRecord, utcnow
from robot.options import EngineOptions
from robot.process import Process
from robot.queue import WorkQueue
from robot.transaction import Outcome, Transaction, describe

log = structlog.get_logger("robot.loop")

COUNT_KEYS = (
    "received", "duplicates", "quarantined", "intake_errors",
    "proposed", "manual", "retried", "failed", "lease_lost", "reconciled",
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


class _Pass:
    """The state of one running pass."""

    def __init__(
        self, process: Process, queue: WorkQueue, options: EngineOptions, stop_requested: Callable[[], bool]
    ) -> None:
        self.process, self.queue, self.options, self.stop_requested = process, queue, options, stop_requested
        self.run_id = uuid.uuid4().hex
        self.counts = dict.fromkeys(COUNT_KEYS, 0)
        self.touched: list[str] = []
        self.intake_problem: str | None = None
        self.stop_code: str | None = None
        self.stopped_reason: str | None = None
        self.log = log.bind(process=process.name, worker_id=options.worker_id)
        self.transaction = Transaction(process, queue, options, self.run_id, self.log, self.restart)

    def stop(self, code: str, reason: str) -> None:
        self.stop_code, self.stopped_reason = code, reason

    # ---- INTAKE -------------------------------------------------------------------------------
    def intake(self) -> None:
        try:
            for fetched in self.process.fetch_new():
                record = bounded(fetched, self.options.max_submission_bytes, self.options.oversized_message)
                reference = mask_text(record.reference)
                try:
                    item, created = self.queue.add(record, run_id=self.run_id)
                except Exception as error:
                    self.counts["intake_errors"] += 1
                    self.log.error(
                        "intake_store_failed", step="intake", item=reference, error=describe(error)
                    )
                    continue  # not acknowledged: the source delivers it again next time
                if created:
                    self.touched.append(record.reference)
                    self.counts["quarantined" if item.state == "quarantined" else "received"] += 1
                else:
                    self.counts["duplicates"] += 1
                outcome = item.state if created else "duplicate"
                self.log.info("intake_stored", step="intake", item=reference, outcome=outcome)
                try:
                    self.process.acknowledge(record.reference)
                except Exception as error:
                    self.log.warning(
                        "intake_ack_failed", step="intake", item=reference, error=describe(error)
                    )
        except Exception as error:
            self.counts["intake_errors"] += 1
            self.intake_problem = describe(error)
            self.log.error("intake_failed", step="intake", outcome="error", error=self.intake_problem)

    # ---- INIT ---------------------------------------------------------------------------------
    def start_process(self) -> bool:
        attempts = self.options.init_max_attempts
        for attempt in range(1, attempts + 1):
            try:
                self.process.start()
                self.log.info("init_done", step="init", outcome="started", attempt=attempt)
                return True
            except Exception as error:
                self.log.error("init_failed", step="init", attempt=attempt, error=describe(error))
                _quiet_stop(self.process, self.log)
                if attempt == attempts:
                    self.stop(
                        INIT_FAILED,
                        f"Could not start the process after {attempts} attempts ({describe(error)}). "
                        "Items were left in the queue and will be retried on the next pass.",
                    )
                    return False
                delay = backoff_delay(
                    attempt, self.options.backoff_base_seconds, self.options.backoff_max_seconds
                )
                if interruptible_sleep(delay, self.stop_requested):
                    self.stop(STOP_REQUESTED, _STOP_SENTENCE)
                    return False
        return False

    # ---- GET TRANSACTION / PROCESS ------------------------------------------------------------
    def work(self) -> None:
        errors_in_a_row = 0
        handled = 0
        limit = self.options.max_items_per_pass
        while True:
            if self.stop_requested():
                self.stop(STOP_REQUESTED, _STOP_SENTENCE)
                self.log.warning("pass_stop_requested", step="get_transaction", reason=self.stopped_reason)
                return
            if limit is not None and handled >= limit:
                self.stop(
                    MAX_ITEMS,
                    f"Reached the limit of {limit} items per pass; the rest wait for the next pass.",
                )
                self.log.info("pass_item_limit", step="get_transaction", limit=limit)
                return
            item = self.queue.claim(self.options.worker_id, self.options.lease_seconds, run_id=self.run_id)
            if item is None:
                self.log.info("queue_empty", step="get_transaction")
                return
            handled += 1
            self.touched.append(item.reference)
            outcome: Outcome = self.transaction.handle(item)
            if outcome.system_failure:
                errors_in_a_row += 1
            elif outcome.name in ("proposed", "manual"):
                errors_in_a_row = 0
            self.counts[outcome.name] += 1
            if outcome.reconciled:
                self.counts["reconciled"] += 1
            if errors_in_a_row >= self.options.circuit_breaker_threshold:
                self.stop(
                    CIRCUIT_BREAKER,
                    f"Stopped the pass after {errors_in_a_row} system failures in a row (server errors, "
                    "timeouts, maintenance or lost connections); the system may be down. Items were left "
                    "in the queue and will be retried.",
                )
                self.log.error("circuit_breaker_open", step="process", reason=self.stopped_reason)
                return
            if self.stop_code == INIT_FAILED:
                return

    def restart(self) -> bool:
        """Stop and start the process after an application error; False (and the pass stops) when it cannot."""
        _quiet_stop(self.process, self.log)
        if self.start_process():
            return True
        self.log.error("reinit_failed", step="init", reason=self.stopped_reason)
        return False


_STOP_SENTENCE = "Stopped on request (SIGTERM or Ctrl-C) after the current item; the rest stay in the queue."


def _quiet_stop(process: Process, pass_log: Any) -> None:
    try:
        process.stop()
    except Exception as error:
        pass_log.warning("process_stop_failed", step="end", error=describe(error))


def run_pass(
    process: Process,
    queue: WorkQueue,
    options: EngineOptions,
    stop_requested: Callable[[], bool] = lambda: False,
) -> PassSummary:
    """Run one pass of ``process`` over ``queue`` and return what it did. Never raises for item errors."""
    state = _Pass(process, queue, options, stop_requested)
    started = utcnow()
    with bind_run(run_id=state.run_id):
        state.log.info("pass_started", step="start")
        try:
            if stop_requested():
                state.stop(STOP_REQUESTED, _STOP_SENTENCE)
            else:
                state.intake()
                if state.start_process():
                    state.work()
        finally:
            _quiet_stop(process, state.log)
            ended = utcnow()
            counts = dict(state.counts)
            summary = PassSummary(
                run_id=state.run_id,
                process=process.name,
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
