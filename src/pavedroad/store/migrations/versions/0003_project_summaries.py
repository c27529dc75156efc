"""Per-project open counts kept with the project, and an index for a project's newest findings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("open_counts", Json))
        batch.add_column(sa.Column("summary_updated_at", sa.DateTime(timezone=True)))
    # "A project's open findings, newest first" walks this instead of the whole primary key.
    op.create_index("ix_findings_project_id_id", "findings", ["project_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_findings_project_id_id", table_name="findings")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("summary_updated_at")
        batch.drop_column("open_counts")
