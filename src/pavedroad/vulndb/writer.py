"""Writing advisories, KEV entries and EPSS scores into a database file that is being built."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime

from pavedroad.vulndb.codec import compact_json, encode_facts, encode_ranges, encode_severity
from pavedroad.vulndb.exploits import EpssScore, KnownExploited
from pavedroad.vulndb.models import Advisory
from pavedroad.vulndb.names import normalize_name
from pavedroad.vulndb.ranges import listed_version_keys
from pavedroad.vulndb.store import SCHEMA, SCHEMA_VERSION


def _json(values: Iterable[object]) -> str:
    return compact_json(list(values))


def utc_now() -> str:
    """The current time as an RFC 3339 UTC timestamp with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class DatabaseWriter:
    """Inserts into an open connection; the caller commits (the importer, atomically)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def create_schema(self) -> None:
        """Create the tables of an empty database and record its schema version."""
        self.connection.executescript(SCHEMA)
        self.set_meta("schema_version", SCHEMA_VERSION)
        self.set_meta("created_at", utc_now())

    def set_meta(self, key: str, value: str) -> None:
        """Record one fact about the database (schema version, snapshot date...)."""
        self.connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def start_source(self, kind: str, name: str, location: str) -> int:
        """Register an input being imported; returns its row id for `add_advisory` and `finish_source`."""
        cursor = self.connection.execute(
            "INSERT INTO sources (kind, name, location, imported_at, records, skipped) VALUES (?, ?, ?, ?, 0, 0)",
            (kind, name, location, utc_now()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_source(self, source: int, records: int, skipped: int, newest_modified: str | None) -> None:
        """Record how many records an input gave, how many were skipped, and its newest date."""
        self.connection.execute(
            "UPDATE sources SET records = ?, skipped = ?, newest_modified = ? WHERE rowid = ?",
            (records, skipped, newest_modified, source),
        )

    def add_advisory(self, advisory: Advisory, source: int) -> None:
        """Insert an advisory, replacing any earlier one with the same id (the last import wins)."""
        existing = self.connection.execute("SELECT rowid FROM advisories WHERE id = ?", (advisory.id,)).fetchone()
        if existing is not None:
            for table in ("affected", "identifiers"):
                self.connection.execute(f"DELETE FROM {table} WHERE advisory = ?", existing)
            self.connection.execute("DELETE FROM advisories WHERE rowid = ?", existing)
        cursor = self.connection.execute(
            "INSERT INTO advisories (id, modified, published, withdrawn, summary, database_severity, facts, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                advisory.id,
                advisory.modified,
                advisory.published,
                advisory.withdrawn,
                advisory.summary,
                advisory.database_severity,
                encode_facts(advisory),
                source,
            ),
        )
        rowid = cursor.lastrowid
        withdrawn = int(advisory.withdrawn is not None)
        self.connection.executemany(
            "INSERT INTO affected (advisory, withdrawn, ecosystem, name, normalized_name, ranges, versions, "
            "version_keys, severity, database_severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    rowid,
                    withdrawn,
                    package.ecosystem,
                    package.name,
                    normalize_name(package.ecosystem, package.name),
                    encode_ranges(package.ranges),
                    _json(package.versions),
                    _json(sorted(listed_version_keys(package))),
                    encode_severity(package.severity),
                    package.database_severity,
                )
                for package in advisory.affected
            ],
        )
        identifiers = dict.fromkeys((advisory.id, *advisory.aliases, *advisory.upstream, *advisory.related))
        self.connection.executemany(
            "INSERT INTO identifiers (identifier, advisory) VALUES (?, ?)", [(i, rowid) for i in identifiers]
        )

    def replace_known_exploited(self, entries: Iterable[KnownExploited]) -> None:
        """Replace the KEV catalogue (each download is the whole catalogue)."""
        self.connection.execute("DELETE FROM known_exploited")
        self.connection.executemany(
            "INSERT OR REPLACE INTO known_exploited (cve, vendor, product, name, date_added, due_date, ransomware) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(e.cve, e.vendor, e.product, e.name, e.date_added, e.due_date, e.ransomware) for e in entries],
        )

    def replace_epss(self, scores: Iterable[EpssScore], score_date: str | None) -> None:
        """Replace the EPSS scores (each file is a complete daily set)."""
        self.connection.execute("DELETE FROM epss")
        self.connection.executemany(
            "INSERT OR REPLACE INTO epss (cve, score, percentile, score_date) VALUES (?, ?, ?, ?)",
            [(s.cve, s.score, s.percentile, score_date) for s in scores],
        )
