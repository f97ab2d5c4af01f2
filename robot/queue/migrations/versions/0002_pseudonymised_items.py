"""Items past their retention are pseudonymised: when it was done, and the keyed hash of the identity number.

Revision 0002, after 0001. Two nullable columns and two indexes (finding one person's items for a
subject access request, by identity number or, once pseudonymised, by its keyed hash), and an index
on when items were received (the last 30 days' decision-time figures that `status`, every report and
every metrics scrape read). No row is rewritten, so it is quick on a large queue.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_item", sa.Column("pseudonymised_at", sa.DateTime(), nullable=True))
    op.add_column("work_item", sa.Column("subject_hash", sa.String(64), nullable=True))
    op.create_index("ix_work_item_received", "work_item", ["process", "created_at"])
    op.create_index("ix_work_item_subject", "work_item", ["subject"])
    op.create_index("ix_work_item_subject_hash", "work_item", ["subject_hash"])


def downgrade() -> None:
    op.drop_index("ix_work_item_subject_hash", table_name="work_item")
    op.drop_index("ix_work_item_subject", table_name="work_item")
    op.drop_index("ix_work_item_received", table_name="work_item")
    with op.batch_alter_table("work_item") as batch:  # SQLite drops columns by copying the table
        batch.drop_column("subject_hash")
        batch.drop_column("pseudonymised_at")
