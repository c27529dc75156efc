"""`affected`: which recorded projects contain a package, at a version or in a range.

An indexed query finds the package's few `components` rows by normalised name; versions
are filtered in Python (each ecosystem's own order); a second indexed query finds the
scans that contain the survivors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from pavedroad.store.connection import Store
from pavedroad.store.latest import is_latest_scan
from pavedroad.store.schema import Component, Project, Scan, ScanComponent, split_dependency_path
from pavedroad.store.selection import VersionSelection
from pavedroad.vulndb.names import KNOWN_ECOSYSTEMS, base_ecosystem, canonical_ecosystem, normalize_name

COMPONENT_IDS_PER_QUERY = 500


@dataclass(frozen=True, slots=True)
class AffectedRow:
    """One occurrence of the package in one recorded scan.

    `undetermined` is True when the recorded version could not be compared with the one
    asked about (an unpinned requirement, or a version the ecosystem's order cannot read):
    the project may be affected, and someone should look.
    """

    project: str
    project_root: str | None
    scan_id: int
    scan_started: datetime
    commit: str | None
    branch: str | None
    ecosystem: str
    name: str
    version: str | None
    purl: str | None
    source_file: str
    line: int | None
    direct: bool
    dependency_path: tuple[str, ...]
    specifier: str | None
    undetermined: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    ecosystem: str
    name: str
    version: str | None
    purl: str | None
    undetermined: bool


def _name_spellings(package: str, ecosystem: str | None) -> set[str]:
    """Every stored spelling the package could have: its normal form in each ecosystem."""
    ecosystems = [ecosystem] if ecosystem else KNOWN_ECOSYSTEMS
    return {normalize_name(each, package) for each in ecosystems}


def _candidates(
    connection: Connection, package: str, selection: VersionSelection | None, ecosystem: str | None
) -> dict[int, _Candidate]:
    """The components (by id) that are this package and whose version is selected (or may be)."""
    wanted_base = base_ecosystem(ecosystem) if ecosystem else None
    query = select(Component.id, Component.ecosystem, Component.name, Component.version, Component.purl)
    found: dict[int, _Candidate] = {}
    for row in connection.execute(query.where(Component.name.in_(_name_spellings(package, ecosystem)))):
        if wanted_base and base_ecosystem(row.ecosystem) != wanted_base:
            continue
        if row.name != normalize_name(row.ecosystem, package):
            continue
        verdict = selection.matches(row.ecosystem, row.version) if selection else True
        if verdict is not False:
            found[row.id] = _Candidate(row.ecosystem, row.name, row.version, row.purl, verdict is None)
    return found


def _occurrences(connection: Connection, candidates: dict[int, _Candidate], all_scans: bool) -> Iterable[AffectedRow]:
    columns = (
        Project.name.label("project"),
        Project.root,
        Scan.id.label("scan_id"),
        Scan.started_at,
        Scan.commit_sha,
        Scan.branch,
        ScanComponent.component_id,
        ScanComponent.source_file,
        ScanComponent.line,
        ScanComponent.direct,
        ScanComponent.dependency_path,
        ScanComponent.specifier,
    )
    query = select(*columns).join(Scan, Scan.id == ScanComponent.scan_id).join(Project, Project.id == Scan.project_id)
    if not all_scans:
        query = query.where(is_latest_scan())
    ids = sorted(candidates)
    for start in range(0, len(ids), COMPONENT_IDS_PER_QUERY):
        chunk = ids[start : start + COMPONENT_IDS_PER_QUERY]
        for row in connection.execute(query.where(ScanComponent.component_id.in_(chunk))):
            component = candidates[row.component_id]
            yield AffectedRow(
                project=row.project,
                project_root=row.root,
                scan_id=row.scan_id,
                scan_started=row.started_at,
                commit=row.commit_sha,
                branch=row.branch,
                ecosystem=component.ecosystem,
                name=component.name,
                version=component.version,
                purl=component.purl,
                source_file=row.source_file,
                line=row.line,
                direct=row.direct,
                dependency_path=split_dependency_path(row.dependency_path),
                specifier=row.specifier,
                undetermined=component.undetermined,
            )


def affected(
    store: Store,
    package: str,
    version_or_range: str | None = None,
    ecosystem: str | None = None,
    *,
    all_scans: bool = False,
) -> list[AffectedRow]:
    """Every occurrence of `package` in each project's latest scan (every scan with `all_scans`).

    `version_or_range` is one version or a range in the ecosystem's syntax (see
    `pavedroad.store.selection`); raises InvalidSelectionError when it cannot be read in an
    ecosystem the package is recorded in. Without `ecosystem`, every ecosystem is searched.
    Rows come sorted by project, newest scan first, then package, version and file.
    """
    selection = VersionSelection(version_or_range) if version_or_range is not None else None
    wanted = canonical_ecosystem(ecosystem) if ecosystem else None
    if selection is not None and wanted is not None:
        selection.matcher(wanted)  # a bad range is an error even when nothing is recorded
    with store.transaction() as connection:
        candidates = _candidates(connection, package, selection, wanted)
        rows = list(_occurrences(connection, candidates, all_scans)) if candidates else []
    rows.sort(key=lambda row: (row.project, -row.scan_id, row.ecosystem, row.name, row.version or "", row.source_file))
    return rows
