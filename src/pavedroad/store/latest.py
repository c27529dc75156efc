"""Which scan is a project's latest: the highest scan id it has (scans are only appended)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import aliased

from pavedroad.store.schema import Scan


def is_latest_scan() -> ColumnElement[bool]:
    """A condition on `Scan` that holds for each project's latest scan only."""
    other = aliased(Scan)
    latest = select(func.max(other.id)).where(other.project_id == Scan.project_id).correlate(Scan).scalar_subquery()
    return Scan.id == latest
