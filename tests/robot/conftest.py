"""Fixtures for the engine tests: a queue on the shared fresh database, and engine options."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from robot.engine.options import EngineOptions
from robot.queue.store import WorkQueue


@pytest.fixture
def queue(engine: Engine) -> WorkQueue:
    return WorkQueue(engine, "fake")


@pytest.fixture
def options(tmp_path: Path) -> EngineOptions:
    return EngineOptions(
        worker_id="test-worker",
        lease_seconds=30,
        max_attempts=3,
        backoff_base_seconds=0,
        backoff_max_seconds=0,
        circuit_breaker_threshold=5,
        max_items_per_pass=100,
        init_max_attempts=3,
        evidence_root=tmp_path / "evidence",
    )
