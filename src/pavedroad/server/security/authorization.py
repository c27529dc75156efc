"""The one dependency every route runs: who is calling, and may they call this endpoint?

It looks the route up in `roles.ENDPOINT_ACCESS`; an unlisted route is refused. The caller is
stored on `request.state.principal` for handlers that record who acted.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from pavedroad.server.queries.projects import project_id_by_name
from pavedroad.server.security.csrf import csrf_ok
from pavedroad.server.security.principal import TOKEN, BadCredentials, Principal, identify, session_of
from pavedroad.server.security.roles import ENDPOINT_ACCESS, Access, role_satisfies
from pavedroad.server.settings import ServerSettings
from pavedroad.server.storage import StoreHolder

UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}


def route_access(request: Request) -> Access:
    """The access rule of the matched route; refuses (403) routes missing from the table."""
    route: BaseRoute | None = request.scope.get("route")
    path = getattr(route, "path", None)
    method = "GET" if request.method == "HEAD" else request.method
    access = ENDPOINT_ACCESS.get((method, path)) if isinstance(path, str) else None
    if access is None:
        raise HTTPException(403, "this endpoint is not open to anyone")
    return access


def _project_token_allowed(request: Request, holder: StoreHolder, principal: Principal, access: Access) -> bool:
    if not access.project_token:
        return False
    name = request.path_params.get("name")
    if not isinstance(name, str):
        return False
    with holder.get().transaction() as connection:
        return project_id_by_name(connection, name) == principal.project_id


async def authorize(request: Request) -> Principal | None:
    """Authenticate, check CSRF for cookie requests, and enforce the endpoint's minimum role."""
    holder: StoreHolder = request.app.state.store_holder
    settings: ServerSettings = request.app.state.settings
    access = route_access(request)
    try:
        principal = await run_in_threadpool(identify, request, holder, settings)
    except BadCredentials as error:
        raise HTTPException(401, str(error), headers=UNAUTHENTICATED) from error
    request.state.principal = principal
    if access.role is not None and principal is None:
        raise HTTPException(401, "authentication required", headers=UNAUTHENTICATED)
    cookie_request = principal is None or principal.via != TOKEN
    if cookie_request and not await csrf_ok(request, session_of(request, settings)):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")
    if access.role is None or principal is None:
        return principal
    if principal.project_id is not None:
        # A CI token does only what CI needs, and only for its own project.
        if not await run_in_threadpool(_project_token_allowed, request, holder, principal, access):
            raise HTTPException(403, "this project token may only upload to its own project")
        return principal
    if not role_satisfies(principal.role, access.role):
        raise HTTPException(403, f"this needs the {access.role} role")
    return principal


def current_principal(request: Request) -> Principal:
    """The authenticated caller of a non-public endpoint (set by `authorize`)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        raise HTTPException(401, "authentication required", headers=UNAUTHENTICATED)
    return principal
