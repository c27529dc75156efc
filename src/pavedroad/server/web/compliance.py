"""The compliance page: pick a framework (and a project), see each control's state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pavedroad.server.api.common import NO_NUL, OptionalProject, store_of
from pavedroad.server.api.compliance import frameworks_list, posture_document
from pavedroad.server.queries.projects import list_projects
from pavedroad.server.web.rendering import render
from pavedroad.store.schema import utc_now

router = APIRouter(include_in_schema=False)
DEFAULT_FRAMEWORK = "owasp-top10"


@router.get("/compliance")
def compliance_page(
    request: Request,
    framework: Annotated[str, Query(min_length=1, max_length=64, pattern=NO_NUL)] = DEFAULT_FRAMEWORK,
    project: OptionalProject = None,
) -> Response:
    """Posture of one framework, for one project or all."""
    posture = posture_document(request, framework, project)
    with store_of(request).transaction() as connection:
        projects = [item["name"] for item in list_projects(connection, utc_now())]
    context = {
        "posture": posture,
        "frameworks": frameworks_list(),
        "projects": projects,
        "selected_framework": framework,
        "selected_project": project,
    }
    return render(request, "compliance.html", context)
