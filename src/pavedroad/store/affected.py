"""`affected`: which recorded projects contain a package, at a version or in a range.

An indexed query finds the package's few `components` rows by normalised name; versions
are filtered in Python (each ecosystem's own order); a second indexed query finds the
scans that contain the survivors.

The two queries are plain SQL over the tables in `pavedroad.store.schema` (the source of
truth; the store tests run them on stores made by the migrations). That lets a one-shot
`pavedroad affected` on SQLite run them through sqlite3 without importing SQLAlchemy
(see `open_for_reading`); on any other database SQLAlchemy runs the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pavedroad.store.connection import Fetch, ReadableStore
from pavedroad.store.latest import LATEST_INVENTORY_SCAN_SQL
from pavedroad.store.selection import VersionSelection
from pavedroad.vulndb.names import KNOWN_ECOSYSTEMS, base_ecosystem, canonical_ecosystem, normalize_name

COMPONENT_IDS_PER_QUERY = 500

# Mirrors schema.inventory.DEPENDENCY_PATH_SEPARATOR: importing the schema means importing the ORM.
DEPENDENCY_PATH_SEPARATOR = " > "

COMPONENTS_NAMED = "SELECT id, ecosystem, name, version, purl FROM components WHERE name IN ({names})"
OCCURRENCES = """
SELECT projects.name, projects.root, scans.id, scans.started_at, scans.commit_sha, scans.branch,
       scan_components.component_id, scan_components.source_file, scan_components.line,
       scan_components.direct, scan_components.dependency_path, scan_components.specifier
FROM scan_components
JOIN scans ON scans.id = scan_components.scan_id
JOIN projects ON projects.id = scans.project_id
WHERE scan_components.component_id IN ({component_ids}){latest_only}
"""


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


def _in_list(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`:prefix0, :prefix1, ...` and their values: an IN list both sqlite3 and SQLAlchemy bind."""
    names = [f"{prefix}{index}" for index in range(len(values))]
    return ", ".join(f":{name}" for name in names), dict(zip(names, values, strict=True))


def _timestamp(value: datetime | str) -> datetime:
    """A stored `UtcDateTime`: SQLite keeps ISO text without a zone, in UTC; PostgreSQL a datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _split_dependency_path(text: str) -> tuple[str, ...]:
    return tuple(text.split(DEPENDENCY_PATH_SEPARATOR)) if text else ()


def _name_spellings(package: str, ecosystem: str | None) -> list[str]:
    """Every stored spelling the package could have: its normal form in each ecosystem."""
    ecosystems = [ecosystem] if ecosystem else KNOWN_ECOSYSTEMS
    return sorted({normalize_name(each, package) for each in ecosystems})


def _candidates(
    fetch: Fetch, package: str, selection: VersionSelection | None, ecosystem: str | None
) -> dict[int, _Candidate]:
    """The components (by id) that are this package and whose version is selected (or may be)."""
    wanted_base = base_ecosystem(ecosystem) if ecosystem else None
    names, parameters = _in_list("name", _name_spellings(package, ecosystem))
    found: dict[int, _Candidate] = {}
    for identifier, row_ecosystem, name, version, purl in fetch(COMPONENTS_NAMED.format(names=names), parameters):
        if wanted_base and base_ecosystem(row_ecosystem) != wanted_base:
            continue
        if name != normalize_name(row_ecosystem, package):
            continue
        verdict = selection.matches(row_ecosystem, version) if selection else True
        if verdict is not False:
            found[identifier] = _Candidate(row_ecosystem, name, version, purl, verdict is None)
    return found


def _occurrences(fetch: Fetch, candidates: dict[int, _Candidate], all_scans: bool) -> Iterable[AffectedRow]:
    latest_only = "" if all_scans else f" AND {LATEST_INVENTORY_SCAN_SQL}"
    ids = sorted(candidates)
    for start in range(0, len(ids), COMPONENT_IDS_PER_QUERY):
        component_ids, parameters = _in_list("component", ids[start : start + COMPONENT_IDS_PER_QUERY])
        query = OCCURRENCES.format(component_ids=component_ids, latest_only=latest_only)
        for row in fetch(query, parameters):
            project, root, scan_id, started, commit, branch, component_id, source, line, direct, path, specifier = row
            component = candidates[component_id]
            yield AffectedRow(
                project=project,
                project_root=root,
                scan_id=scan_id,
                scan_started=_timestamp(started),
                commit=commit,
                branch=branch,
                ecosystem=component.ecosystem,
                name=component.name,
                version=component.version,
                purl=component.purl,
                source_file=source,
                line=line,
                direct=bool(direct),  # SQLite returns 0/1
                dependency_path=_split_dependency_path(path),
                specifier=specifier,
                undetermined=component.undetermined,
            )


def affected(
    store: ReadableStore,
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
    with store.reading() as fetch:
        candidates = _candidates(fetch, package, selection, wanted)
        rows = list(_occurrences(fetch, candidates, all_scans)) if candidates else []
    rows.sort(key=lambda row: (row.project, -row.scan_id, row.ecosystem, row.name, row.version or "", row.source_file))
    return rows
