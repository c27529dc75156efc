"""Fixtures for the inventory store tests: a store per test (a real SQLite file in tmp_path),
the real command line pointed at it, and two projects with overlapping packages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_repo, write_files
from store_projects import BILLING_FILES, RUN_CLI, SHOP_FILES, Runner


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'inventories.sqlite3'}"


@pytest.fixture
def pavedroad(tmp_path: Path, store_url: str) -> Runner:
    """`pavedroad ARGS` in a separate process, with this test's store in $PAVEDROAD_DATABASE_URL."""
    (tmp_path / "store").mkdir(exist_ok=True)

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RUN_CLI, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PAVEDROAD_DATABASE_URL": store_url, **(env or {})},
            timeout=300,
        )

    return run


@pytest.fixture
def projects(tmp_path: Path) -> dict[str, Path]:
    """`shop` (a git repository on branch main) and `billing` (no git), not yet recorded."""
    shop = make_repo(tmp_path / "shop", SHOP_FILES)
    billing = tmp_path / "billing"
    write_files(billing, BILLING_FILES)
    return {"shop": shop, "billing": billing}


@pytest.fixture
def recorded(pavedroad: Runner, projects: dict[str, Path]) -> dict[str, Path]:
    """Both projects recorded once each."""
    for path in projects.values():
        completed = pavedroad("record", str(path))
        assert completed.returncode == 0, completed.stderr
    return projects
