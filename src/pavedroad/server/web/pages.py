"""Dashboard pages: the organisation overview, a project, the findings list and one finding."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from pavedroad.server.api.common import ProjectName, RecordId, store_of
from pavedroad.server.api.findings import FindingQuery, finding_query, findings_page
from pavedroad.server.api.metrics import metrics_document
from pavedroad.server.queries.finding_detail import finding_detail
from pavedroad.server.queries.projects import list_projects, project_detail
from pavedroad.server.queries.scans import list_scans
from pavedroad.server.web.charts import chart_data, kpis
from pavedroad.server.web.rendering import render
from pavedroad.store.schema import TRIAGE_STATES, utc_now

router = APIRouter(include_in_schema=False)
TREND_WEEKS = 12
RECENT_SCANS = 10


@router.get("/")
def overview(request: Request) -> Response:
    """Open findings by severity across projects, KPIs and trend charts."""
    metrics = metrics_document(request, None, TREND_WEEKS)
    with store_of(request).transaction() as connection:
        projects = list_projects(connection, utc_now())
    context = {"projects": projects, "metrics": metrics, "kpis": kpis(metrics), "chart_data": chart_data(metrics)}
    return render(request, "overview.html", context)


@router.get("/projects/{name}")
def project_page(request: Request, name: ProjectName) -> Response:
    """One project: open findings, KPIs, trends and its latest scans."""
    with store_of(request).transaction() as connection:
        project = project_detail(connection, name, utc_now())
        scans = list_scans(connection, project["id"], None, RECENT_SCANS) if project else []
    if project is None:
        raise HTTPException(404, f"no project {name!r}")
    metrics = metrics_document(request, name, TREND_WEEKS)
    context = {"project": project, "scans": scans, "kpis": kpis(metrics), "chart_data": chart_data(metrics)}
    return render(request, "project.html", context)


def _next_page_link(query: FindingQuery, cursor: int | None) -> str | None:
    """The same filters, from `cursor` on."""
    if cursor is None:
        return None
    parameters = asdict(replace(query, cursor=cursor))
    return "/findings?" + urlencode({key: value for key, value in parameters.items() if value is not None})


@router.get("/findings")
def findings_list(request: Request, query: Annotated[FindingQuery, Depends(finding_query)]) -> Response:
    """The filterable findings list, a page at a time."""
    page = findings_page(request, query)
    context = {
        "query": query,
        "findings": page.items,
        "next_link": _next_page_link(query, page.next_cursor),
        "triage_states": TRIAGE_STATES,
    }
    return render(request, "findings.html", context)


@router.get("/findings/{finding_id}")
def finding_page(request: Request, finding_id: RecordId) -> Response:
    """One finding: where, why, the trace, the fix, its history, and the triage form."""
    with store_of(request).transaction() as connection:
        finding = finding_detail(connection, finding_id)
    if finding is None:
        raise HTTPException(404, f"no finding {finding_id}")
    return render(request, "finding.html", {"finding": finding, "triage_states": TRIAGE_STATES})
