"""Findings as a project's system of record: one row per finding identity, its lifecycle and triage.

A finding's identity is (project, branch, fingerprint): the fingerprint survives moved lines,
so the same weakness seen by the next scan updates `last_seen_at` instead of adding a row.
`status` is "open" or "fixed"; a fixed finding seen again is reopened (`reopened_count`).
`triage_state` is the team's verdict, changed only through triage (with an audit event).
`data` is the finding's public JSON form (secrets already masked by the analyzer).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, PrimaryKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pavedroad.store.schema.base import Base, JsonDocument, UtcDateTime

OPEN = "open"
FIXED = "fixed"
TRIAGE_STATES = ("untriaged", "confirmed", "false_positive", "accepted_risk", "mitigated")
# Findings in these states do not count as open risk in KPIs (but stay visible).
DISMISSED_STATES = ("false_positive", "accepted_risk", "mitigated")


class FindingRecord(Base):
    """One finding identity in one project and branch, across every scan that saw it."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("project_id", "branch", "fingerprint"),
        Index(None, "project_id", "status", "severity"),
        Index(None, "status", "severity"),
        Index(None, "fixed_at"),
        Index(None, "first_seen_at"),
        Index(None, "project_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    branch: Mapped[str] = mapped_column(String(255))  # "" when the scan had none
    fingerprint: Mapped[str] = mapped_column(String(128))
    rule_id: Mapped[str] = mapped_column(String(255))
    analyzer: Mapped[str] = mapped_column(String(64))
    tool: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    start_line: Mapped[int] = mapped_column(Integer)
    cwe: Mapped[str] = mapped_column(String(255))  # space-separated "CWE-89 CWE-564"
    package: Mapped[str | None] = mapped_column(Text)  # purl for dependency findings
    vulnerabilities: Mapped[str] = mapped_column(Text)  # space-separated advisory ids and aliases
    controls: Mapped[str] = mapped_column(Text)  # space-separated compliance control ids
    suppressed: Mapped[str | None] = mapped_column(String(32))  # "inline", "config", "baseline" or NULL
    status: Mapped[str] = mapped_column(String(16))
    triage_state: Mapped[str] = mapped_column(String(32), default="untriaged", server_default="untriaged")
    triage_owner: Mapped[str | None] = mapped_column(String(255))
    triage_justification: Mapped[str | None] = mapped_column(Text)
    triage_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    fixed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reopened_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    last_scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    fixed_scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class FindingSighting(Base):
    """That a scan saw a finding: the history behind first/last seen and trends."""

    __tablename__ = "finding_sightings"
    __table_args__ = (PrimaryKeyConstraint("scan_id", "finding_id"), Index(None, "finding_id"))

    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))


class SeverityChange(Base):
    """A finding's severity changed between scans (a rule re-rated, a CVSS update)."""

    __tablename__ = "severity_changes"
    __table_args__ = (Index(None, "finding_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    old_severity: Mapped[str] = mapped_column(String(16))
    new_severity: Mapped[str] = mapped_column(String(16))
