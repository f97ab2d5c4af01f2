"""Database engines for the work queue: SQLite (default, one machine) or PostgreSQL (several machines).

SQLite connections use WAL mode, a busy timeout and foreign keys, and every transaction starts with
``BEGIN IMMEDIATE`` so that concurrent writers queue up on the busy timeout instead of failing.
The tables are made and upgraded by the migrations (:mod:`robot.queue.schema`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``sqlite:///path.db`` (folder created) or ``postgresql+psycopg://user@host/db``."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database, echo, busy_timeout_ms)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, echo=echo, pool_pre_ping=True, future=True)
    raise ValueError(
        f"The database URL must start with sqlite:/// or postgresql+psycopg://, not {parsed.drivername}://."
    )


def _sqlite_engine(url: str, database: str | None, echo: bool, busy_timeout_ms: int) -> Engine:
    in_memory = not database or database == ":memory:" or database.startswith("file::memory:")
    if not in_memory:
        Path(database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see _on_begin
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class ProcessTables:
    """Base of the classes that read and write one process's rows: the engine, the process, sessions."""

    def __init__(self, engine: Engine, process: str) -> None:
        self.engine = engine
        self.process = process

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)
