"""Scans of a project, newest first, by keyset on the scan id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from pavedroad.server.queries.rows import plain, plain_rows
from pavedroad.store.schema import Project, Scan

SCAN_COLUMNS = (
    Scan.id,
    Scan.kind,
    Scan.tool,
    Scan.tool_version,
    Scan.started_at,
    Scan.finished_at,
    Scan.branch,
    Scan.commit_sha,
    Scan.ci_run_id,
    Scan.complete,
    Scan.mode,
    Scan.gate_outcome,
    Scan.findings_count,
    Scan.files_scanned,
    Scan.lines_of_code,
)


def list_scans(connection: Connection, project_id: int, before: int | None, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` scans of the project with ids below `before` (the cursor), newest first."""
    query = select(*SCAN_COLUMNS).where(Scan.project_id == project_id).order_by(Scan.id.desc()).limit(limit)
    if before is not None:
        query = query.where(Scan.id < before)
    return plain_rows(connection, query)


def scan_detail(connection: Connection, scan_id: int) -> dict[str, Any] | None:
    """One scan with its project name, gate reasons and per-language lines."""
    row = connection.execute(
        select(
            *SCAN_COLUMNS,
            Project.name.label("project"),
            Scan.gate_reasons,
            Scan.lines_by_language,
            Scan.analyzers,
        )
        .join(Project, Project.id == Scan.project_id)
        .where(Scan.id == scan_id)
    ).first()
    return None if row is None else plain(row._mapping)
