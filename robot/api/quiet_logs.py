"""Logs that cannot flood: at most one line per logger and event every few seconds, with a count.

A public server sees the same event thousands of times a second when it is attacked or out of
resources (asyncio logs a traceback for every failed ``accept``; a slow client, a refused
connection or a disconnect would be a line each). :class:`Throttle` lets the first through, holds
back the rest for ``interval`` seconds and puts the number held back on the next one that passes.
"""

from __future__ import annotations

import logging
import time
from typing import Any

INTERVAL_SECONDS = 10.0
THROTTLED_LOGGERS = ("asyncio", "uvicorn.error", "robot.api")


class Throttle(logging.Filter):
    """A filter for a logger: one record per event and ``interval``; see the module's docstring."""

    def __init__(self, interval: float = INTERVAL_SECONDS) -> None:
        super().__init__()
        self.interval = interval
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, _event(record.msg))
        now = time.monotonic()
        last, held = self._seen.get(key, (float("-inf"), 0))
        if now - last < self.interval:
            self._seen[key] = (last, held + 1)
            return False
        self._seen[key] = (now, 0)
        if held:
            if isinstance(record.msg, dict):  # a structlog event on its way to the formatter
                record.msg["held_back"] = held
            else:
                record.msg = f"{record.msg} ({held} more like it held back in {self.interval:.0f} s)"
        return True


def _event(message: Any) -> str:
    if isinstance(message, dict):
        return f"{message.get('event')}:{message.get('error', '')}"
    return str(message)


def install(interval: float = INTERVAL_SECONDS) -> None:
    """Throttle the loggers a public server floods: asyncio's, uvicorn's and the API's own (idempotent)."""
    for name in THROTTLED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, Throttle) for existing in logger.filters):
            logger.addFilter(Throttle(interval))
