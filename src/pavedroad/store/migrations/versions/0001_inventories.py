"""Schema version 1: projects, scans and component inventories (what `record` stores).

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "store_info",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_info"),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("root", sa.Text()),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.UniqueConstraint("name", name="uq_projects_name"),
    )
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("started_at", Timestamp, nullable=False),
        sa.Column("finished_at", Timestamp, nullable=False),
        sa.Column("commit_sha", sa.String(64)),
        sa.Column("branch", sa.String(255)),
        sa.Column("tool_version", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_scans_project_id_projects", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_scans"),
    )
    op.create_index("ix_scans_project_id_id", "scans", ["project_id", "id"])
    op.create_table(
        "components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ecosystem", sa.String(64), nullable=False),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("version", sa.String(256)),
        sa.Column("purl", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_components"),
        sa.UniqueConstraint("name", "ecosystem", "version", name="uq_components_name_ecosystem_version"),
    )
    op.create_index(
        "uq_components_unpinned",
        "components",
        ["name", "ecosystem"],
        unique=True,
        sqlite_where=sa.text("version IS NULL"),
        postgresql_where=sa.text("version IS NULL"),
    )
    op.create_table(
        "scan_components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer()),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("dependency_path", sa.Text(), nullable=False),
        sa.Column("specifier", sa.Text()),
        sa.Column("scope", sa.String(32)),
        sa.ForeignKeyConstraint(
            ["component_id"], ["components.id"], name="fk_scan_components_component_id_components"
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name="fk_scan_components_scan_id_scans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_scan_components"),
    )
    op.create_index("ix_scan_components_component_id_scan_id", "scan_components", ["component_id", "scan_id"])
    op.create_index("ix_scan_components_scan_id", "scan_components", ["scan_id"])
    op.create_table(
        "rechecks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", Timestamp, nullable=False),
        sa.Column("database", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_rechecks"),
    )
    op.create_table(
        "recheck_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recheck_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("advisory_id", sa.String(128), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"], ["components.id"], name="fk_recheck_findings_component_id_components"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_recheck_findings_project_id_projects", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recheck_id"], ["rechecks.id"], name="fk_recheck_findings_recheck_id_rechecks", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name="fk_recheck_findings_scan_id_scans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recheck_findings"),
    )
    op.create_index("ix_recheck_findings_recheck_id_project_id", "recheck_findings", ["recheck_id", "project_id"])


def downgrade() -> None:
    for table in ("recheck_findings", "rechecks", "scan_components", "components", "scans", "projects", "store_info"):
        op.drop_table(table)
