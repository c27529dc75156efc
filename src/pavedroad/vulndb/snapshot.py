"""The advisory snapshot shipped inside the package, so scans work offline on a fresh install.

`scripts/build_vulndb_snapshot.py` writes `data/osv-snapshot.jsonl.gz` (compact OSV records:
ids, aliases, ranges, versions, severities, summaries; no long `details`) and
`data/snapshot.json` (its date, sources and counts); `data/ATTRIBUTION.md` carries the
licence notices. When no database exists at the default location, the first lookup builds
one from the snapshot; `pavedroad db update` then replaces it with current data.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pavedroad.vulndb.errors import CorruptDatabaseError, MissingDatabaseError
from pavedroad.vulndb.importer import ImportSource, import_paths
from pavedroad.vulndb.report import ImportReport
from pavedroad.vulndb.store import VulnerabilityDatabase, default_database_path

DATA = Path(__file__).resolve().parent / "data"
SNAPSHOT_FILE = DATA / "osv-snapshot.jsonl.gz"
SNAPSHOT_INFO_FILE = DATA / "snapshot.json"
SNAPSHOT_SOURCE_NAME = "bundled snapshot"

Notice = Callable[[str], None]


def _to_stderr(message: str) -> None:
    print(f"pavedroad: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """The bundled snapshot: how current its data is, what it holds, where it came from."""

    data_date: str
    records: int
    ecosystems: dict[str, int]
    sources: list[dict[str, object]]


def snapshot_info() -> SnapshotInfo | None:
    """Facts about the bundled snapshot, or None if this installation has none."""
    if not SNAPSHOT_INFO_FILE.is_file() or not SNAPSHOT_FILE.is_file():
        return None
    facts = json.loads(SNAPSHOT_INFO_FILE.read_text(encoding="utf-8"))
    return SnapshotInfo(
        data_date=facts["data_date"],
        records=facts["records"],
        ecosystems=facts["ecosystems"],
        sources=facts["sources"],
    )


def build_from_snapshot(database: Path) -> ImportReport:
    """Build `database` (atomically, replacing what is there) from the bundled snapshot."""
    info = snapshot_info()
    if info is None:
        raise MissingDatabaseError(
            f"{database}: no vulnerability database, and this installation has no bundled snapshot; "
            "run `pavedroad db update` or `pavedroad db import PATH`"
        )
    source = ImportSource(SNAPSHOT_FILE, name=SNAPSHOT_SOURCE_NAME, data_date=info.data_date)
    return import_paths(database, [source], replace=True, meta={"snapshot_date": info.data_date})


def open_database(path: Path | None = None, *, notice: Notice = _to_stderr) -> VulnerabilityDatabase:
    """The database at `path`, or at the default location (built from the snapshot if needed).

    An explicit `path` must exist and be valid (MissingDatabaseError / CorruptDatabaseError).
    At the default location (`$PAVEDROAD_VULNDB` or the user cache), a missing database is
    built from the bundled snapshot, and a damaged one rebuilt, saying so through `notice`.
    """
    if path is not None:
        return VulnerabilityDatabase(path)
    default = default_database_path()
    try:
        return VulnerabilityDatabase(default)
    except MissingDatabaseError:
        reason = "no vulnerability database yet"
    except CorruptDatabaseError as error:
        reason = f"{error}; rebuilding it"
    info = snapshot_info()
    notice(
        f"{reason}: building {default} from the bundled advisory snapshot "
        f"(data up to {info.data_date[:10] if info else '?'}; run `pavedroad db update` for current data)"
    )
    report = build_from_snapshot(default)
    notice(f"vulnerability database ready: {report.records} advisories in {report.seconds:.1f} s")
    return VulnerabilityDatabase(default)
