"""Alerts and deployments, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from pavedroad.server.queries.rows import plain_rows
from pavedroad.store.schema import AlertRecord, Deployment, Project


def list_alerts(connection: Connection, project_id: int | None, limit: int) -> list[dict[str, Any]]:
    """The latest alerts (of one project when given)."""
    query = (
        select(
            AlertRecord.id,
            Project.name.label("project"),
            AlertRecord.rule_id,
            AlertRecord.title,
            AlertRecord.severity,
            AlertRecord.entity,
            AlertRecord.window_start,
            AlertRecord.window_end,
            AlertRecord.count,
        )
        .outerjoin(Project, Project.id == AlertRecord.project_id)
        .order_by(AlertRecord.window_start.desc(), AlertRecord.id)
        .limit(limit)
    )
    if project_id is not None:
        query = query.where(AlertRecord.project_id == project_id)
    return plain_rows(connection, query)


def list_deployments(connection: Connection, project_id: int, limit: int) -> list[dict[str, Any]]:
    """The project's latest deployments."""
    query = (
        select(
            Deployment.id,
            Deployment.deployed_at,
            Deployment.environment,
            Deployment.version,
            Deployment.commit_sha,
            Deployment.source,
        )
        .where(Deployment.project_id == project_id)
        .order_by(Deployment.deployed_at.desc(), Deployment.id.desc())
        .limit(limit)
    )
    return plain_rows(connection, query)
