"""Which scan is a project's latest inventory: its highest scan id among scans that carry one.

`record` and `scan --record` (when dependency scanning ran) store an inventory; imports of
other tools' results and scans without dependency scanning do not, and must not hide the
inventory `affected` and `recheck` read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import TextClause

INVENTORY = "inventory"  # `record`
SCAN_WITH_INVENTORY = "scan"  # `scan --record` with dependency scanning
SCAN_WITHOUT_INVENTORY = "findings"  # `scan --record` without it, and `import`
INVENTORY_KINDS = (INVENTORY, SCAN_WITH_INVENTORY)

# Plain SQL, so that `affected` can run it through sqlite3 without importing SQLAlchemy;
# `is_latest_scan()` hands the same text to SQLAlchemy queries. The kinds are our constants.
LATEST_INVENTORY_SCAN_SQL = (
    "scans.id = (SELECT MAX(latest.id) FROM scans AS latest WHERE latest.project_id = scans.project_id "
    f"AND latest.kind IN ({', '.join(repr(kind) for kind in INVENTORY_KINDS)}))"
)


def is_latest_scan() -> TextClause:
    """A condition on `Scan` (the `scans` table, not aliased) that holds for each project's latest
    inventory-bearing scan only."""
    from sqlalchemy import text

    return text(LATEST_INVENTORY_SCAN_SQL)
