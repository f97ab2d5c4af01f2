"""Database engines: SQLite settings, folder creation, URL checks, JSON and UTC round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from robot.queue.db import create_tables, make_engine
from robot.queue.models import WorkItem
from robot.queue.store import WorkQueue


def test_sqlite_engine_creates_the_folder_and_sets_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'robot.db'}")
    create_tables(engine)
    assert (tmp_path / "nested" / "dir" / "robot.db").is_file()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_in_memory_sqlite_works(tmp_path: Path) -> None:
    engine = make_engine("sqlite://")
    create_tables(engine)
    with Session(engine) as session:
        session.add(WorkItem(process="p", reference="r"))
        session.commit()
    engine.dispose()


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="sqlite:/// or postgresql"):
        make_engine("mysql://user@host/db")


def test_postgresql_url_gets_the_psycopg_driver() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/test")
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def test_json_and_utc_times_round_trip(engine) -> None:
    stockholm_noon = datetime(2021, 12, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    with Session(engine) as session:
        session.add(
            WorkItem(
                process="p",
                reference="r",
                payload={"å": [1, 2.5, None], "nested": {"ok": True}},
                reasons=["Skäl ett", "Skäl två"],
                not_before=stockholm_noon,
            )
        )
        session.commit()
    with Session(engine) as session:
        item = session.get(WorkItem, 1)
        assert item is not None
        assert item.payload == {"å": [1, 2.5, None], "nested": {"ok": True}}
        assert item.reasons == ["Skäl ett", "Skäl två"]
        assert item.not_before == datetime(2021, 12, 1, 11, 0, tzinfo=UTC)
        assert item.not_before.tzinfo is not None


def test_naive_datetimes_are_refused(engine) -> None:
    with Session(engine) as session:
        session.add(WorkItem(process="p", reference="r", not_before=datetime(2021, 12, 1)))
        with pytest.raises(Exception, match="naive datetime"):
            session.commit()


def test_an_older_database_gets_the_new_columns_and_indexes(tmp_path: Path) -> None:
    """A database made before the business key existed is brought up to date, and keeps its rows."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE work_item (id INTEGER PRIMARY KEY, process VARCHAR(100) NOT NULL, "
            "reference VARCHAR(200) NOT NULL, state VARCHAR(20) NOT NULL, attempts INTEGER NOT NULL, "
            "payload JSON NOT NULL, subject VARCHAR(40), subject_name VARCHAR(200), period VARCHAR(20), "
            "amount INTEGER, decision JSON NOT NULL, trace JSON NOT NULL, reasons JSON NOT NULL, "
            "data JSON NOT NULL, errors JSON NOT NULL, last_error TEXT, evidence JSON NOT NULL, "
            "worker_id VARCHAR(200), lease_expires_at DATETIME, not_before DATETIME, "
            "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, finished_at DATETIME, run_id VARCHAR(64))"
        )
        connection.exec_driver_sql(
            "INSERT INTO work_item (process, reference, state, attempts, payload, decision, trace, reasons, data,"
            " errors, evidence, created_at, updated_at) VALUES ('p', 'ES-OLD', 'proposed', 1, '{}', '{}', '[]',"
            " '[]', '{}', '[]', '[]', '2021-12-01 00:00:00', '2021-12-01 00:00:00')"
        )
    create_tables(engine)
    with engine.connect() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(work_item)")}
        indexes = {row[1] for row in connection.exec_driver_sql("PRAGMA index_list(work_item)")}
    assert "business_key" in columns
    assert "uq_work_item_active_business_key" in indexes
    old = WorkQueue(engine, "p").get("ES-OLD")
    assert old is not None and old.state == "proposed" and old.business_key is None
    create_tables(engine)  # idempotent
