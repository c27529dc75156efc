"""Findings store: organisations, scan facts, findings with lifecycle and triage, sightings,
severity history, deployments, alerts, the audit trail, users and API tokens.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)
Json = sa.JSON().with_variant(JSONB(), "postgresql")


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _foreign(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "organisations",
        _id(),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer()))
        batch.create_foreign_key(
            "fk_projects_organisation_id_organisations", "organisations", ["organisation_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
    with op.batch_alter_table("scans") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="inventory"))
        batch.add_column(sa.Column("tool", sa.String(64), nullable=False, server_default="pavedroad"))
        batch.add_column(sa.Column("ci_run_id", sa.String(255)))
        batch.add_column(sa.Column("complete", sa.Boolean(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("mode", sa.String(16)))
        batch.add_column(sa.Column("gate_outcome", sa.String(16)))
        batch.add_column(sa.Column("gate_reasons", Json))
        batch.add_column(sa.Column("files_scanned", sa.Integer()))
        batch.add_column(sa.Column("lines_of_code", sa.Integer()))
        batch.add_column(sa.Column("lines_by_language", Json))
        batch.add_column(sa.Column("analyzers", Json))
        batch.add_column(sa.Column("findings_count", sa.Integer()))
        batch.create_index("ix_scans_finished_at", ["finished_at"])
    op.create_table(
        "findings",
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("branch", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(128), nullable=False),
        sa.Column("rule_id", sa.String(255), nullable=False),
        sa.Column("analyzer", sa.String(64), nullable=False),
        sa.Column("tool", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("confidence", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=False),
        sa.Column("cwe", sa.String(255), nullable=False),
        sa.Column("package", sa.Text()),
        sa.Column("vulnerabilities", sa.Text(), nullable=False),
        sa.Column("controls", sa.Text(), nullable=False),
        sa.Column("suppressed", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("triage_state", sa.String(32), nullable=False, server_default="untriaged"),
        sa.Column("triage_owner", sa.String(255)),
        sa.Column("triage_justification", sa.Text()),
        sa.Column("triage_expires_at", Timestamp),
        sa.Column("first_seen_at", Timestamp, nullable=False),
        sa.Column("last_seen_at", Timestamp, nullable=False),
        sa.Column("fixed_at", Timestamp),
        sa.Column("reopened_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("first_scan_id", sa.Integer()),
        sa.Column("last_scan_id", sa.Integer()),
        sa.Column("fixed_scan_id", sa.Integer()),
        sa.Column("data", Json, nullable=False),
        _foreign("findings", "project_id", "projects", "CASCADE"),
        _foreign("findings", "first_scan_id", "scans", "SET NULL"),
        _foreign("findings", "last_scan_id", "scans", "SET NULL"),
        _foreign("findings", "fixed_scan_id", "scans", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        sa.UniqueConstraint("project_id", "branch", "fingerprint", name="uq_findings_project_id_branch_fingerprint"),
    )
    op.create_index("ix_findings_project_id_status_severity", "findings", ["project_id", "status", "severity"])
    op.create_index("ix_findings_status_severity", "findings", ["status", "severity"])
    op.create_index("ix_findings_fixed_at", "findings", ["fixed_at"])
    op.create_index("ix_findings_first_seen_at", "findings", ["first_seen_at"])
    op.create_table(
        "finding_sightings",
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        _foreign("finding_sightings", "scan_id", "scans", "CASCADE"),
        _foreign("finding_sightings", "finding_id", "findings", "CASCADE"),
        sa.PrimaryKeyConstraint("scan_id", "finding_id", name="pk_finding_sightings"),
    )
    op.create_index("ix_finding_sightings_finding_id", "finding_sightings", ["finding_id"])
    op.create_table(
        "severity_changes",
        _id(),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer()),
        sa.Column("changed_at", Timestamp, nullable=False),
        sa.Column("old_severity", sa.String(16), nullable=False),
        sa.Column("new_severity", sa.String(16), nullable=False),
        _foreign("severity_changes", "finding_id", "findings", "CASCADE"),
        _foreign("severity_changes", "scan_id", "scans", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_severity_changes"),
    )
    op.create_index("ix_severity_changes_finding_id", "severity_changes", ["finding_id"])
    op.create_table(
        "deployments",
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("deployed_at", Timestamp, nullable=False),
        sa.Column("environment", sa.String(64), nullable=False),
        sa.Column("version", sa.String(255)),
        sa.Column("commit_sha", sa.String(64)),
        sa.Column("source", sa.String(16), nullable=False),
        _foreign("deployments", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_deployments"),
    )
    op.create_index("ix_deployments_project_id_deployed_at", "deployments", ["project_id", "deployed_at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("project_id", sa.Integer()),
        sa.Column("rule_id", sa.String(255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(512), nullable=False),
        sa.Column("window_start", Timestamp, nullable=False),
        sa.Column("window_end", Timestamp, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("received_at", Timestamp, nullable=False),
        sa.Column("data", Json, nullable=False),
        _foreign("alerts", "project_id", "projects", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_window_start", "alerts", ["window_start"])
    op.create_index("ix_alerts_project_id", "alerts", ["project_id"])
    op.create_table(
        "audit_events",
        _id(),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("before", Json),
        sa.Column("after", Json),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_object_type_object_id", "audit_events", ["object_type", "object_id"])
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_table(
        "users",
        _id(),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "api_tokens",
        _id(),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("project_id", sa.Integer()),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("last_used_at", Timestamp),
        sa.Column("expires_at", Timestamp),
        sa.Column("revoked_at", Timestamp),
        _foreign("api_tokens", "user_id", "users", "CASCADE"),
        _foreign("api_tokens", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )


def downgrade() -> None:
    for table in (
        "api_tokens", "users", "audit_events", "alerts", "deployments", "severity_changes",
        "finding_sightings", "findings",
    ):  # fmt: skip
        op.drop_table(table)
    with op.batch_alter_table("scans") as batch:
        batch.drop_index("ix_scans_finished_at")
        for column in (
            "findings_count", "analyzers", "lines_by_language", "lines_of_code", "files_scanned", "gate_reasons",
            "gate_outcome", "mode", "complete", "ci_run_id", "tool", "kind",
        ):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("projects") as batch:
        batch.drop_constraint("fk_projects_organisation_id_organisations", type_="foreignkey")
        batch.drop_column("organisation_id")
    op.drop_table("organisations")
