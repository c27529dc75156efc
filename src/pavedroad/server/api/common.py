"""What API handlers share: the store, bounded parameter types, and 404 on unknown projects."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Path, Query, Request
from pydantic import BeforeValidator
from sqlalchemy import Connection

from pavedroad.server.queries.projects import project_id_by_name
from pavedroad.store.connection import Store

# Database integers are 32-bit on PostgreSQL: larger ids can name nothing.
MAX_ID = 2_147_483_647
MAX_PAGE = 500
# No NUL characters: PostgreSQL text cannot hold them, so such input can match nothing.
NO_NUL = r"^[^\x00]*$"


def _empty_as_none(value: object) -> object:
    # A dashboard filter form sends "" for "any"; the API treats it as an absent parameter.
    return None if value == "" else value


EmptyAsNone = BeforeValidator(_empty_as_none)
ProjectName = Annotated[
    str, Path(min_length=1, max_length=255, pattern=NO_NUL, description="Project name."), EmptyAsNone
]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
Cursor = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="`next_cursor` of the previous page; omit for the first page.")
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size (at most 500).")]
OptionalText = Annotated[str | None, Query(max_length=255, pattern=NO_NUL), EmptyAsNone]
OptionalProject = Annotated[
    str | None, Query(min_length=1, max_length=255, pattern=NO_NUL, description="Project name."), EmptyAsNone
]


def store_of(request: Request) -> Store:
    """The open store (StoreError → 503 when the database is unreachable)."""
    store: Store = request.app.state.store_holder.get()
    return store


def project_id_or_404(connection: Connection, name: str) -> int:
    """The project's id; 404 naming it when there is no such project."""
    project_id = project_id_by_name(connection, name)
    if project_id is None:
        raise HTTPException(404, f"no project {name!r}")
    return project_id


def optional_project_id(connection: Connection, name: str | None) -> int | None:
    """The id of the project named in a filter, None for no filter (404 when unknown)."""
    return None if name is None else project_id_or_404(connection, name)
