"""Monitoring alerts, and deployment events (the denominator of deployment frequency)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel, Field

from pavedroad.server.api.common import (
    NO_NUL,
    Limit,
    OptionalProject,
    ProjectName,
    optional_project_id,
    project_id_or_404,
    store_of,
)
from pavedroad.server.queries.events import list_alerts, list_deployments
from pavedroad.server.security.roles import API
from pavedroad.store.deployments import DeploymentEvent, record_deployment
from pavedroad.store.schema import utc_now

router = APIRouter(prefix=API, tags=["events"])


@router.get("/alerts", summary="Monitoring alerts, newest first")
def get_alerts(request: Request, project: OptionalProject = None, limit: Limit = 100) -> dict[str, Any]:
    """The latest alerts, of one project when `project` is given."""
    with store_of(request).transaction() as connection:
        return {"items": list_alerts(connection, optional_project_id(connection, project), limit)}


@router.get("/projects/{name}/deployments", summary="A project's deployments, newest first")
def get_deployments(request: Request, name: ProjectName, limit: Limit = 100) -> dict[str, Any]:
    """The project's latest deployments."""
    with store_of(request).transaction() as connection:
        return {"items": list_deployments(connection, project_id_or_404(connection, name), limit)}


class DeploymentRequest(BaseModel):
    """A deployment; `deployed_at` defaults to now."""

    deployed_at: AwareDatetime | None = None
    environment: str = Field(default="production", min_length=1, max_length=64, pattern=NO_NUL)
    version: str | None = Field(default=None, max_length=255, pattern=NO_NUL)
    commit: str | None = Field(default=None, max_length=64, pattern=NO_NUL)


@router.post("/projects/{name}/deployments", summary="Record a deployment (project token or admin)", status_code=201)
def post_deployment(request: Request, name: ProjectName, event: DeploymentRequest) -> dict[str, Any]:
    """Store the deployment; the project is created if new (admin only: a project token names an existing one)."""
    deployed_at = event.deployed_at or utc_now()
    deployment = DeploymentEvent(name, deployed_at, event.environment, event.version, event.commit)
    deployment_id = record_deployment(store_of(request), deployment)
    return {"id": deployment_id, "project": name, "deployed_at": deployed_at.isoformat()}
