"""Telling applicants while the pass works: the outbox is delivered in a background thread every second.

The steps of an item reach the applicant seconds after they happen instead of at the end of a long
pass, and the waiting on the e-service's and the mail server's answers overlaps the work. A last
delivery after the work sends what is left. The process's ``notify`` must be safe to call from several
threads at once (the status and mail clients are).
"""

from __future__ import annotations

import contextvars
import threading
from types import TracebackType
from typing import Any

from robot.engine.transaction import describe
from robot.process import Process
from robot.queue import outbox
from robot.queue.store import WorkQueue

INTERVAL_SECONDS = 1.0
MAX_SENDERS = 8  # each holds a database connection while it marks a row; the pool has 15


class Notifier:
    def __init__(self, process: Process, queue: WorkQueue, log: Any, senders: int = 1) -> None:
        """``senders``: items told at the same time (at most :data:`MAX_SENDERS`); a pass uses one
        per session, as each session makes steps."""
        self.process, self.queue, self.log = process, queue, log
        self.senders = max(1, min(senders, MAX_SENDERS))
        self.sent = 0
        self._stop = threading.Event()
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run,), name="notifier", daemon=True)

    def deliver(self, wait: bool = False) -> None:
        """Send what is pending, unless another worker is delivering this process's outbox right now
        (with ``wait``: after it).

        One deliverer at a time (across workers on PostgreSQL): a row found "sending" is then truly one
        a crash left behind, never one another worker is sending, and nothing is sent twice.
        """
        try:
            with self.queue.exclusive("deliver", wait=wait) as mine:
                if mine:
                    self.sent += outbox.deliver(
                        self.process,
                        self.queue.engine,
                        self.queue.process,
                        self.queue.channels,
                        senders=self.senders,
                    )["sent"]
        except Exception as error:  # a database hiccup: the rows stay pending for the next round
            self.log.error("notifications_failed", step="notify", error=describe(error))

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL_SECONDS):
            self.deliver()

    def __enter__(self) -> Notifier:
        if self.queue.channels:
            self._thread.start()
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if not self.queue.channels:
            return
        self._stop.set()
        self._thread.join()
        self.deliver(wait=True)  # what the last items and the follow-up left
