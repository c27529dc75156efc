"""Suite-wide isolation: the vulnerability database and the store of a test run live in its own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from databases import database_url, fresh_postgres_database  # noqa: F401  (fixtures for every test)

ISOLATED = {
    "PAVEDROAD_VULNDB": lambda folder: str(folder / "vulndb.sqlite3"),
    "PAVEDROAD_STORE_URL": lambda folder: f"sqlite:///{folder / 'store.sqlite3'}",
    "PAVEDROAD_DATABASE_URL": lambda folder: f"sqlite:///{folder / 'store.sqlite3'}",
}


@pytest.fixture(scope="session", autouse=True)
def isolated_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never read or write the user's ~/.cache or ~/.local: the first command that needs them builds them here."""
    folder = tmp_path_factory.mktemp("user-data")
    previous = {name: os.environ.get(name) for name in ISOLATED}
    for name, value in ISOLATED.items():
        os.environ[name] = value(folder)
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
