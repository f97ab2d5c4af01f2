"""Back-off delays and the options that drive them."""

from __future__ import annotations

import time

import pytest

from robot.engine.backoff import backoff_delay, interruptible_sleep
from robot.engine.options import EngineOptions


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(n, 2, 60) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]
    assert backoff_delay(0, 2, 60) == 2
    assert backoff_delay(5, 0, 60) == 0


def test_interruptible_sleep_wakes_on_stop() -> None:
    started = time.monotonic()
    assert interruptible_sleep(10, lambda: time.monotonic() - started > 0.1, step=0.02) is True
    assert time.monotonic() - started < 2
    assert interruptible_sleep(0.01, lambda: False) is False


def test_options_defaults_and_validation() -> None:
    options = EngineOptions()
    assert options.worker_id and options.heartbeat_interval == options.lease_seconds / 3
    assert EngineOptions(heartbeat_seconds=5).heartbeat_interval == 5
    with pytest.raises(ValueError):
        EngineOptions(lease_seconds=0)
    with pytest.raises(ValueError):
        EngineOptions(max_attempts=0)
