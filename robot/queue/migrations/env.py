"""Alembic's environment: migrations run on the connection :func:`robot.queue.schema.migrate` hands over.

Only the engine's own tables are compared and migrated (the SQLModel metadata also holds the
sandbox's tables when both are imported in one process). The version table lives in the same
schema as the tables (PostgreSQL tests use a schema per test through ``schema_translate_map``).
"""

from __future__ import annotations

from alembic import context

from robot.queue.schema import ENGINE_TABLE_NAMES, target_metadata, version_table_schema

connection = context.config.attributes["connection"]


def _ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    return type_ != "table" or name in ENGINE_TABLE_NAMES


context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    include_object=_ours,
    version_table_schema=version_table_schema(connection),
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
