"""The SQLite vulnerability database: its schema, where it lives, and the lookups scans make.

One file. `affected` rows are keyed by (ecosystem, normalised package name) so a scan asks
once per distinct package; advisory details are fetched only for advisories that match.
Lists (aliases, ranges, versions...) are compact JSON in their row. Writing is in `writer`;
this module only reads, through a read-only connection.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from pavedroad.vulndb.codec import JsonStringSet, advisory_from_row, decode_ranges, decode_severity, decode_strings
from pavedroad.vulndb.errors import CorruptDatabaseError, MissingDatabaseError
from pavedroad.vulndb.freshness import age_in_days, freshness_message
from pavedroad.vulndb.models import Advisory, AffectedPackage
from pavedroad.vulndb.ranges import RangeSet

SCHEMA_VERSION = "1"
DATABASE_ENV = "PAVEDROAD_VULNDB"
_QUERY_CHUNK = 500

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, location TEXT NOT NULL,
    imported_at TEXT NOT NULL, records INTEGER NOT NULL, skipped INTEGER NOT NULL, newest_modified TEXT
);
-- `facts`: {"aliases": [...], "related": [...], "upstream": [...], "severity": [[type, vector]],
--           "references": [[type, url]]}; aliases are searchable through `identifiers`.
CREATE TABLE advisories (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL, published TEXT,
    withdrawn TEXT, summary TEXT NOT NULL, database_severity TEXT, facts TEXT NOT NULL,
    source INTEGER REFERENCES sources(rowid)
);
CREATE TABLE affected (
    advisory INTEGER NOT NULL REFERENCES advisories(rowid), withdrawn INTEGER NOT NULL,
    ecosystem TEXT NOT NULL, name TEXT NOT NULL, normalized_name TEXT NOT NULL, ranges TEXT NOT NULL,
    versions TEXT NOT NULL, version_keys TEXT NOT NULL, severity TEXT NOT NULL, database_severity TEXT
);
CREATE INDEX affected_by_package ON affected (ecosystem, normalized_name);
CREATE INDEX affected_by_advisory ON affected (advisory);
CREATE TABLE identifiers (identifier TEXT NOT NULL, advisory INTEGER NOT NULL REFERENCES advisories(rowid));
CREATE INDEX identifiers_by_identifier ON identifiers (identifier);
CREATE INDEX identifiers_by_advisory ON identifiers (advisory);
CREATE TABLE known_exploited (
    cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT, date_added TEXT, due_date TEXT, ransomware TEXT
) WITHOUT ROWID;
CREATE TABLE epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL, score_date TEXT) WITHOUT ROWID;
"""


def default_database_path() -> Path:
    """`$PAVEDROAD_VULNDB`, else `$XDG_CACHE_HOME/pavedroad/vulndb.sqlite3` (`~/.cache` by default)."""
    configured = os.environ.get(DATABASE_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "pavedroad" / "vulndb.sqlite3"


class AffectedEntry:
    """One stored `affected[]` entry for a package, with the row id of its advisory.

    `range_set` is all that matching needs; the full `package` (with its raw `versions` list
    and severity) is decoded only when asked for, i.e. for entries that matched.
    """

    __slots__ = ("_package", "_row", "advisory_rowid", "range_set")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.advisory_rowid: int = row[0]
        self._row = row
        self._package: AffectedPackage | None = None
        self.range_set = RangeSet(row[1], decode_ranges(row[3]), JsonStringSet(row[5]))

    @property
    def package(self) -> AffectedPackage:
        """The entry as an AffectedPackage (decoded on first use)."""
        if self._package is None:
            _, ecosystem, name, _, versions, _, severity, rating = self._row
            self._package = AffectedPackage(
                ecosystem=ecosystem,
                name=name,
                ranges=self.range_set.ranges,
                versions=decode_strings(versions),
                severity=decode_severity(severity),
                database_severity=rating,
            )
        return self._package


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One imported file or download: what, from where, when, how many records."""

    kind: str
    name: str
    location: str
    imported_at: str
    records: int
    skipped: int
    newest_modified: str | None


@dataclass(frozen=True, slots=True)
class ExploitFacts:
    """CISA KEV membership and FIRST EPSS score for one CVE id."""

    known_exploited: bool = False
    epss: float | None = None
    epss_percentile: float | None = None


class VulnerabilityDatabase:
    """A read-only view of one database file. Use `open_database()` to get one at the default place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise MissingDatabaseError(
                f"{path}: no vulnerability database here; run `pavedroad db import` or `pavedroad db update`"
            )
        self._connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = self._connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise CorruptDatabaseError(f"{path}: not a pavedroad vulnerability database ({error})") from error
        if found is None or found[0] != SCHEMA_VERSION:
            self._connection.close()
            raise CorruptDatabaseError(
                f"{path}: vulnerability database schema {found[0] if found else 'unknown'} is not the "
                f"expected {SCHEMA_VERSION}; rebuild it with `pavedroad db import --replace` or `db update`"
            )

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> VulnerabilityDatabase:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _rows(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        try:
            return self._connection.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.DatabaseError as error:
            raise CorruptDatabaseError(f"{self.path}: the vulnerability database is damaged ({error})") from error

    def affected_entries(self, ecosystem: str, normalized_name: str) -> list[AffectedEntry]:
        """Every entry of a non-withdrawn advisory for one package (name already normalised)."""
        return self.affected_entries_of([(ecosystem, normalized_name)]).get((ecosystem, normalized_name), [])

    def affected_entries_of(self, packages: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[AffectedEntry]]:
        """`affected_entries` of many (ecosystem, normalised name) packages, in a few queries.

        One query per ecosystem and chunk of names rather than one per package: matching a
        large inventory spent more time starting statements than reading rows. Each
        package's entries are in stored order, as `affected_entries` gives them.
        """
        names_by_ecosystem: dict[str, set[str]] = {}
        for ecosystem, name in packages:
            names_by_ecosystem.setdefault(ecosystem, set()).add(name)
        found: dict[tuple[str, str], list[AffectedEntry]] = {}
        for ecosystem, names in sorted(names_by_ecosystem.items()):
            for chunk in _chunks(sorted(names)):
                for row in self._rows(
                    "SELECT normalized_name, advisory, ecosystem, name, ranges, versions, version_keys, severity, "
                    "database_severity FROM affected WHERE ecosystem = ? AND withdrawn = 0 "
                    f"AND normalized_name IN ({','.join('?' * len(chunk))}) ORDER BY rowid",
                    (ecosystem, *chunk),
                ):
                    found.setdefault((ecosystem, row[0]), []).append(AffectedEntry(row[1:]))
        return found

    def advisories(self, rowids: Iterable[int]) -> dict[int, Advisory]:
        """Advisory details (without `affected`) by row id."""
        found: dict[int, Advisory] = {}
        for chunk in _chunks(sorted(set(rowids))):
            for row in self._rows(
                "SELECT rowid, id, modified, published, withdrawn, summary, database_severity, facts "
                f"FROM advisories WHERE rowid IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[row[0]] = advisory_from_row(row[1:])
        return found

    def advisory(self, identifier: str) -> Advisory | None:
        """The advisory with this id, or the first one that lists it as an alias (withdrawn included)."""
        rows = self._rows(
            "SELECT a.rowid FROM identifiers i JOIN advisories a ON a.rowid = i.advisory "
            "WHERE i.identifier = ? ORDER BY a.id != ?, a.id LIMIT 1",
            (identifier, identifier),
        )
        return self.advisories([rows[0][0]]).get(rows[0][0]) if rows else None

    def exploit_facts(self, identifiers: Iterable[str]) -> dict[str, ExploitFacts]:
        """KEV and EPSS facts for those of `identifiers` that have any."""
        wanted = sorted({identifier for identifier in identifiers if identifier.startswith("CVE-")})
        known: set[str] = set()
        scores: dict[str, tuple[float, float | None]] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            known.update(row[0] for row in self._rows(f"SELECT cve FROM known_exploited WHERE cve IN ({marks})", chunk))
            for cve, score, percentile in self._rows(
                f"SELECT cve, score, percentile FROM epss WHERE cve IN ({marks})", chunk
            ):
                scores[cve] = (score, percentile)
        return {
            cve: ExploitFacts(cve in known, *scores.get(cve, (None, None)))
            for cve in wanted
            if cve in known or cve in scores
        }

    def ecosystem_counts(self) -> dict[str, int]:
        """Non-withdrawn advisories per ecosystem (with release suffixes, e.g. `AlmaLinux:9`)."""
        rows = self._rows(
            "SELECT ecosystem, COUNT(DISTINCT advisory) FROM affected WHERE withdrawn = 0 GROUP BY ecosystem"
        )
        return {ecosystem: count for ecosystem, count in sorted(rows)}

    def covered_ecosystems(self) -> frozenset[str]:
        """Ecosystems with at least one advisory that can match (exact names, release suffixes kept)."""
        return frozenset(row[0] for row in self._rows("SELECT DISTINCT ecosystem FROM affected WHERE withdrawn = 0"))

    def sources(self) -> list[SourceInfo]:
        """Every imported file or download, oldest first."""
        return [
            SourceInfo(*row)
            for row in self._rows(
                "SELECT kind, name, location, imported_at, records, skipped, newest_modified "
                "FROM sources ORDER BY rowid"
            )
        ]

    def meta(self) -> dict[str, str]:
        """The database's own facts: schema version, when built, snapshot date where built from one."""
        return dict(self._rows("SELECT key, value FROM meta"))

    def counts(self) -> dict[str, int]:
        """Totals: advisories, withdrawn ones, affected entries, KEV entries and EPSS scores."""
        (row,) = self._rows(
            "SELECT (SELECT COUNT(*) FROM advisories), (SELECT COUNT(*) FROM advisories WHERE withdrawn IS NOT NULL), "
            "(SELECT COUNT(*) FROM affected), (SELECT COUNT(*) FROM known_exploited), (SELECT COUNT(*) FROM epss)"
        )
        return dict(zip(("advisories", "withdrawn", "affected", "known_exploited", "epss"), row, strict=True))

    def data_date(self) -> str | None:
        """The newest trustworthy `modified` date of the OSV data: how current the data is."""
        rows = self._rows("SELECT MAX(newest_modified) FROM sources WHERE kind = 'osv'")
        return rows[0][0] if rows else None

    def database_age_days(self, now: datetime | None = None) -> float | None:
        """Days since `data_date()`, or None when the database has no dated OSV data."""
        return age_in_days(self.data_date(), now)

    def freshness_warning(self, max_age_days: float, now: datetime | None = None) -> str | None:
        """A loud warning when the database is empty or older than `max_age_days`; None when fresh."""
        return freshness_message(self.path, self.counts()["advisories"], self.data_date(), max_age_days, now)


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _QUERY_CHUNK):
        yield values[start : start + _QUERY_CHUNK]
