"""`recheck`: match every project's latest inventory against the current advisories again.

No source is read: components are rebuilt from the store. Each distinct (ecosystem, name,
version) is matched once however many projects hold it. What a recheck finds is stored, so
the next one can tell which vulnerable packages are new since then. A finding is not new
if any of its ids (primary or alias) was reported for the same project and component
before, so an advisory that gains a CVE alias is not reported again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from pavedroad.core.components import Component
from pavedroad.store.connection import Store
from pavedroad.store.latest import is_latest_scan
from pavedroad.store.schema import Component as ComponentRow
from pavedroad.store.schema import Project, Recheck, RecheckFinding, Scan, ScanComponent
from pavedroad.vulndb.match import Match, find_vulnerabilities
from pavedroad.vulndb.store import VulnerabilityDatabase


@dataclass(frozen=True, slots=True)
class VulnerablePackage:
    """A package version in a project that an advisory affects; `new` since the last recheck."""

    ecosystem: str
    name: str
    version: str
    advisory_id: str
    aliases: tuple[str, ...]
    severity: str
    summary: str
    fixed_versions: tuple[str, ...]
    sources: tuple[str, ...]
    new: bool


@dataclass(frozen=True, slots=True)
class NewlyVulnerable:
    """One project's recheck: everything vulnerable in its latest scan, and what is new.

    `unchecked` names components that could not be checked (a version the ecosystem's order
    cannot read, a range that could not be evaluated): never a silent "not vulnerable".
    """

    project: str
    scan_id: int
    scanned_at: datetime
    vulnerable: tuple[VulnerablePackage, ...]
    unchecked: tuple[str, ...] = ()

    @property
    def new(self) -> tuple[VulnerablePackage, ...]:
        """The vulnerable packages not reported for this project by the previous recheck."""
        return tuple(package for package in self.vulnerable if package.new)


@dataclass(slots=True)
class _LatestScan:
    """A project's latest scan and, per stored component id, the files it was found in."""

    project_id: int
    project: str
    scan_id: int
    started_at: datetime
    sources: dict[int, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class _Inventories:
    scans: list[_LatestScan] = field(default_factory=list)
    components: dict[int, Component] = field(default_factory=dict)  # pinned ones only


def _latest_inventories(connection: Connection) -> _Inventories:
    """Every project's latest scan with its components, rebuilt from the store in one query."""
    query = (
        select(
            Project.id.label("project_id"),
            Project.name.label("project"),
            Scan.id.label("scan_id"),
            Scan.started_at,
            ScanComponent.component_id,
            ScanComponent.source_file,
            ComponentRow.ecosystem,
            ComponentRow.name,
            ComponentRow.version,
            ComponentRow.purl,
        )
        .join(Scan, Scan.project_id == Project.id)
        .join(ScanComponent, ScanComponent.scan_id == Scan.id)
        .join(ComponentRow, ComponentRow.id == ScanComponent.component_id)
        .where(is_latest_scan())
        .order_by(Project.name, ScanComponent.id)
    )
    found = _Inventories()
    for row in connection.execute(query):
        if not found.scans or found.scans[-1].scan_id != row.scan_id:
            found.scans.append(_LatestScan(row.project_id, row.project, row.scan_id, row.started_at))
        files = found.scans[-1].sources.setdefault(row.component_id, [])
        if row.source_file not in files:
            files.append(row.source_file)
        if row.version is not None and row.component_id not in found.components:
            found.components[row.component_id] = Component(
                row.ecosystem, row.name, row.version, source="", purl=row.purl
            )
    return found


Reported = dict[tuple[int, int], set[str]]  # (project id, component id) → ids reported


def _previously_reported(connection: Connection) -> Reported:
    """(project id, component id) → every id the previous recheck reported for it."""
    previous = connection.execute(select(func.max(Recheck.id))).scalar()
    if previous is None:
        return {}
    query = select(
        RecheckFinding.project_id, RecheckFinding.component_id, RecheckFinding.advisory_id, RecheckFinding.aliases
    ).where(RecheckFinding.recheck_id == previous)
    reported: dict[tuple[int, int], set[str]] = defaultdict(set)
    for row in connection.execute(query):
        reported[row.project_id, row.component_id].update([row.advisory_id, *row.aliases.split()])
    return reported


def _vulnerable_package(match: Match, sources: list[str], *, new: bool) -> VulnerablePackage:
    component = match.component
    return VulnerablePackage(
        ecosystem=component.ecosystem,
        name=component.name,
        version=component.version or "",
        advisory_id=match.id,
        aliases=match.aliases,
        severity=match.severity.level,
        summary=match.summary,
        fixed_versions=match.fixed_versions,
        sources=tuple(sources),
        new=new,
    )


@dataclass(slots=True)
class _Matched:
    """The matches and problems of each stored component id."""

    matches: dict[int, list[Match]]
    problems: dict[int, str]


def _match(database: VulnerabilityDatabase, components: dict[int, Component]) -> _Matched:
    # Stored components are unique per (ecosystem, name, version), so each Component is one id.
    result = find_vulnerabilities(database, components.values())
    ids = {component: identifier for identifier, component in components.items()}
    return _Matched(
        {identifier: result.for_component(component) for identifier, component in components.items()},
        {ids[problem.component]: problem.message for problem in result.problems},
    )


def _finding_row(recheck_id: int, scan: _LatestScan, component_id: int, match: Match) -> dict[str, object]:
    return {
        "recheck_id": recheck_id,
        "project_id": scan.project_id,
        "scan_id": scan.scan_id,
        "component_id": component_id,
        "advisory_id": match.id,
        "aliases": " ".join(match.aliases),
        "severity": match.severity.level,
    }


def _project_outcome(scan: _LatestScan, matched: _Matched, reported: Reported) -> NewlyVulnerable:
    vulnerable = []
    for component_id, files in scan.sources.items():
        known = reported.get((scan.project_id, component_id), set())
        for match in matched.matches.get(component_id, ()):
            vulnerable.append(_vulnerable_package(match, files, new=known.isdisjoint((match.id, *match.aliases))))
    vulnerable.sort(key=lambda package: (package.ecosystem, package.name, package.version, package.advisory_id))
    unchecked = sorted(
        f"{files[0]}: {matched.problems[component_id]}"
        for component_id, files in scan.sources.items()
        if component_id in matched.problems
    )
    return NewlyVulnerable(scan.project, scan.scan_id, scan.started_at, tuple(vulnerable), tuple(unchecked))


def recheck(store: Store, database: VulnerabilityDatabase) -> list[NewlyVulnerable]:
    """Re-match the latest inventory of every project against `database`; see the module doc.

    Returns one entry per project (sorted by name), and records this recheck's findings.
    """
    started = datetime.now(UTC)
    with store.transaction() as connection:
        inventories = _latest_inventories(connection)
        matched = _match(database, inventories.components)
        reported = _previously_reported(connection)
        recheck_id = connection.execute(
            insert(Recheck).values(started_at=started, database=str(database.path)).returning(Recheck.id)
        ).scalar_one()
        findings = [
            _finding_row(recheck_id, scan, component_id, match)
            for scan in inventories.scans
            for component_id in scan.sources
            for match in matched.matches.get(component_id, ())
        ]
        if findings:
            connection.execute(insert(RecheckFinding), findings)
    return [_project_outcome(scan, matched, reported) for scan in inventories.scans]
