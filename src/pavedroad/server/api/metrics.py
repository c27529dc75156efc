"""The KPIs (MTTR, open by age, density, gate failure rate, deployment frequency) as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from pavedroad.server.api.common import OptionalProject, optional_project_id, store_of
from pavedroad.server.metrics_cache import MetricsCache
from pavedroad.server.security.roles import API
from pavedroad.store.metrics import MetricsScope, compute_metrics
from pavedroad.store.schema import utc_now

router = APIRouter(prefix=API, tags=["metrics"])
Weeks = Annotated[int, Query(ge=1, le=104, description="Weeks of history (at most two years).")]


def metrics_document(request: Request, project: str | None, weeks: int) -> dict[str, Any]:
    """`pavedroad metrics --format json` for the project (all projects when None); 404 if unknown.
    Cached for a minute (see metrics_cache)."""
    store = store_of(request)
    with store.transaction() as connection:
        optional_project_id(connection, project)
    cache: MetricsCache = request.app.state.metrics_cache

    def compute() -> dict[str, Any]:
        return compute_metrics(store, MetricsScope(now=utc_now(), project=project, weeks=weeks)).to_dict()

    return cache.get_or_compute((project, weeks), compute)


@router.get("/metrics", summary="Security KPIs over the last weeks")
def get_metrics(request: Request, project: OptionalProject = None, weeks: Weeks = 12) -> dict[str, Any]:
    """The same document as `pavedroad metrics --format json`."""
    return metrics_document(request, project, weeks)
