"""Projects with their open findings by severity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from pavedroad.server.queries.rows import plain
from pavedroad.store.metrics.remediation import SEVERITIES
from pavedroad.store.schema import Project, Scan
from pavedroad.store.summaries import count_open, current_summaries


def project_id_by_name(connection: Connection, name: str) -> int | None:
    """The id of the project called `name`."""
    return connection.execute(select(Project.id).where(Project.name == name)).scalar_one_or_none()


def _zero_counts() -> dict[str, int]:
    return dict.fromkeys(SEVERITIES, 0)


def list_projects(connection: Connection, now: datetime) -> list[dict[str, Any]]:
    """Every project by name, with its open counts and latest scan time."""
    latest = (
        select(Scan.project_id, func.max(Scan.finished_at).label("last_scan_at")).group_by(Scan.project_id).subquery()
    )
    query = (
        select(Project.id, Project.name, Project.created_at, latest.c.last_scan_at)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .order_by(Project.name)
    )
    rows = connection.execute(query).all()
    counts = current_summaries(connection, [row.id for row in rows], now)
    return [plain(row._mapping) | {"open_by_severity": counts.get(row.id, _zero_counts())} for row in rows]


def project_detail(connection: Connection, name: str, now: datetime) -> dict[str, Any] | None:
    """One project: its open counts and its latest scans."""
    row = connection.execute(
        select(Project.id, Project.name, Project.root, Project.created_at).where(Project.name == name)
    ).first()
    if row is None:
        return None
    counts = count_open(connection, row.id, now)
    return plain(row._mapping) | {"open_by_severity": counts, "open_total": sum(counts.values())}
