"""Which scan is a project's latest inventory: its highest scan id among scans that carry one.

`record` and `scan --record` (when dependency scanning ran) store an inventory; imports of
other tools' results and scans without dependency scanning do not, and must not hide the
inventory `affected` and `recheck` read.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import aliased

from pavedroad.store.schema import Scan

INVENTORY = "inventory"  # `record`
SCAN_WITH_INVENTORY = "scan"  # `scan --record` with dependency scanning
SCAN_WITHOUT_INVENTORY = "findings"  # `scan --record` without it, and `import`
INVENTORY_KINDS = (INVENTORY, SCAN_WITH_INVENTORY)


def is_latest_scan() -> ColumnElement[bool]:
    """A condition on `Scan` that holds for each project's latest inventory-bearing scan only."""
    other = aliased(Scan)
    latest = (
        select(func.max(other.id))
        .where(other.project_id == Scan.project_id, other.kind.in_(INVENTORY_KINDS))
        .correlate(Scan)
        .scalar_subquery()
    )
    return Scan.id == latest
