"""One transaction: handling one claimed item under its lease, in the manner of UiPath's REFramework.

* A result completes the item (``proposed`` or ``manual``).
* A :class:`BusinessException` hands it to a human with the reasons; never retried, never counted
  by the circuit breaker.
* Any other exception is an application error: evidence is captured (and sealed), the process is
  restarted and the item retried later with back-off. Before an item is given up, the process
  reconciles it with the target system: a result written after all completes the item instead.
  Only system failures (``ApplicationException(system=True)``) count towards the circuit breaker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robot.engine.backoff import backoff_delay
from robot.engine.evidence import evidence_dir, remove_if_empty, seal
from robot.engine.lease import LeaseKeeper
from robot.engine.options import EngineOptions
from robot.masking import mask_text
from robot.process import (
    ApplicationException,
    BusinessException,
    ItemResult,
    Process,
    WorkContext,
    WorkItemView,
)
from robot.queue.models import WorkItem
from robot.queue.store import LeaseLost, WorkQueue, view_of


@dataclass(frozen=True)
class Outcome:
    """How one transaction ended: ``proposed``, ``manual``, ``retried``, ``failed`` or ``lease_lost``."""

    name: str
    system_failure: bool = False  # an outside system failed (counts towards the circuit breaker)
    reconciled: bool = False  # the result was found already written in the target system


def describe(error: BaseException) -> str:
    return mask_text(f"{type(error).__name__}: {error}")


def is_system_failure(error: BaseException) -> bool:
    return isinstance(error, ApplicationException) and error.system


class Transaction:
    """Handles claimed items of one pass; ``restart`` stops and starts the process (False: it could not)."""

    def __init__(
        self,
        process: Process,
        queue: WorkQueue,
        options: EngineOptions,
        run_id: str,
        log: Any,
        restart: Callable[[], bool],
    ) -> None:
        self.process, self.queue, self.options, self.run_id = process, queue, options, run_id
        self.log, self.restart = log, restart

    def handle(self, item: WorkItem) -> Outcome:
        assert item.id is not None
        attempt = item.attempts
        item_log = self.log.bind(item=mask_text(item.reference), item_id=item.id, attempt=attempt)
        try:
            directory = evidence_dir(self.options.evidence_root, self.run_id, item.id, attempt)
            view = view_of(item, self.queue.related(item))
        except Exception as unready:  # e.g. the database did not answer: give the item back, never keep it
            return self._give_back(item, unready, item_log)
        keeper = LeaseKeeper(self.queue, item.id, self.options)
        ctx = WorkContext(run_id=self.run_id, attempt=attempt, evidence_dir=directory, heartbeat=keeper.beat)
        try:
            with keeper:
                if attempt > self.options.max_attempts:
                    error = f"Gave up after {attempt - 1} attempts; the last ones never finished (the lease expired)."
                    return self._give_up(item, view, ctx, error, [], item_log)
                item_log.info("item_started", step="process", related=len(view.related))
                outcome, reasons = self._attempt(item, view, ctx)
            item_log.info("item_done", step="process", outcome=outcome.name, reasons=len(reasons))
            return outcome
        except LeaseLost:
            item_log.warning("item_lease_lost", step="process", outcome="lease_lost")
            return Outcome("lease_lost")
        except Exception as error:
            return self._after_error(item, view, ctx, error, item_log)
        finally:
            self._close_evidence(directory, item_log)

    def _close_evidence(self, directory: Path, item_log: Any) -> None:
        """Seal what the attempt kept and remove its folders when empty, up to the pass's folder (which
        the other sessions share; the pass removes it at its end). Never fails the item."""
        try:
            if directory.exists():
                seal(directory, self.options.evidence_key)
                remove_if_empty(directory, directory.parent.parent)
        except OSError as error:
            item_log.warning("evidence_close_failed", step="process", error=describe(error))

    def _after_error(
        self, item: WorkItem, view: WorkItemView, ctx: WorkContext, error: Exception, item_log: Any
    ) -> Outcome:
        """Handle an application error; never let the item stay claimed when that handling fails too."""
        try:
            return self._application_error(item, view, ctx, error, item_log)
        except LeaseLost:
            item_log.warning("item_lease_lost", step="process", outcome="lease_lost")
            return Outcome("lease_lost")
        except Exception as failure:  # e.g. the database failed while the error was being recorded
            return self._give_back(item, failure, item_log)

    def _give_back(self, item: WorkItem, error: Exception, item_log: Any) -> Outcome:
        """The attempt could not begin or end properly: the item goes back to the queue (a later attempt)."""
        assert item.id is not None
        description = describe(error)
        item_log.error("item_given_back", step="process", error=description, exc_info=error)
        delay = backoff_delay(
            item.attempts, self.options.backoff_base_seconds, self.options.backoff_max_seconds
        )
        if not self.queue.retry_later(
            item.id, self.options.worker_id, description, [], delay, run_id=self.run_id
        ):
            item_log.warning("item_lease_lost", step="process", outcome="lease_lost")
        return Outcome("retried", system_failure=True)

    def _attempt(self, item: WorkItem, view: WorkItemView, ctx: WorkContext) -> tuple[Outcome, list[str]]:
        assert item.id is not None
        worker = self.options.worker_id
        try:
            result = self.process.handle(view, ctx)
            if not isinstance(result, ItemResult) or result.state not in ("proposed", "manual"):
                raise TypeError(f"handle() must return an ItemResult that is proposed or manual: {result!r}")
            stored = self.queue.complete(item.id, worker, result, run_id=self.run_id)
            outcome, reasons = Outcome(result.state), result.reasons
        except BusinessException as business:
            self.process.record_manual(view, business.reasons, ctx)
            stored = self.queue.mark_manual(
                item.id,
                worker,
                business.reasons,
                data={"details": business.details},
                decision=business.decision,
                run_id=self.run_id,
            )
            outcome, reasons = Outcome("manual"), business.reasons
        if not stored:
            raise LeaseLost(f"The lease on item {item.id} was lost before the result was stored.")
        return outcome, reasons

    def _application_error(
        self, item: WorkItem, view: WorkItemView, ctx: WorkContext, error: Exception, item_log: Any
    ) -> Outcome:
        assert item.id is not None
        description = describe(error)
        system = is_system_failure(error)
        item_log.error(
            "item_application_error", step="process", error=description, system=system, exc_info=error
        )
        files: list[str] = []
        try:
            files = [str(path) for path in self.process.capture_evidence(ctx.evidence_dir)]
        except Exception as capture_error:
            item_log.warning("evidence_capture_failed", error=describe(capture_error))
        files = sorted(str(path) for path in seal(ctx.evidence_dir, self.options.evidence_key)) or files
        restarted = self.restart()
        if ctx.attempt >= self.options.max_attempts:
            outcome = self._give_up(item, view, ctx, description, files, item_log, restarted)
            return Outcome(
                outcome.name, system_failure=system and not outcome.reconciled, reconciled=outcome.reconciled
            )
        delay = backoff_delay(
            ctx.attempt, self.options.backoff_base_seconds, self.options.backoff_max_seconds
        )
        stored = self.queue.retry_later(
            item.id, self.options.worker_id, description, files, delay, run_id=self.run_id
        )
        if not stored:
            item_log.warning("item_lease_lost", step="process", outcome="lease_lost")
        item_log.warning("item_retry_scheduled", step="process", outcome="retried", delay_seconds=delay)
        return Outcome("retried", system_failure=system)

    def _give_up(
        self,
        item: WorkItem,
        view: WorkItemView,
        ctx: WorkContext,
        error: str,
        files: list[str],
        item_log: Any,
        started: bool = True,
    ) -> Outcome:
        """Reconcile with the target system; fail the item only when nothing was written there."""
        assert item.id is not None
        found = self.reconcile(view, ctx, item_log) if started else None
        if found is not None:
            found.data = {**found.data, "reconciled": True, "last_error": error}
            if not self.queue.complete(item.id, self.options.worker_id, found, run_id=self.run_id):
                raise LeaseLost(f"The lease on item {item.id} was lost before the result was stored.")
            item_log.warning("item_reconciled", step="process", outcome=found.state, error=error)
            return Outcome(found.state, reconciled=True)
        self.queue.fail(item.id, self.options.worker_id, error, files, run_id=self.run_id)
        item_log.error("item_failed", step="process", outcome="failed", error=error, evidence=len(files))
        return Outcome("failed")

    def reconcile(self, view: WorkItemView, ctx: WorkContext, item_log: Any) -> ItemResult | None:
        try:
            return self.process.reconcile(view, ctx)
        except Exception as error:
            item_log.warning("item_reconcile_failed", step="process", error=describe(error))
            return None
