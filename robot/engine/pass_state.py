"""What the sessions of one pass share while it runs (:class:`PassState`) and what the pass did (:class:`PassSummary`).

The counts per outcome, the per-pass item limit, the circuit breaker and the stop request live
here, behind one lock, so every session of a pass sees the same.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog

from robot.engine.options import EngineOptions
from robot.engine.transaction import Outcome
from robot.queue.models import utcnow

log = structlog.get_logger("robot.engine.loop")

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


_STOP_SENTENCE = "Stopped on request (SIGTERM or Ctrl-C) after the current item; the rest stay in the queue."
