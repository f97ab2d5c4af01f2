"""Keeping a claimed item's lease alive while it is handled: a heartbeat thread renews it."""

from __future__ import annotations

import contextvars
import threading
from types import TracebackType

import structlog

from robot.engine.options import EngineOptions
from robot.masking import mask_text
from robot.queue.store import LeaseLost, WorkQueue

log = structlog.get_logger("robot.engine.lease")


class LeaseKeeper:
    """Renews an item's lease every ``heartbeat_interval`` seconds in a background thread."""

    def __init__(self, queue: WorkQueue, item_id: int, options: EngineOptions) -> None:
        self.queue, self.item_id, self.options = queue, item_id, options
        self.lost = False
        self._stop = threading.Event()
        context = contextvars.copy_context()  # keep the run id bound in the thread's log events
        self._thread = threading.Thread(
            target=context.run, args=(self._run,), name=f"lease-{item_id}", daemon=True
        )

    def beat(self) -> None:
        """Renew now. Raises LeaseLost when another worker took the item over."""
        if self.lost or not self.queue.renew(
            self.item_id, self.options.worker_id, self.options.lease_seconds
        ):
            self.lost = True
            raise LeaseLost(f"The lease on item {self.item_id} was lost.")

    def _run(self) -> None:
        while not self._stop.wait(self.options.heartbeat_interval):
            try:
                self.beat()
            except LeaseLost:
                log.warning("lease_lost", step="process", item_id=self.item_id)
                return
            except Exception as error:  # a database hiccup: try again on the next beat
                log.warning("lease_renew_failed", item_id=self.item_id, error=mask_text(str(error)))

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
