"""Rendering dashboard pages: one autoescaping Jinja2 environment and the context every page gets."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from pavedroad.server.security.principal import Principal, session_of
from pavedroad.server.security.roles import TRIAGER, role_satisfies
from pavedroad.server.settings import ServerSettings


@cache
def environment() -> Environment:
    """Autoescape everything: finding messages and snippets come from scanned code."""
    return Environment(
        loader=PackageLoader("pavedroad.server", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _common_context(request: Request) -> dict[str, Any]:
    settings: ServerSettings = request.app.state.settings
    principal: Principal | None = getattr(request.state, "principal", None)
    session = session_of(request, settings)
    return {
        "principal": principal,
        "can_triage": principal is not None and role_satisfies(principal.role, TRIAGER),
        "csrf_token": session.csrf_token if session else "",
    }


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The page `template` with the common context (user, role, CSRF token) and `context` (which wins)."""
    html = environment().get_template(template).render({**_common_context(request), **context})
    # pavedroad: ignore[sast/python-xss] the environment escapes every value (autoescape=True above)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request, status: int, detail: str, headers: dict[str, str] | None) -> HTMLResponse:
    """An error page saying what went wrong."""
    return render(request, "error.html", {"status": status, "detail": detail}, status, headers)
