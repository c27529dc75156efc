"""Fixtures for the discovery tests; the repositories they write live in discover_repos.py."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from discover_repos import POLYGLOT_REPO, RepoFactory, write_tree


@pytest.fixture
def make_repo(tmp_path: Path) -> RepoFactory:
    """Write a repository of the given files into a fresh directory."""
    counter = iter(range(1_000_000))

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path / f"repo{next(counter)}", files)

    return make


@pytest.fixture
def polyglot_repo(make_repo: RepoFactory) -> Path:
    """A Flask + Express service with Docker, Terraform, Kubernetes, two CI systems and owners."""
    return make_repo(POLYGLOT_REPO)
