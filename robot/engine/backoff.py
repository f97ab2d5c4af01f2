"""Exponential back-off delays for retries."""

from __future__ import annotations

import time
from collections.abc import Callable


def backoff_delay(attempt: int, base: float, maximum: float) -> float:
    """Delay before retry number ``attempt`` (1-based): ``base * 2**(attempt-1)``, at most ``maximum``."""
    if attempt < 1:
        attempt = 1
    return float(min(maximum, base * (2 ** (attempt - 1))))


def interruptible_sleep(seconds: float, stop_requested: Callable[[], bool], step: float = 0.2) -> bool:
    """Sleep up to ``seconds``, waking early when ``stop_requested()``. Returns True when stopped early."""
    deadline = time.monotonic() + seconds
    while True:
        if stop_requested():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(step, remaining))
