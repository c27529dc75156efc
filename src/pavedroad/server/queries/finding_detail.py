"""One finding with its history: the scans that saw it, severity changes and the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from pavedroad.server.queries.rows import plain, plain_rows
from pavedroad.store.schema import AuditEvent, FindingRecord, FindingSighting, Project, Scan, SeverityChange

HISTORY_LIMIT = 100  # the latest sightings shown; older ones stay in the store


def finding_detail(connection: Connection, finding_id: int) -> dict[str, Any] | None:
    """Everything the finding page shows, or None when there is no such finding."""
    row = connection.execute(
        select(*FindingRecord.__table__.columns, Project.name.label("project"))
        .join(Project, Project.id == FindingRecord.project_id)
        .where(FindingRecord.id == finding_id)
    ).first()
    if row is None:
        return None
    detail = plain(row._mapping)
    detail["sightings"] = _sightings(connection, finding_id)
    detail["severity_history"] = _severity_history(connection, finding_id)
    detail["audit"] = _audit_trail(connection, finding_id)
    return detail


def finding_exists(connection: Connection, finding_id: int) -> bool:
    """Whether a finding with this id exists."""
    return connection.execute(select(FindingRecord.id).where(FindingRecord.id == finding_id)).first() is not None


def _sightings(connection: Connection, finding_id: int) -> list[dict[str, Any]]:
    query = (
        select(Scan.id.label("scan_id"), Scan.finished_at, Scan.branch, Scan.commit_sha, Scan.tool)
        .join(FindingSighting, FindingSighting.scan_id == Scan.id)
        .where(FindingSighting.finding_id == finding_id)
        .order_by(Scan.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return plain_rows(connection, query)


def _severity_history(connection: Connection, finding_id: int) -> list[dict[str, Any]]:
    query = (
        select(
            SeverityChange.changed_at, SeverityChange.old_severity, SeverityChange.new_severity, SeverityChange.scan_id
        )
        .where(SeverityChange.finding_id == finding_id)
        .order_by(SeverityChange.id)
    )
    return plain_rows(connection, query)


def _audit_trail(connection: Connection, finding_id: int) -> list[dict[str, Any]]:
    query = (
        select(AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.before, AuditEvent.after, AuditEvent.note)
        .where(AuditEvent.object_type == "finding", AuditEvent.object_id == str(finding_id))
        .order_by(AuditEvent.id)
    )
    return plain_rows(connection, query)
