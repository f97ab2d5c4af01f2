"""Database engines: SQLite settings, folder creation, URL checks, JSON and UTC round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from robot.queue.db import make_engine
from robot.queue.models import WorkItem
from robot.queue.schema import migrate


def test_sqlite_engine_creates_the_folder_and_sets_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'robot.db'}")
    migrate(engine)
    assert (tmp_path / "nested" / "dir" / "robot.db").is_file()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_in_memory_sqlite_works(tmp_path: Path) -> None:
    engine = make_engine("sqlite://")
    migrate(engine)
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
