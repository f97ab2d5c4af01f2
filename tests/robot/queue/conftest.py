"""Fixtures for the storage tests: an empty PostgreSQL schema of its own per test, dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from robot.queue.db import make_engine

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_schema() -> Iterator[tuple[Engine, str]]:
    """An engine on an empty schema of its own (``schema_translate_map``) and the schema's name."""
    base = make_engine(POSTGRES_URL)
    try:
        with base.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        base.dispose()
        pytest.skip(
            "PostgreSQL is not reachable at 127.0.0.1:5432; start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            f"(and create the database: `createdb -U postgres test`). ({type(error).__name__})"
        )
    schema = f"robot_test_{uuid.uuid4().hex[:10]}"
    with base.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.execution_options(schema_translate_map={None: schema}), schema
    finally:
        with base.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        base.dispose()
