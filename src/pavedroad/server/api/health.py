"""Liveness and database readiness, for load balancers (public)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import literal, select

from pavedroad.server.api.common import store_of
from pavedroad.server.security.roles import API

router = APIRouter(prefix=API, tags=["health"])


@router.get("/health", summary="Is the server up and the database reachable?")
def health(request: Request) -> dict[str, str]:
    """`{"status": "ok"}`, or 503 when the database cannot be reached."""
    with store_of(request).transaction() as connection:
        connection.execute(select(literal(1)))
    return {"status": "ok"}
