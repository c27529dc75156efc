"""Logging in and out of the dashboard: rate-limited, audited, a fresh session on each login."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from pavedroad.server.accounts import UserIdentity, audit, user_by_name
from pavedroad.server.security.passwords import DUMMY_HASH, verify_password
from pavedroad.server.security.principal import session_of
from pavedroad.server.security.ratelimit import SlidingWindowLimiter
from pavedroad.server.security.sessions import COOKIE_NAME, Session, encode_session, new_session
from pavedroad.server.settings import ServerSettings
from pavedroad.server.storage import StoreHolder
from pavedroad.server.web.rendering import render

router = APIRouter(include_in_schema=False)
FAILED_LOGIN = "Wrong user name or password."
Username = Annotated[str, Form(max_length=255)]
Password = Annotated[str, Form(max_length=1024)]


class LoginLimits:
    """Failed logins counted per client address and per user name (sliding windows)."""

    def __init__(self, settings: ServerSettings) -> None:
        self.by_address = SlidingWindowLimiter(settings.login_attempts_per_ip, settings.login_window_seconds)
        self.by_username = SlidingWindowLimiter(settings.login_failures_per_username, settings.login_window_seconds)

    def retry_after(self, address: str, username: str) -> float | None:
        waits = [
            wait
            for wait in (self.by_address.retry_after(address), self.by_username.retry_after(username))
            if wait is not None
        ]
        return max(waits) if waits else None

    def failed(self, address: str, username: str) -> None:
        self.by_address.record(address)
        self.by_username.record(username)


def _set_session_cookie(request: Request, response: Response, session: Session) -> None:
    settings: ServerSettings = request.app.state.settings
    secure = settings.https if settings.https is not None else request.url.scheme == "https"
    response.set_cookie(
        COOKIE_NAME,
        encode_session(session, settings.secret_key),
        max_age=settings.session_max_age_seconds,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


@router.get("/login")
def login_page(request: Request) -> Response:
    """The login form; starts an anonymous session so the form carries a CSRF token."""
    settings: ServerSettings = request.app.state.settings
    session = session_of(request, settings) or new_session(None, settings.session_max_age_seconds)
    response = render(request, "login.html", {"error": None, "csrf_token": session.csrf_token})
    _set_session_cookie(request, response, session)
    return response


def _check_credentials(holder: StoreHolder, username: str, password: str, address: str) -> UserIdentity | None:
    with holder.get().transaction() as connection:
        user = user_by_name(connection, username)
    # Hash even for unknown users, so response time does not tell which names exist.
    valid = verify_password(password, user.password_hash if user else DUMMY_HASH)
    with holder.get().transaction() as connection:
        if valid and user is not None:
            audit(connection, user.username, "login", "user", user.username, f"from {address}")
            return user
        audit(connection, username or "(empty)", "login_failed", "user", username or "(empty)", f"from {address}")
    return None


@router.post("/login")
async def login(request: Request, username: Username, password: Password) -> Response:
    """Check the password; on success a new session (new CSRF token) and the overview."""
    settings: ServerSettings = request.app.state.settings
    limits: LoginLimits = request.app.state.login_limits
    address = request.client.host if request.client else "unknown"
    wait = limits.retry_after(address, username)
    if wait is not None:
        seconds = str(max(1, math.ceil(wait)))
        return render(
            request, "login.html", {"error": "Too many failed logins; try again later."}, 429, {"Retry-After": seconds}
        )
    user = await run_in_threadpool(_check_credentials, request.app.state.store_holder, username, password, address)
    if user is None:
        limits.failed(address, username)
        return render(request, "login.html", {"error": FAILED_LOGIN}, 401)
    limits.by_username.reset(username)
    response = RedirectResponse("/", status_code=303)
    _set_session_cookie(request, response, new_session(user.id, settings.session_max_age_seconds))
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session (the cookie is dropped) and go back to the login form."""
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response
