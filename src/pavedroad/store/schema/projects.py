"""Organisations, their projects, and the scans recorded for a project.

A scan is one recorded run: an inventory (`record`), a full pavedroad scan (`scan
--record`), or another tool's results (`import`). `complete` says whether it looked at the
whole project: only a complete scan may mark findings as fixed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pavedroad.store.schema.base import Base, JsonDocument, UtcDateTime

DEFAULT_ORGANISATION = "default"


class Organisation(Base):
    """A group of projects (a company, a business unit) by a unique name."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Project(Base):
    """A project whose scans and inventories are recorded, by a unique name."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    root: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    # Open risk per severity, refreshed when a scan is recorded or a finding triaged (store/summaries.py),
    # so listing every project does not count a million findings.
    open_counts: Mapped[dict[str, int] | None] = mapped_column(JsonDocument)
    summary_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Scan(Base):
    """One recorded run for a project; the highest id per project and kind is its latest."""

    __tablename__ = "scans"
    __table_args__ = (Index(None, "project_id", "id"), Index(None, "finished_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime())
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    branch: Mapped[str | None] = mapped_column(String(255))
    tool_version: Mapped[str] = mapped_column(String(64))
    # "inventory" (record), "scan" (scan --record) or "import"
    kind: Mapped[str] = mapped_column(String(16), default="inventory", server_default="inventory")
    tool: Mapped[str] = mapped_column(String(64), default="pavedroad", server_default="pavedroad")
    ci_run_id: Mapped[str | None] = mapped_column(String(255))
    complete: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    mode: Mapped[str | None] = mapped_column(String(16))
    # "passed" | "failed" | "would_fail" (monitor mode) | NULL (no gate ran)
    gate_outcome: Mapped[str | None] = mapped_column(String(16))
    gate_reasons: Mapped[list[str] | None] = mapped_column(JsonDocument)
    files_scanned: Mapped[int | None] = mapped_column(Integer)
    lines_of_code: Mapped[int | None] = mapped_column(Integer)
    lines_by_language: Mapped[dict[str, int] | None] = mapped_column(JsonDocument)
    analyzers: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    findings_count: Mapped[int | None] = mapped_column(Integer)
