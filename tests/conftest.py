"""Suite-wide isolation: the vulnerability database of a test run lives in its own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def isolated_vulnerability_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never read or write the user's ~/.cache: the first scan that needs it builds it here."""
    previous = os.environ.get("PAVEDROAD_VULNDB")
    os.environ["PAVEDROAD_VULNDB"] = str(tmp_path_factory.mktemp("vulndb") / "vulndb.sqlite3")
    yield
    if previous is None:
        os.environ.pop("PAVEDROAD_VULNDB", None)
    else:
        os.environ["PAVEDROAD_VULNDB"] = previous
