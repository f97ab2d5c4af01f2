"""One SQLite connection per use, for the sandbox's stand-in systems.

Each store opens a fresh connection for every call (so one store object can be shared between
threads, e.g. the web server's and the test's) and runs the call as one transaction: committed
when the block ends normally, rolled back on any error, and the connection is always closed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30


@contextmanager
def connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to ``db_path`` in one transaction: committed on success, rolled back on error."""
    connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    try:
        with connection:
            yield connection
    finally:
        connection.close()
