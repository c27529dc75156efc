"""Incremental cache: unchanged files with unchanged analyzers cost a stat, not a scan.

Results are keyed by analyzer name and version, rule-set hash, path and content hash.
A file's content hash is remembered with its size and modification time, like git's
index, so a rescan of an unchanged tree reads no file. A corrupt cache is rebuilt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_VERSION = "2"  # 2: file facts carry "lines"
CACHE_FILE = "cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file_state (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL, facts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    analyzer_key TEXT NOT NULL, path TEXT NOT NULL, content_hash TEXT NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (analyzer_key, path)
);
"""


class FileState(NamedTuple):
    """What the cache remembers of a file: identity (size, mtime, hash) and classification facts.

    `facts` is shared between files whose facts are equal; treat it as read-only. A named
    tuple, not a dataclass: a rescan builds one per file, and tuples are built fastest.
    """

    size: int
    mtime_ns: int
    content_hash: str
    facts: dict[str, Any]

    @property
    def language(self) -> str | None:
        return self.facts.get("language")

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.facts.get("kinds", ()))


class ResultCache:
    """A SQLite file under `.pavedroad/cache`; every method survives a damaged file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / CACHE_FILE
        self.rebuilt_reason: str | None = None
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            self.rebuilt_reason = f"the cache at {self.path} was unreadable ({error}) and has been rebuilt"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path)
        connection.executescript(_SCHEMA)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            connection.executescript("DELETE FROM file_state; DELETE FROM results;")
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            connection.commit()
        connection.execute("PRAGMA quick_check").fetchone()
        return connection

    def _rebuild(self, error: Exception) -> None:
        self.rebuilt_reason = f"the cache at {self.path} was unreadable ({error}) and has been rebuilt"
        self._connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._connection = self._connect()

    def load_file_states(self) -> dict[str, FileState]:
        query = "SELECT path, size, mtime_ns, content_hash, facts FROM file_state"
        try:
            rows = self._connection.execute(query).fetchall()
            # Most files share a handful of distinct facts ("python source, no markers"): parse each once.
            parsed: dict[str, dict[str, Any]] = {}
            states = {}
            for path, size, mtime, digest, facts in rows:
                if facts not in parsed:
                    parsed[facts] = json.loads(facts)
                states[path] = FileState(size, mtime, digest, parsed[facts])
            return states
        except (sqlite3.DatabaseError, ValueError) as error:
            self._rebuild(error)
            return {}

    def load_results(self, analyzer_keys: Iterable[str]) -> dict[tuple[str, str], tuple[str, str]]:
        """(analyzer_key, path) → (content_hash, payload) for the given analyzer keys."""
        keys = list(analyzer_keys)
        if not keys:
            return {}
        placeholders = ",".join("?" * len(keys))
        query = f"SELECT analyzer_key, path, content_hash, payload FROM results WHERE analyzer_key IN ({placeholders})"
        try:
            rows = self._connection.execute(query, keys).fetchall()
        except sqlite3.DatabaseError as error:
            self._rebuild(error)
            return {}
        return {(key, path): (digest, payload) for key, path, digest, payload in rows}

    def store(
        self,
        file_states: Iterable[tuple[str, FileState]],
        results: Iterable[tuple[str, str, str, str]],
    ) -> None:
        """Write new file states and (analyzer_key, path, content_hash, payload) rows at once."""
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO file_state VALUES (?, ?, ?, ?, ?)",
                (
                    (path, state.size, state.mtime_ns, state.content_hash, json.dumps(state.facts))
                    for path, state in file_states
                ),
            )
            self._connection.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", results)

    def close(self) -> None:
        self._connection.close()
