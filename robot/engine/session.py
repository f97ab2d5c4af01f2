"""One session of a pass: one process instance (one browser, one login) claiming and handling items.

A pass runs ``sessions`` of them at once (``engine.sessions`` in the settings), each in its own
thread with its own worker id (``<worker>/s<n>``), so the queue's leases and the business-key guard
work between the sessions of one worker exactly as between workers. They share the pass's counts,
its item limit, its circuit breaker and its stop request.
"""

from __future__ import annotations

import contextvars
import dataclasses
import threading
from datetime import timedelta
from typing import Any

from robot.engine.backoff import backoff_delay, interruptible_sleep
from robot.engine.follow_up import follow_up
from robot.engine.options import EngineOptions
from robot.engine.pass_state import PassState
from robot.engine.transaction import Outcome, Transaction, describe
from robot.process import Process
from robot.queue.store import WorkQueue


def quiet_stop(process: Process, log: Any) -> None:
    try:
        process.stop()
    except Exception as error:
        log.warning("process_stop_failed", step="end", error=describe(error))


class Session:
    """One process instance working the queue for a pass."""

    def __init__(
        self, number: int, process: Process, queue: WorkQueue, options: EngineOptions, state: PassState
    ) -> None:
        worker_id = options.worker_id if state.session_count == 1 else f"{options.worker_id}/s{number}"
        self.number, self.process, self.queue, self.state = number, process, queue, state
        self.options = dataclasses.replace(options, worker_id=worker_id)
        self.log = state.log.bind(session=number, worker_id=worker_id)
        self.transaction = Transaction(process, queue, self.options, state.run_id, self.log, self.restart)
        self.started = False
        self.init_failure: str | None = None

    def start(self) -> bool:
        """Start the process, retrying with back-off; False (with the reason kept) when it cannot."""
        attempts = self.options.init_max_attempts
        for attempt in range(1, attempts + 1):
            try:
                self.process.start()
                self.log.info("init_done", step="init", outcome="started", attempt=attempt)
                self.started, self.init_failure = True, None
                return True
            except Exception as error:
                self.log.error("init_failed", step="init", attempt=attempt, error=describe(error))
                quiet_stop(self.process, self.log)
                self.init_failure = (
                    f"Could not start the process after {attempts} attempts ({describe(error)})."
                )
                if attempt == attempts:
                    break
                delay = backoff_delay(
                    attempt, self.options.backoff_base_seconds, self.options.backoff_max_seconds
                )
                if interruptible_sleep(delay, self.state.stop_requested):
                    self.state.request_stop()
                    return False
        self.started = False
        return False

    def restart(self) -> bool:
        """Stop and start the process after an application error; False when it cannot be started again."""
        quiet_stop(self.process, self.log)
        if self.start():
            return True
        self.log.error("reinit_failed", step="init", reason=self.init_failure)
        return False

    def work(self) -> None:
        """Claim and handle items until the queue is empty or the pass stops."""
        while self.started and self.state.may_claim():
            item = self.queue.claim(
                self.options.worker_id, self.options.lease_seconds, run_id=self.state.run_id
            )
            if item is None:
                self.log.info("queue_empty", step="get_transaction")
                return
            self.state.claimed(item.reference)
            outcome: Outcome = self.transaction.handle(item)
            self.state.record(outcome)

    def follow_up(self) -> None:
        """Read back the caseworkers' decisions on open items (the first session does it, after the work)."""
        if self.number != 1 or not self.started or not self.state.may_follow_up():
            return
        try:
            every = timedelta(minutes=self.options.follow_up_minutes)
            self.state.count("decided", follow_up(self.process, self.queue, self.state.started_at, every))
        except Exception as error:
            self.log.error("follow_up_failed", step="end", error=describe(error))

    def run(self) -> None:
        """Start, work, follow up, stop: the session's life in its thread (or inline for a single session)."""
        try:
            if self.start():
                self.work()
                self.follow_up()
        except Exception as error:  # a bug in the engine must not leave the other sessions hanging
            self.log.error("session_failed", step="process", error=describe(error), exc_info=error)
        finally:
            quiet_stop(self.process, self.log)

    def thread(self) -> threading.Thread:
        context = contextvars.copy_context()  # keep the run id bound in the thread's log events
        return threading.Thread(
            target=context.run, args=(self.run,), name=f"session-{self.number}", daemon=True
        )
