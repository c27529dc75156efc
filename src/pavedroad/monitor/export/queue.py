"""The durable queue between `send()` and a SIEM: a SQLite file per exporter, fsync'd on every commit.

An alert is committed before `send()` returns, so a crash or an unreachable SIEM loses
nothing; it leaves the queue only when the receiver acknowledged it (`ack`) or refused it
for good (`reject`, which moves it to a dead-letter table an operator can inspect).
Pending entries are unique by alert id, so a replayed alert is not queued twice.

When the queue holds `max_entries`, new alerts are dropped (never the ones already on disk)
and counted in `dropped`, which survives restarts. Without a directory the same code runs
on an in-memory database: bounded and deduplicated, but not durable.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pavedroad.core.errors import UsageError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letter (
    seq INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    """One pending alert: its queue position, id and public JSON form (`Alert.to_dict()`)."""

    seq: int
    alert_id: str
    payload: Mapping[str, Any]


class DiskQueue:
    """A bounded FIFO of alerts in `directory/<name>.sqlite3` (in memory when directory is None).

    Thread-safe: the runtime thread puts while the delivery thread peeks and acknowledges.
    One process at a time: a second opener of the same file gets a UsageError.
    """

    def __init__(self, directory: Path | None, name: str, max_entries: int) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._lock_file: IO[str] | None = None
        if directory is None:
            target = ":memory:"
        else:
            directory.mkdir(parents=True, exist_ok=True)
            target = str(directory / f"{name}.sqlite3")
            self._lock_file = _exclusive_lock(directory / f"{name}.lock")
        # autocommit mode: every statement outside an explicit transaction is its own commit.
        self._db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        if directory is not None:
            # WAL + synchronous=FULL fsyncs the log on every commit: durable once put() returns.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._depth = int(self._db.execute("SELECT count(*) FROM pending").fetchone()[0])

    def put(self, alert_id: str, payload: Mapping[str, Any]) -> bool:
        """Queue an alert; False when it was dropped because the queue is full.

        An alert already pending with the same id counts as queued (it will be delivered once).
        """
        text = json.dumps(payload, default=str, sort_keys=True)
        with self._lock:
            if self._depth >= self.max_entries:
                if self._db.execute("SELECT 1 FROM pending WHERE alert_id = ?", (alert_id,)).fetchone():
                    return True
                self._increment("dropped")
                return False
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO pending (alert_id, payload) VALUES (?, ?)", (alert_id, text)
            )
            self._depth += cursor.rowcount
            return True

    def peek(self, limit: int) -> list[QueuedAlert]:
        """The oldest `limit` pending alerts, without removing them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, alert_id, payload FROM pending ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [QueuedAlert(seq, alert_id, json.loads(payload)) for seq, alert_id, payload in rows]

    def ack(self, seqs: Iterable[int]) -> None:
        """Remove alerts the receiver acknowledged."""
        keys = [(seq,) for seq in seqs]
        if not keys:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            before = self._db.total_changes
            self._db.executemany("DELETE FROM pending WHERE seq = ?", keys)
            self._depth -= self._db.total_changes - before
            self._db.execute("COMMIT")

    def reject(self, reasons: Mapping[int, str]) -> None:
        """Move alerts the receiver refused for good to the dead-letter table, with the reason."""
        if not reasons:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            for seq, reason in reasons.items():
                self._db.execute(
                    "INSERT OR REPLACE INTO dead_letter (seq, alert_id, payload, reason) "
                    "SELECT seq, alert_id, payload, ? FROM pending WHERE seq = ?",
                    (reason, seq),
                )
                self._depth -= self._db.execute("DELETE FROM pending WHERE seq = ?", (seq,)).rowcount
            self._db.execute("COMMIT")

    @property
    def depth(self) -> int:
        """How many alerts wait for delivery."""
        return self._depth

    @property
    def dropped(self) -> int:
        """How many alerts were dropped because the queue was full, over the file's lifetime."""
        with self._lock:
            row = self._db.execute("SELECT value FROM counters WHERE name = 'dropped'").fetchone()
        return int(row[0]) if row else 0

    def dead_letters(self) -> list[tuple[str, str]]:
        """(alert id, reason) of every alert the receiver refused, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT alert_id, reason FROM dead_letter ORDER BY seq").fetchall()
        return [(str(alert_id), str(reason)) for alert_id, reason in rows]

    def close(self) -> None:
        """Close the database and release the file lock."""
        with self._lock:
            self._db.close()
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None

    def _increment(self, name: str) -> None:
        self._db.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (name,),
        )


def _exclusive_lock(path: Path) -> IO[str]:
    """Two exporters draining one queue would deliver every alert twice; refuse the second."""
    handle = path.open("a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UsageError(f"{path}: the export queue is in use by another pavedroad process") from None
    return handle
