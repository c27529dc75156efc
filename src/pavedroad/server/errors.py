"""How failures look: JSON `{"detail": ...}` for the API, a page (or the login form) for browsers.

A database that is down, locked past the busy timeout, or failing answers 503 with
Retry-After; its details (host, driver message) go to the log, not to the client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pavedroad.server.web.rendering import render_error
from pavedroad.store.errors import StoreError
from pavedroad.store.triage import TriageError

logger = logging.getLogger("pavedroad.server")
API_PREFIX = "/api/"
STORE_UNAVAILABLE = "the database is unavailable or busy; nothing was changed, retry later"
RETRY_AFTER_SECONDS = "5"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _failure(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        return RedirectResponse("/login", status_code=303)
    return render_error(request, status, detail, headers)


async def http_error(request: Request, error: Exception) -> Response:
    """HTTPException: its status and detail."""
    assert isinstance(error, StarletteHTTPException)
    return _failure(request, error.status_code, str(error.detail), dict(error.headers or {}))


async def validation_error(request: Request, error: Exception) -> Response:
    """Invalid parameters or body: 422 naming the first problem (the API keeps FastAPI's list)."""
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    if _is_api(request):
        return JSONResponse({"detail": _jsonable(problems)}, status_code=422)
    first = problems[0] if problems else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:])
    return render_error(request, 422, f"{where}: {first.get('msg', 'invalid input')}", None)


def _jsonable(problems: object) -> object:
    # Pydantic puts the offending input and exception objects in `ctx`; keep them printable.
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(
        problems, custom_encoder={Exception: str, bytes: lambda raw: raw.decode("utf-8", "replace")}
    )


async def triage_error(request: Request, error: Exception) -> Response:
    """A triage decision that breaks the rules: 422 with the rule."""
    return _failure(request, 422, str(error))


async def store_error(request: Request, error: Exception) -> Response:
    """The database failed: 503, logged with its cause."""
    logger.error("store unavailable: %s", error)
    return _failure(request, 503, STORE_UNAVAILABLE, {"Retry-After": RETRY_AFTER_SECONDS})


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above (TriageError before its base class StoreError)."""
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(TriageError, triage_error)
    app.add_exception_handler(StoreError, store_error)
