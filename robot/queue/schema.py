"""The queue's schema, versioned with Alembic: :func:`migrate` brings any database to the newest revision.

Every start (``once``, ``run``, ``demo``, the console) calls :func:`migrate` before using the
database, and ``python run_robot.py migrate`` does it alone (a deployment's upgrade step). Several
workers may start at once: on PostgreSQL the migration runs under a transaction-scoped advisory lock,
so one migrates and the others find the work done.

A database made by release 0.1.0 (tables, no version table) is adopted: its columns are checked
against the baseline revision ``0001``, it is stamped with it, and the newer revisions run. A new
migration is written with ``make migration MESSAGE="why"`` (Alembic's autogenerate against the
SQLModel tables) and reviewed by hand; ``tests/robot/queue/test_schema.py`` fails when the tables
and the migrations disagree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Connection, Engine

from robot.queue.models import Notification, PassRecord, WorkItem

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"
ENGINE_TABLE_NAMES = frozenset({"work_item", "pass_record", "notification"})
# Any constant shared by every worker: serialises migrations on PostgreSQL.
MIGRATION_LOCK = 727001


class SchemaError(Exception):
    """The database's schema cannot be brought up to date; the message says why and what to do."""


def target_metadata() -> MetaData:
    """The engine's tables as the models define them (the SQLModel metadata may hold other tables too)."""
    metadata = WorkItem.metadata
    assert {Notification.__tablename__, PassRecord.__tablename__} <= set(metadata.tables)
    return metadata


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the queue's migrations, on ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: not versioned, or empty)."""
    with engine.connect() as connection:
        return _revision(connection)


def version_table_schema(connection: Connection) -> str | None:
    """Where the version table is: the tables' schema (PostgreSQL tests translate the default one)."""
    return (connection.get_execution_options().get("schema_translate_map") or {}).get(None)


def _revision(connection: Connection) -> str | None:
    options = {"version_table_schema": version_table_schema(connection)}
    return MigrationContext.configure(connection, opts=options).get_current_revision()


def migrate(engine: Engine) -> str:
    """Bring the database to the newest revision (creating, adopting or upgrading it); return the revision."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config = alembic_config(connection)
        if _made_by_the_first_release(connection):
            _check_baseline_columns(connection)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
        revision = _revision(connection)
    assert revision is not None
    return revision


def _made_by_the_first_release(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names(schema=version_table_schema(connection)))
    return "work_item" in tables and "alembic_version" not in tables


def _check_baseline_columns(connection: Connection) -> None:
    inspector = inspect(connection)
    schema = version_table_schema(connection)
    missing = []
    tables = set(inspector.get_table_names(schema=schema))
    for name in sorted(ENGINE_TABLE_NAMES):
        present = {c["name"] for c in inspector.get_columns(name, schema=schema)} if name in tables else set()
        wanted = {column.name for column in target_metadata().tables[name].columns}
        missing += [f"{name}.{column}" for column in sorted(wanted - present)]
    if missing:
        raise SchemaError(
            f"The database was made by a robot older than release 0.1.0 (it lacks {', '.join(missing)}), "
            "so it cannot be adopted. Run release 0.1.0 against it once (it adds those columns), then this "
            "version; or start with a new database if the old one holds nothing to keep."
        )
