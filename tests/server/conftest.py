"""Server test fixtures: a running app per test on each store backend; every test bounded in time."""

from __future__ import annotations

import faulthandler
from collections.abc import Iterator

import pytest
from server_support import Server, running_server

# A hung server test (a lock never released, a browser waiting forever) dumps every
# thread's stack and ends the run instead of blocking CI.
TEST_TIME_LIMIT_SECONDS = 240


@pytest.fixture(autouse=True)
def bounded_in_time() -> Iterator[None]:
    faulthandler.dump_traceback_later(TEST_TIME_LIMIT_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    """The app on a fresh store (SQLite, then PostgreSQL), with a user and a token per role."""
    with running_server(database_url) as running:
        yield running
