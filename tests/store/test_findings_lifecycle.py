"""A finding's life across recorded scans, on SQLite and PostgreSQL: new, seen again, fixed,
reopened; partial scans close nothing; one transaction per scan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from findings_factory import T0, finding, record
from sqlalchemy import func, select

from pavedroad.core.findings import Severity
from pavedroad.store import Store, open_store
from pavedroad.store.findings_recording import ScanFacts, record_scan
from pavedroad.store.schema import AuditEvent, FindingRecord, FindingSighting, Scan, SeverityChange

DAY = timedelta(days=1)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def rows(store: Store) -> dict[str, Any]:
    with store.transaction() as connection:
        return {
            row.rule_id + "@" + row.path: row
            for row in connection.execute(select(FindingRecord).order_by(FindingRecord.id))
        }


def test_new_then_seen_again_then_fixed_then_reopened(store: Store) -> None:
    sql, secret = finding(), finding("secrets/aws-key", "config.py", 3, "AKIA...", analyzer="secrets")
    first = record(store, [sql, secret], T0)
    assert (first.new, first.seen_again, first.fixed) == (2, 0, 0)

    second = record(store, [sql, secret], T0 + DAY)
    assert (second.new, second.seen_again, second.fixed) == (0, 2, 0)

    third = record(store, [secret], T0 + 3 * DAY)
    assert (third.new, third.seen_again, third.fixed) == (0, 1, 1)
    fixed = rows(store)["sast/python-sql-injection@app/db.py"]
    assert fixed.status == "fixed"
    assert fixed.fixed_at == T0 + 3 * DAY
    assert fixed.fixed_at - fixed.first_seen_at == 3 * DAY
    assert fixed.fixed_scan_id == third.scan_id

    fourth = record(store, [sql, secret], T0 + 5 * DAY)
    assert (fourth.new, fourth.seen_again, fourth.reopened, fourth.fixed) == (0, 1, 1, 0)
    reopened = rows(store)["sast/python-sql-injection@app/db.py"]
    assert (reopened.status, reopened.fixed_at, reopened.reopened_count) == ("open", None, 1)
    assert reopened.first_seen_at == T0  # identity kept: MTTR counts from the first sighting
    with store.transaction() as connection:
        sightings = connection.execute(
            select(func.count()).select_from(FindingSighting).where(FindingSighting.finding_id == reopened.id)
        ).scalar_one()
        audit = connection.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.after)).all()
    assert sightings == 3
    assert [(a.action, a.actor, a.after) for a in audit] == [("reopen", "pavedroad", {"status": "open"})]


def test_a_partial_scan_never_fixes_anything(store: Store) -> None:
    record(store, [finding(), finding("sast/python-eval", line=20, content="eval(x)")], T0)
    partial = record(store, [], T0 + DAY, complete=False)
    assert partial.fixed == 0
    assert {row.status for row in rows(store).values()} == {"open"}


def test_a_scan_only_fixes_what_its_analyzers_and_tool_could_see(store: Store) -> None:
    sast = finding()
    dependency = finding("sca/GHSA-xxxx", "requirements.txt", 4, "django==3.2", analyzer="sca", cwe=())
    record(store, [sast, dependency], T0)
    only_secrets = record(store, [], T0 + DAY, analyzers={"secrets": "1"})
    assert only_secrets.fixed == 0
    imported = record(store, [], T0 + DAY, tool="bandit", analyzers={})
    assert imported.fixed == 0  # another tool's empty report says nothing about pavedroad's findings
    only_sca = record(store, [], T0 + 2 * DAY, analyzers={"sca": "1"})
    assert only_sca.fixed == 1
    assert {key: row.status for key, row in rows(store).items()} == {
        "sast/python-sql-injection@app/db.py": "open",
        "sca/GHSA-xxxx@requirements.txt": "fixed",
    }


def test_branches_are_separate_and_moved_lines_keep_identity(store: Store) -> None:
    record(store, [finding(line=10)], T0, branch="main")
    moved = record(store, [finding(line=42)], T0 + DAY, branch="main")
    other = record(store, [finding(line=10)], T0 + DAY, branch="feature")
    assert (moved.new, moved.seen_again, other.new) == (0, 1, 1)
    with store.transaction() as connection:
        lines = connection.execute(select(FindingRecord.branch, FindingRecord.start_line)).all()
    assert sorted(lines) == [("feature", 10), ("main", 42)]


def test_severity_changes_are_kept(store: Store) -> None:
    record(store, [finding(severity=Severity.MEDIUM)], T0)
    record(store, [finding(severity=Severity.CRITICAL)], T0 + DAY)
    with store.transaction() as connection:
        changes = connection.execute(select(SeverityChange.old_severity, SeverityChange.new_severity)).all()
        severity = connection.execute(select(FindingRecord.severity)).scalar_one()
    assert [tuple(change) for change in changes] == [("medium", "critical")]
    assert severity == "critical"


def test_a_failed_recording_leaves_nothing_half_written(store: Store) -> None:
    record(store, [finding()], T0)
    calls = 0

    def failing_serializer(item: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk full")
        return {"rule_id": item.rule_id}

    facts = ScanFacts(project="shop", started_at=T0 + DAY, finished_at=T0 + DAY, tool_version="t", branch="main")
    with pytest.raises(RuntimeError, match="disk full"):
        record_scan(store, facts, [finding(line=1, content="a"), finding(line=2, content="b")], failing_serializer)
    with store.transaction() as connection:
        assert connection.execute(select(func.count()).select_from(Scan)).scalar_one() == 1
        assert connection.execute(select(func.count()).select_from(FindingRecord)).scalar_one() == 1


def test_scan_facts_are_stored(store: Store) -> None:
    recorded = record(store, [finding()], T0, gate_outcome="would_fail", lines={"python": 1200, "markdown": 80})
    with store.transaction() as connection:
        scan = connection.execute(select(Scan).where(Scan.id == recorded.scan_id)).one()
    assert (scan.kind, scan.tool, scan.branch, scan.complete, scan.gate_outcome) == (
        "findings", "pavedroad", "main", True, "would_fail",
    )  # fmt: skip
    assert (scan.lines_of_code, scan.lines_by_language, scan.findings_count) == (
        1280, {"python": 1200, "markdown": 80}, 1,
    )  # fmt: skip
