"""The local vulnerability database: OSV import/update, SQLite storage, matching, version orders.

What the SCA analyzer uses:

    db = open_database()                       # default location; built from the bundled snapshot if missing
    result = find_vulnerabilities(db, components)
    for match in result:                        # one Match per (component, vulnerability), aliases merged
        ...match.id, match.aliases, match.severity, match.fixed_versions, match.known_exploited, match.epss
    result.problems                             # components that could not be (fully) checked
    result.safe_upgrade(component)              # smallest version no known advisory affects
    db.freshness_warning(max_age_days)          # loud warning when empty or stale, else None
    coverage_warnings(db.covered_ecosystems(), scanned_ecosystems)
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use: `pavedroad affected` should not pay for the importer, the updater and univers.
_EXPORTS = {
    "CorruptDatabaseError": "pavedroad.vulndb.errors",
    "ImportFailedError": "pavedroad.vulndb.errors",
    "ImportProblem": "pavedroad.vulndb.report",
    "ImportReport": "pavedroad.vulndb.report",
    "ImportSource": "pavedroad.vulndb.importer",
    "Match": "pavedroad.vulndb.match",
    "MatchProblem": "pavedroad.vulndb.match",
    "MatchResult": "pavedroad.vulndb.match",
    "MissingDatabaseError": "pavedroad.vulndb.errors",
    "SeverityRating": "pavedroad.vulndb.severity",
    "UpdateError": "pavedroad.vulndb.errors",
    "VulnDbError": "pavedroad.vulndb.errors",
    "VulnerabilityDatabase": "pavedroad.vulndb.store",
    "build_from_snapshot": "pavedroad.vulndb.snapshot",
    "coverage_warnings": "pavedroad.vulndb.freshness",
    "default_database_path": "pavedroad.vulndb.store",
    "find_vulnerabilities": "pavedroad.vulndb.match",
    "import_paths": "pavedroad.vulndb.importer",
    "open_database": "pavedroad.vulndb.snapshot",
    "smallest_safe_upgrade": "pavedroad.vulndb.upgrade",
    "snapshot_info": "pavedroad.vulndb.snapshot",
    "update_database": "pavedroad.vulndb.update",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
