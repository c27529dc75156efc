"""Rows to JSON-ready dictionaries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Executable


def plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as a dictionary, timestamps in ISO 8601."""
    return {str(key): value.isoformat() if isinstance(value, datetime) else value for key, value in row.items()}


def plain_rows(connection: Connection, query: Executable) -> list[dict[str, Any]]:
    """Every row of `query`, each as `plain` makes it."""
    # pavedroad: ignore[sast/python-sql-injection] a SQLAlchemy Core statement: values are bound parameters
    return [plain(row._mapping) for row in connection.execute(query)]
