"""Things that happen around scans: deployments, monitoring alerts, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pavedroad.store.schema.base import Base, JsonDocument, UtcDateTime


class Deployment(Base):
    """A deployment of a project (from `pavedroad event deploy` or a matching git tag)."""

    __tablename__ = "deployments"
    __table_args__ = (Index(None, "project_id", "deployed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    deployed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    environment: Mapped[str] = mapped_column(String(64))
    version: Mapped[str | None] = mapped_column(String(255))
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # "event" | "git-tag"


class AlertRecord(Base):
    """A monitoring alert, by its stable id; repeats of the same id add to `count`."""

    __tablename__ = "alerts"
    __table_args__ = (Index(None, "window_start"), Index(None, "project_id"))

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    rule_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(512))
    window_start: Mapped[datetime] = mapped_column(UtcDateTime())
    window_end: Mapped[datetime] = mapped_column(UtcDateTime())
    count: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class AuditEvent(Base):
    """Who changed what and when: triage decisions, tokens, users. Never deleted by the app."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "object_type", "object_id"), Index(None, "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    note: Mapped[str | None] = mapped_column(Text)
