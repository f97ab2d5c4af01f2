"""Database engines for the work queue: SQLite (default, one machine) or PostgreSQL (several machines).

SQLite connections use WAL mode, a busy timeout and foreign keys, and every transaction starts with
``BEGIN IMMEDIATE`` so that concurrent writers queue up on the busy timeout instead of failing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session

from robot.queue.models import Notification, PassRecord, WorkItem

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


# Any constant shared by every worker: serialises table creation on PostgreSQL.
CREATE_TABLES_LOCK = 727001


def create_tables(engine: Engine) -> None:
    """Create the engine's tables if they do not exist (only ours, not every SQLModel table).

    Several workers may start at once against a fresh PostgreSQL database; "check, then create" is
    not atomic there, so the creation runs under a transaction-scoped advisory lock.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_TABLES_LOCK})
        WorkItem.metadata.create_all(connection, tables=engine_tables())
        upgrade(connection)


def engine_tables() -> list[Table]:
    return [WorkItem.__table__, PassRecord.__table__, Notification.__table__]  # type: ignore[attr-defined]


def upgrade(connection: Connection) -> list[str]:
    """Bring tables made by an older version up to date: add missing (nullable) columns and indexes.

    New columns are always nullable or have a default, so an older database keeps working; returns
    what was added, e.g. ``["work_item.business_key"]``.
    """
    inspector = inspect(connection)
    schema = (connection.get_execution_options().get("schema_translate_map") or {}).get(None)
    added: list[str] = []
    for table in engine_tables():
        present = {column["name"] for column in inspector.get_columns(table.name, schema=schema)}
        qualified = f'"{schema}".{table.name}' if schema else table.name
        for column in table.columns:
            if column.name in present:
                continue
            kind = column.type.compile(dialect=connection.dialect)
            connection.execute(text(f'ALTER TABLE {qualified} ADD COLUMN "{column.name}" {kind}'))
            added.append(f"{table.name}.{column.name}")
        indexes = {index["name"] for index in inspector.get_indexes(table.name, schema=schema)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(connection, checkfirst=True)
                added.append(f"{table.name}.{index.name}")
    return added


class ProcessTables:
    """Base of the classes that read and write one process's rows: the engine, the process, sessions."""

    def __init__(self, engine: Engine, process: str) -> None:
        self.engine = engine
        self.process = process

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)
