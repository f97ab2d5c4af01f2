"""The queue's schema as release 0.1.0 created it: work items, the applicant outbox, pass records.

A database that release made (no version table yet) is adopted by stamping it with this revision
(:func:`robot.queue.schema.migrate`); a new database is created by it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ACTIVE_KEY = "state = 'in_progress' AND business_key IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "work_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process", sa.String(100), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("subject", sa.String(40)),
        sa.Column("subject_name", sa.String(200)),
        sa.Column("period", sa.String(20)),
        sa.Column("business_key", sa.String(300)),
        sa.Column("amount", sa.Integer()),
        sa.Column("decision", JSON, nullable=False),
        sa.Column("trace", JSON, nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("worker_id", sa.String(200)),
        sa.Column("lease_expires_at", sa.DateTime()),
        sa.Column("not_before", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("run_id", sa.String(64)),
        sa.Column("submitted_at", sa.DateTime()),
        sa.Column("decided_at", sa.DateTime()),
        sa.Column("decided_outcome", sa.String(20)),
        sa.Column("decided_amount", sa.Integer()),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("followed_at", sa.DateTime()),
        sa.UniqueConstraint("process", "reference", name="uq_work_item_process_reference"),
    )
    op.create_index("ix_work_item_business_key", "work_item", ["process", "business_key"])
    op.create_index("ix_work_item_claim", "work_item", ["process", "state", "id"])
    op.create_index("ix_work_item_run", "work_item", ["run_id"])
    op.create_index(
        "uq_work_item_active_business_key",
        "work_item",
        ["process", "business_key"],
        unique=True,
        sqlite_where=sa.text(ACTIVE_KEY),
        postgresql_where=sa.text(ACTIVE_KEY),
    )
    op.create_table(
        "pass_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.String(64), nullable=False, unique=True),
        sa.Column("process", sa.String(100), nullable=False),
        sa.Column("worker_id", sa.String(200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime()),
        sa.Column("counts", JSON, nullable=False),
        sa.Column("stopped_reason", sa.Text()),
        sa.Column("stop_code", sa.String(40)),
        sa.Column("report_path", sa.Text()),
    )
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process", sa.String(100), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("work_item.id"), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
        sa.UniqueConstraint("item_id", "step", "channel", name="uq_notification_item_step_channel"),
    )
    op.create_index("ix_notification_pending", "notification", ["process", "state", "id"])


def downgrade() -> None:
    op.drop_table("notification")
    op.drop_table("pass_record")
    op.drop_table("work_item")
