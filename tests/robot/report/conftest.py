"""Fixtures for the report tests: the queue's database on SQLite, and on PostgreSQL where the SQL differs."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from robot.queue.schema import migrate
from tests.robot.queue.conftest import pg_schema  # noqa: F401 (a fixture used by any_database)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, engine: Engine) -> Engine:
    """The test's SQLite database, or a migrated PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return engine
    postgres: Engine = request.getfixturevalue("pg_schema")[0]
    migrate(postgres)
    return postgres
