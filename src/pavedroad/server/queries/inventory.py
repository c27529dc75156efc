"""The components of a project's latest inventory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from pavedroad.server.queries.rows import plain_rows
from pavedroad.store.latest import INVENTORY_KINDS
from pavedroad.store.schema import Component, Scan, ScanComponent


def latest_inventory(connection: Connection, project_id: int, limit: int) -> dict[str, Any]:
    """The latest inventory-bearing scan of the project and up to `limit` of its components."""
    scan_id = connection.execute(
        select(func.max(Scan.id)).where(Scan.project_id == project_id, Scan.kind.in_(INVENTORY_KINDS))
    ).scalar_one_or_none()
    if scan_id is None:
        return {"scan_id": None, "components": []}
    query = (
        select(
            Component.ecosystem,
            Component.name,
            Component.version,
            Component.purl,
            ScanComponent.source_file,
            ScanComponent.direct,
            ScanComponent.scope,
        )
        .join(Component, Component.id == ScanComponent.component_id)
        .where(ScanComponent.scan_id == scan_id)
        .order_by(Component.ecosystem, Component.name, ScanComponent.id)
        .limit(limit)
    )
    return {"scan_id": scan_id, "components": plain_rows(connection, query)}
