"""Fixtures shared by every test package: a fresh SQLite work-queue database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from robot.queue.db import make_engine
from robot.queue.schema import migrate


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'db' / 'robot.db'}")
    migrate(engine)
    yield engine
    engine.dispose()
