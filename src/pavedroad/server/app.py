"""The application factory: API routers, dashboard pages, static files, security middleware.

`create_app` checks that every route has an entry in the endpoint → role table and refuses
to build an app where one is missing: no endpoint is reachable without a decision about who
may call it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from pavedroad import __version__
from pavedroad.server.api import compliance as compliance_api
from pavedroad.server.api import events, findings, health, metrics, projects, scans
from pavedroad.server.errors import install_error_handlers
from pavedroad.server.metrics_cache import MetricsCache
from pavedroad.server.security.authorization import authorize
from pavedroad.server.security.headers import SecurityHeaders
from pavedroad.server.security.roles import API, ENDPOINT_ACCESS
from pavedroad.server.settings import ServerSettings
from pavedroad.server.storage import StoreHolder
from pavedroad.server.web import compliance as compliance_page
from pavedroad.server.web import login, pages, triage

API_ROUTERS = (health, projects, scans, findings, metrics, compliance_api, events)
WEB_ROUTERS = (login, pages, triage, compliance_page)
OPENAPI_PATH = f"{API}/openapi.json"


class UnlistedRouteError(RuntimeError):
    """A route without an entry in roles.ENDPOINT_ACCESS."""


def _check_every_route_listed(routers: list[APIRouter]) -> None:
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            for method in route.methods or ():
                if (method, route.path) not in ENDPOINT_ACCESS:
                    raise UnlistedRouteError(f"{method} {route.path} has no entry in ENDPOINT_ACCESS")


def create_app(store_url: str, settings: ServerSettings | None = None) -> FastAPI:
    """The server for the store at `store_url` (opened on the first request that needs it)."""
    settings = settings or ServerSettings()
    app = FastAPI(
        title="pavedroad",
        version=__version__,
        description="Findings, scans, KPIs and compliance posture of the pavedroad store.",
        openapi_url=OPENAPI_PATH,
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN: not under this CSP
        redoc_url=None,
        dependencies=[Depends(authorize)],
    )
    app.state.settings = settings
    app.state.store_holder = StoreHolder(store_url, settings.sqlite_busy_timeout_ms)
    app.state.login_limits = login.LoginLimits(settings)
    app.state.metrics_cache = MetricsCache(settings.metrics_cache_seconds)
    # Routers carry their full paths (the API's prefix included), so the path each route
    # declares is the key of its entry in ENDPOINT_ACCESS.
    routers = [module.router for module in (*API_ROUTERS, *WEB_ROUTERS)]
    _check_every_route_listed(routers)
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("pavedroad.server", "static")]), name="static")
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders, https=settings.https)
    return app
