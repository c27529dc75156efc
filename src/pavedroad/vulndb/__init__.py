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

from pavedroad.vulndb.errors import (
    CorruptDatabaseError,
    ImportFailedError,
    MissingDatabaseError,
    UpdateError,
    VulnDbError,
)
from pavedroad.vulndb.freshness import coverage_warnings
from pavedroad.vulndb.importer import ImportSource, import_paths
from pavedroad.vulndb.match import Match, MatchProblem, MatchResult, find_vulnerabilities
from pavedroad.vulndb.report import ImportProblem, ImportReport
from pavedroad.vulndb.severity import SeverityRating
from pavedroad.vulndb.snapshot import build_from_snapshot, open_database, snapshot_info
from pavedroad.vulndb.store import VulnerabilityDatabase, default_database_path
from pavedroad.vulndb.update import update_database
from pavedroad.vulndb.upgrade import smallest_safe_upgrade

__all__ = [
    "CorruptDatabaseError",
    "ImportFailedError",
    "ImportProblem",
    "ImportReport",
    "ImportSource",
    "Match",
    "MatchProblem",
    "MatchResult",
    "MissingDatabaseError",
    "SeverityRating",
    "UpdateError",
    "VulnDbError",
    "VulnerabilityDatabase",
    "build_from_snapshot",
    "coverage_warnings",
    "default_database_path",
    "find_vulnerabilities",
    "import_paths",
    "open_database",
    "smallest_safe_upgrade",
    "snapshot_info",
    "update_database",
]
