"""Projects: the list with open findings by severity, one project, its scans and inventory."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from pavedroad.server.api.common import Cursor, Limit, ProjectName, project_id_or_404, store_of
from pavedroad.server.queries.inventory import latest_inventory
from pavedroad.server.queries.projects import list_projects, project_detail
from pavedroad.server.queries.scans import list_scans
from pavedroad.server.security.roles import API
from pavedroad.store.schema import utc_now

router = APIRouter(prefix=API, tags=["projects"])


@router.get("/projects", summary="Every project with its open findings by severity")
def get_projects(request: Request) -> dict[str, Any]:
    """Projects by name; `open_by_severity` counts open risk as the KPIs do (not dismissed or suppressed)."""
    with store_of(request).transaction() as connection:
        return {"items": list_projects(connection, utc_now())}


@router.get("/projects/{name}", summary="One project")
def get_project(request: Request, name: ProjectName) -> dict[str, Any]:
    """The project with its open findings by severity."""
    with store_of(request).transaction() as connection:
        detail = project_detail(connection, name, utc_now())
    if detail is None:
        raise HTTPException(404, f"no project {name!r}")
    return detail


@router.get("/projects/{name}/scans", summary="A project's scans, newest first")
def get_project_scans(request: Request, name: ProjectName, cursor: Cursor = None, limit: Limit = 50) -> dict[str, Any]:
    """A page of scans; pass `next_cursor` back as `cursor` for the next page."""
    with store_of(request).transaction() as connection:
        items = list_scans(connection, project_id_or_404(connection, name), cursor, limit)
    return {"items": items, "next_cursor": items[-1]["id"] if len(items) == limit else None}


@router.get("/projects/{name}/inventory", summary="Components of the project's latest inventory")
def get_inventory(request: Request, name: ProjectName, limit: Limit = 500) -> dict[str, Any]:
    """The latest inventory-bearing scan's components (`scan_id` null when none was recorded)."""
    with store_of(request).transaction() as connection:
        return latest_inventory(connection, project_id_or_404(connection, name), limit)
