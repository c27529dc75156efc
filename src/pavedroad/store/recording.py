"""Recording a project's component inventory as one scan, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, insert, or_, select, true, update
from sqlalchemy.sql.dml import Insert

from pavedroad import __version__
from pavedroad.core.components import Component
from pavedroad.store.connection import Store
from pavedroad.store.schema import (
    DEFAULT_ORGANISATION,
    Organisation,
    Project,
    Scan,
    ScanComponent,
    join_dependency_path,
)
from pavedroad.store.schema import Component as ComponentRow
from pavedroad.vulndb.names import canonical_ecosystem, normalize_name

ComponentKey = tuple[str, str, str | None]  # (canonical ecosystem, normalised name, version)
# Stay well below every database's limit on bound parameters in one statement.
NAMES_PER_QUERY = 500


def component_key(component: Component) -> ComponentKey:
    """The identity a component is stored under."""
    ecosystem = canonical_ecosystem(component.ecosystem)
    return ecosystem, normalize_name(ecosystem, component.name), component.version


def organisation_id_for(connection: Connection, name: str, now: datetime) -> int:
    """The id of the organisation `name`, created if new."""
    found = connection.execute(select(Organisation.id).where(Organisation.name == name)).scalar()
    if found is not None:
        return int(found)
    statement = insert(Organisation).values(name=name, created_at=now).returning(Organisation.id)
    return int(connection.execute(statement).scalar_one())


def project_id_for(
    connection: Connection, name: str, root: str | None, now: datetime, organisation: str = DEFAULT_ORGANISATION
) -> int:
    """The id of the project `name`, created in `organisation` if new; its root kept current."""
    found = connection.execute(select(Project.id, Project.root).where(Project.name == name)).first()
    if found is None:
        organisation_id = organisation_id_for(connection, organisation, now)
        statement = (
            insert(Project)
            .values(name=name, root=root, created_at=now, organisation_id=organisation_id)
            .returning(Project.id)
        )
        return int(connection.execute(statement).scalar_one())
    if root is not None and found.root != root:
        connection.execute(update(Project).where(Project.id == found.id).values(root=root))
    return int(found.id)


def _existing_ids(connection: Connection, keys: Iterable[ComponentKey]) -> dict[ComponentKey, int]:
    """The ids of the components among `keys` the store already holds.

    Looked up by name, then version, from the index on (name, ecosystem, version) alone; a
    row-value `(name, ecosystem, version) IN (...)` would be exact, but SQLite answers it
    with a full table scan. Exact keys are picked out here.
    """
    wanted = set(keys)
    names = sorted({name for _, name, _ in wanted})
    versions = sorted({version for _, _, version in wanted if version is not None})
    version_known: ColumnElement[bool] = (
        ComponentRow.version.in_(versions) if len(versions) <= NAMES_PER_QUERY else true()
    )
    if any(version is None for _, _, version in wanted):
        version_known = or_(version_known, ComponentRow.version.is_(None))
    query = select(ComponentRow.id, ComponentRow.ecosystem, ComponentRow.name, ComponentRow.version)
    found: dict[ComponentKey, int] = {}
    for start in range(0, len(names), NAMES_PER_QUERY):
        chunk = names[start : start + NAMES_PER_QUERY]
        for row in connection.execute(query.where(ComponentRow.name.in_(chunk), version_known)):
            key = (row.ecosystem, row.name, row.version)
            if key in wanted:
                found[key] = row.id
    return found


def _insert_ignoring_duplicates(connection: Connection) -> Insert:
    """An INSERT that skips rows another recorder stored first (where the database can say so)."""
    # Each dialect's module is imported only when that database is in use.
    dialect = connection.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(ComponentRow).on_conflict_do_nothing()
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(ComponentRow).on_conflict_do_nothing()
    return insert(ComponentRow)


def _component_ids(connection: Connection, purls: dict[ComponentKey, str | None]) -> dict[ComponentKey, int]:
    """The id of every component, inserting those the store has not seen before."""
    ids = _existing_ids(connection, purls)
    missing = [key for key in purls if key not in ids]
    if missing:
        rows = [{"ecosystem": e, "name": n, "version": v, "purl": purls[e, n, v]} for e, n, v in missing]
        connection.execute(_insert_ignoring_duplicates(connection), rows)
        ids.update(_existing_ids(connection, missing))
    return ids


def _occurrence(scan_id: int, component_id: int, component: Component) -> dict[str, object]:
    return {
        "scan_id": scan_id,
        "component_id": component_id,
        "source_file": component.source,
        "line": component.line,
        "direct": component.direct,
        "dependency_path": join_dependency_path(component.dependency_path),
        "specifier": component.specifier,
        "scope": component.scope,
    }


def record_inventory(
    store: Store,
    project_name: str,
    root: str | Path,
    components: Sequence[Component],
    commit: str | None = None,
    branch: str | None = None,
    *,
    started_at: datetime | None = None,
) -> int:
    """Store `components` as a new scan of `project_name` (created if new); returns the scan id.

    Components are deduplicated across the whole store by (ecosystem, normalised name,
    version); each occurrence (file, line, direct or via which path) is kept per scan.
    Everything is written in one transaction: a failed recording leaves no partial scan.
    """
    finished_at = datetime.now(UTC)
    with store.transaction() as connection:
        project_id = project_id_for(connection, project_name, str(root), finished_at)
        scan = insert(Scan).values(
            project_id=project_id,
            started_at=started_at or finished_at,
            finished_at=finished_at,
            commit_sha=commit,
            branch=branch,
            tool_version=__version__,
        )
        scan_id: int = connection.execute(scan.returning(Scan.id)).scalar_one()
        store_components(connection, scan_id, components)
    return scan_id


def store_components(connection: Connection, scan_id: int, components: Sequence[Component]) -> None:
    """Add `components` to the scan `scan_id` (deduplicated store-wide), inside the caller's transaction."""
    keys = [component_key(component) for component in components]
    purls: dict[ComponentKey, str | None] = {}
    for key, component in zip(keys, components, strict=True):
        purls[key] = purls.get(key) or component.purl
    ids = _component_ids(connection, purls)
    if components:
        occurrences = [_occurrence(scan_id, ids[key], c) for key, c in zip(keys, components, strict=True)]
        connection.execute(insert(ScanComponent), occurrences)
