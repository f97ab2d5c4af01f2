"""Write the next numbered migration: Alembic's autogenerate against a scratch database at the newest revision.

Usage: ``make migration MESSAGE="why the schema changes"``. Review the file it writes (autogenerate
misses renames and data changes), then run ``make test``: tests/robot/queue/test_schema.py fails while
the models and the migrations disagree.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command

from robot.queue.db import make_engine
from robot.queue.schema import MIGRATIONS, alembic_config, head_revision, migrate


def main(message: str) -> int:
    number = f"{int(head_revision()) + 1:04d}"
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        migrate(engine)
        with engine.begin() as connection:
            command.revision(
                alembic_config(connection),
                message=message,
                autogenerate=True,
                rev_id=number,
            )
        engine.dispose()
    written = sorted((MIGRATIONS / "versions").glob(f"{number}_*.py"))
    for path in written:
        path.rename(path.with_name(f"{number}_{slug}.py"))
        print(f"Wrote {path.with_name(f'{number}_{slug}.py')}; review it before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main(" ".join(sys.argv[1:]) or "change"))
