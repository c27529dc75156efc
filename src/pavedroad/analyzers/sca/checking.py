"""Components against the vulnerability database, saying out loud what was not checked."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from pavedroad.core.components import Component
from pavedroad.vulndb.freshness import coverage_warnings
from pavedroad.vulndb.match import MatchResult, find_vulnerabilities
from pavedroad.vulndb.snapshot import open_database

DEFAULT_MAX_AGE_DAYS = 30.0


def match_components(
    components: Collection[Component],
    database_path: Path | None,
    max_age_days: float,
    warn: Callable[[str], None],
) -> MatchResult:
    """Match pinned components; stale data and ecosystems without advisories go to `warn`.

    Raises VulnDbError when the database cannot be opened (callers report it as an error:
    the components were not checked).
    """
    database = open_database(database_path, notice=warn)
    try:
        stale = database.freshness_warning(max_age_days)
        if stale:
            warn(stale)
        for warning in coverage_warnings(database.covered_ecosystems(), {c.ecosystem for c in components}):
            warn(warning)
        return find_vulnerabilities(database, components)
    finally:
        database.close()
