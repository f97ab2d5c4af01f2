"""The migrations: a new database, one the last release made, one too old to adopt, and tables that agree with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from robot.queue.db import make_engine
from robot.queue.schema import (
    BASELINE,
    ENGINE_TABLE_NAMES,
    SchemaError,
    current_revision,
    head_revision,
    migrate,
    target_metadata,
)
from robot.queue.store import WorkQueue
from tests.robot.fakes import record

LAST_RELEASE = Path(__file__).parent / "last_release"
OLD_ROW = (
    "INSERT INTO work_item (process, reference, state, attempts, payload, decision, trace, reasons, data,"
    " errors, evidence, created_at, updated_at) VALUES ('p', 'ES-OLD', 'proposed', 1, '{}', '{}', '[]',"
    " '[\"Skäl\"]', '{}', '[]', '[]', '2021-12-01 00:00:00', '2021-12-01 00:00:00')"
)


def _differences(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match the models (nothing, we want)."""

    def ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return type_ != "table" or name in ENGINE_TABLE_NAMES

    with engine.connect() as connection:
        schema = (connection.get_execution_options().get("schema_translate_map") or {}).get(None)
        if schema:  # reflect the test's own schema, not the server's default one
            connection.exec_driver_sql(f'SET search_path TO "{schema}"')
        context = MigrationContext.configure(connection, opts={"include_object": ours, "compare_type": True})
        return list(compare_metadata(context, target_metadata()))


def _sqlite(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'robot.db'}")


def _run_script(engine: Engine, name: str) -> None:
    statements = (LAST_RELEASE / f"{name}.sql").read_text("utf-8").split(";")
    with engine.begin() as connection:
        for statement in statements:
            lines = [line for line in statement.splitlines() if not line.startswith("--")]
            if "".join(lines).strip():
                connection.exec_driver_sql("\n".join(lines))


def test_a_new_sqlite_database_gets_the_newest_schema_and_agrees_with_the_models(tmp_path: Path) -> None:
    engine = _sqlite(tmp_path)
    assert current_revision(engine) is None
    assert migrate(engine) == head_revision()
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    assert migrate(engine) == head_revision()  # idempotent


def test_a_database_the_last_release_made_is_adopted_and_keeps_its_rows(tmp_path: Path) -> None:
    engine = _sqlite(tmp_path)
    _run_script(engine, "sqlite")
    with engine.begin() as connection:
        connection.exec_driver_sql(OLD_ROW)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    old = WorkQueue(engine, "p").get("ES-OLD")
    assert old is not None and old.state == "proposed"


def test_a_database_older_than_the_last_release_is_refused_with_a_sentence(tmp_path: Path) -> None:
    engine = _sqlite(tmp_path)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE work_item (id INTEGER PRIMARY KEY, process VARCHAR(100))")
    with pytest.raises(SchemaError, match=r"older than release 0\.1\.0 .*work_item\.reference.*Run release"):
        migrate(engine)
    assert current_revision(engine) is None


def test_the_migrated_queue_takes_work(tmp_path: Path) -> None:
    engine = _sqlite(tmp_path)
    migrate(engine)
    queue = WorkQueue(engine, "p")
    queue.add(record("ES-1"))
    assert queue.counts()["new"] == 1


@pytest.mark.postgres
def test_a_new_postgresql_database_gets_the_newest_schema(pg_schema: tuple[Engine, str]) -> None:
    engine, schema = pg_schema
    assert migrate(engine) == head_revision()
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names(schema=schema)) >= {
            *ENGINE_TABLE_NAMES,
            "alembic_version",
        }
        payload_type = connection.execute(
            text(
                "SELECT data_type FROM information_schema.columns WHERE table_schema = :schema "
                "AND table_name = 'work_item' AND column_name = 'payload'"
            ),
            {"schema": schema},
        ).scalar()
    assert payload_type == "jsonb"
    assert _differences(engine) == []


@pytest.mark.postgres
def test_a_postgresql_database_the_last_release_made_is_adopted(pg_schema: tuple[Engine, str]) -> None:
    engine, schema = pg_schema
    with engine.begin() as connection:
        connection.exec_driver_sql(f'SET search_path TO "{schema}"')
        for statement in (LAST_RELEASE / "postgresql.sql").read_text("utf-8").split(";"):
            lines = [line for line in statement.splitlines() if not line.startswith("--")]
            if "".join(lines).strip():
                connection.exec_driver_sql("\n".join(lines))
        connection.exec_driver_sql(OLD_ROW)
    migrate(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    old = WorkQueue(engine, "p").get("ES-OLD")
    assert old is not None and old.reasons


def test_the_baseline_is_the_first_revision() -> None:
    assert BASELINE == "0001"


def test_the_comparison_notices_a_table_that_drifted_from_the_models(tmp_path: Path) -> None:
    """The agreement check above can fail: a database missing an index differs from the models."""
    engine = _sqlite(tmp_path)
    migrate(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_work_item_run")
    assert [difference[0] for difference in _differences(engine)] == ["add_index"]
