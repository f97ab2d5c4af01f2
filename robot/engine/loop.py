"""The transaction loop, in the manner of UiPath's REFramework: intake, init, get transaction, process, end.

:func:`run_pass` runs one pass of a process over its :class:`WorkQueue`:

* INTAKE: one worker at a time (``queue.intake_lock``) fetches new input, stores each record (a
  too large one quarantined) and acknowledges it only after the store committed.
* INIT, GET TRANSACTION, PROCESS: one or more sessions (:mod:`robot.engine.session`), each its own process
  instance, start (with retries), claim items one at a time and handle each in a transaction
  (:mod:`robot.engine.transaction`) until the queue is empty, a stop is requested (checked between items),
  the per-pass limit is reached, or the circuit breaker opens after enough system failures in a row.
* END: every process stopped; the pass recorded with its counts and why it stopped, if it did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import structlog

from robot.engine.evidence import remove_if_empty
from robot.engine.intake_bounds import bounded
from robot.engine.notifier import Notifier
from robot.engine.options import EngineOptions
from robot.engine.pass_state import INIT_FAILED, PassState, PassSummary
from robot.engine.session import Session
from robot.engine.transaction import describe
from robot.logs import bind_run
from robot.masking import mask_text
from robot.process import Process
from robot.queue.models import PassRecord, utcnow
from robot.queue.store import WorkQueue

log = structlog.get_logger("robot.engine.loop")


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
