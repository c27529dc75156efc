"""Recording an uploaded scan exactly once, however many times CI sends it.

A scan's identity is (project, ci_run_id, run.started): a retried or duplicated upload of the
same report finds the scan already recorded and returns it instead of recording it again
(which would add sightings and could fix or reopen findings twice). Two copies arriving at
the same moment are serialised by a lock on that identity: a lock per process (SQLite, one
server) and, on PostgreSQL, an advisory lock so several server processes agree too. The
check and `record_scan` (one transaction) run under that lock.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from pavedroad.core.findings import Finding
from pavedroad.report.json_report import finding_to_dict
from pavedroad.store.connection import Store
from pavedroad.store.findings_recording import ScanFacts, record_scan
from pavedroad.store.schema import Project, Scan

LOCK_STRIPES = 64
_process_locks = [threading.Lock() for _ in range(LOCK_STRIPES)]


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """The recorded scan; `duplicate` when this report had been recorded before."""

    scan_id: int
    duplicate: bool
    counts: dict[str, int]


def _identity_key(facts: ScanFacts) -> int:
    text = "\0".join((facts.project, facts.ci_run_id or "", facts.started_at.isoformat()))
    # A signed 64-bit number: what pg_advisory_lock takes.
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


@contextmanager
def _database_lock(store: Store, key: int) -> Iterator[None]:
    if store.engine.dialect.name != "postgresql":
        yield  # SQLite: one server process; the process lock is enough
        return
    with store.errors_named(), store.engine.connect() as connection:
        connection.execute(select(func.pg_advisory_lock(key)))
        connection.commit()
        try:
            yield
        finally:
            connection.execute(select(func.pg_advisory_unlock(key)))
            connection.commit()


def _recorded_before(connection: Connection, facts: ScanFacts) -> int | None:
    ci_run = Scan.ci_run_id.is_(None) if facts.ci_run_id is None else Scan.ci_run_id == facts.ci_run_id
    return connection.execute(
        select(Scan.id)
        .join(Project, Project.id == Scan.project_id)
        .where(Project.name == facts.project, Scan.started_at == facts.started_at, ci_run)
        .order_by(Scan.id)
        .limit(1)
    ).scalar_one_or_none()


def record_once(store: Store, facts: ScanFacts, findings: list[Finding]) -> IntakeResult:
    """Record the scan unless the same one already was; see the module docstring."""
    key = _identity_key(facts)
    with _process_locks[key % LOCK_STRIPES], _database_lock(store, key):
        with store.transaction() as connection:
            existing = _recorded_before(connection, facts)
        if existing is not None:
            return IntakeResult(existing, True, {})
        recorded = record_scan(store, facts, findings, finding_to_dict)
    counts: dict[str, Any] = {
        "new": recorded.new,
        "seen_again": recorded.seen_again,
        "reopened": recorded.reopened,
        "fixed": recorded.fixed,
        "merged": recorded.merged,
    }
    return IntakeResult(recorded.scan_id, False, counts)
