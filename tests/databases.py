"""The two databases the store supports, for tests that must pass on both.

SQLite always runs. PostgreSQL runs when $PAVEDROAD_TEST_POSTGRES_URL names a server (an
admin connection, e.g. postgresql+psycopg://pavedroad:pavedroad@127.0.0.1:5432/postgres);
.ci/run starts one and sets it, and in CI its absence is a failure, never a silent skip.
Each test gets its own fresh PostgreSQL database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "PAVEDROAD_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'store.sqlite3'}"


@pytest.fixture
def fresh_postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database (dropped after the test)."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"${POSTGRES_ENV} is not set: CI must run the store tests on PostgreSQL")
        pytest.skip(f"PostgreSQL tests need ${POSTGRES_ENV} (see .ci/run)")
    name = f"pavedroad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store database on each backend in turn: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return str(request.getfixturevalue("fresh_postgres_database"))
