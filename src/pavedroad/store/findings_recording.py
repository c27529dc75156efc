"""Recording a scan's findings: each finding's lifecycle across scans, in one transaction.

A finding is identified in a project and branch by its fingerprint. Recording a scan:
- a fingerprint never seen before becomes a new open finding (first seen now);
- one already open is seen again (last seen, latest data, a severity change is kept);
- one that was fixed is reopened (`reopened_count` + 1, an audit event says so);
- when the scan is complete, every open finding it could have seen but did not is fixed
  (fixed at the scan's end, with the scan that showed it gone). "Could have seen" means the
  same tool, and for pavedroad the same analyzers: an `--analyzers secrets` scan never closes
  a dependency finding, and a partial scan (`--since`, `--staged`) closes nothing.
Findings that match an existing finding of another tool (same place and CWE, or same package
and vulnerability; see `equivalent`) are recorded as sightings of that finding instead of
new rows: one team, one list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from pavedroad.core.components import Component
from pavedroad.core.findings import Confidence, Finding, Location, PackageRef, Severity
from pavedroad.store.connection import Store
from pavedroad.store.latest import SCAN_WITH_INVENTORY, SCAN_WITHOUT_INVENTORY
from pavedroad.store.recording import project_id_for, store_components
from pavedroad.store.schema import FIXED, OPEN, AuditEvent, FindingRecord, FindingSighting, Scan, SeverityChange
from pavedroad.store.summaries import refresh_summary

IDS_PER_QUERY = 500
SYSTEM_ACTOR = "pavedroad"


@dataclass(frozen=True, slots=True)
class ScanFacts:
    """What is known about the run being recorded besides its findings."""

    project: str
    started_at: datetime
    finished_at: datetime
    tool_version: str
    root: str | None = None
    branch: str | None = None
    commit: str | None = None
    ci_run_id: str | None = None
    complete: bool = True
    tool: str = "pavedroad"
    analyzers: dict[str, str] = field(default_factory=dict)  # name → version
    mode: str | None = None
    gate_outcome: str | None = None  # "passed" | "failed" | "would_fail"
    gate_reasons: tuple[str, ...] = ()
    files_scanned: int | None = None
    lines_by_language: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordedScan:
    """What recording changed: counts a CLI prints and tests check."""

    scan_id: int
    project_id: int
    new: int
    seen_again: int
    reopened: int
    fixed: int
    merged: int  # matched an equivalent finding of another tool


# The finding's public JSON form; the store keeps exactly what reports show.
FindingSerializer = Callable[[Finding], dict[str, Any]]
# Keys by which a finding can match an equivalent one from another tool (see importers).
EquivalenceKeys = Callable[[Finding], Iterable[tuple[str, ...]]]


def _no_equivalence(_finding: Finding) -> Iterable[tuple[str, ...]]:
    return ()


def _suppression_label(finding: Finding) -> str | None:
    if finding.suppression is not None:
        return finding.suppression.kind
    return "baseline" if finding.in_baseline else None


# The columns that follow a finding's latest sighting, each read off the Finding.
_FOLLOWING_COLUMNS: dict[str, Callable[[Finding], Any]] = {
    "rule_id": lambda finding: finding.rule_id,
    "analyzer": lambda finding: finding.analyzer,
    "severity": lambda finding: finding.severity.value,
    "confidence": lambda finding: finding.confidence.value,
    "title": lambda finding: finding.title,
    "message": lambda finding: finding.message,
    "path": lambda finding: finding.location.path,
    "start_line": lambda finding: finding.location.start_line,
    "cwe": lambda finding: " ".join(finding.cwe),
    "package": lambda finding: finding.package.purl if finding.package else None,
    "vulnerabilities": lambda finding: " ".join(finding.vulnerability),
    "controls": lambda finding: " ".join(finding.controls),
    "suppressed": _suppression_label,
}


def _columns(finding: Finding, data: dict[str, Any]) -> dict[str, Any]:
    return {name: read(finding) for name, read in _FOLLOWING_COLUMNS.items()} | {"data": data}


def _unique_by_fingerprint(findings: Sequence[Finding]) -> list[Finding]:
    seen: set[str] = set()
    unique = []
    for finding in findings:
        if finding.fingerprint not in seen:
            seen.add(finding.fingerprint)
            unique.append(finding)
    return unique


def _scan_row(facts: ScanFacts, project_id: int, kind: str, count: int) -> dict[str, Any]:
    lines = sum(facts.lines_by_language.values()) if facts.lines_by_language else None
    return {
        "project_id": project_id,
        "started_at": facts.started_at,
        "finished_at": facts.finished_at,
        "commit_sha": facts.commit,
        "branch": facts.branch,
        "tool_version": facts.tool_version,
        "kind": kind,
        "tool": facts.tool,
        "ci_run_id": facts.ci_run_id,
        "complete": facts.complete,
        "mode": facts.mode,
        "gate_outcome": facts.gate_outcome,
        "gate_reasons": list(facts.gate_reasons),
        "files_scanned": facts.files_scanned,
        "lines_of_code": lines,
        "lines_by_language": dict(facts.lines_by_language) or None,
        "analyzers": dict(facts.analyzers),
        "findings_count": count,
    }


@dataclass(slots=True)
class _Existing:
    id: int
    status: str
    severity: str
    tool: str
    analyzer: str


def _existing_findings(connection: Connection, project_id: int, branch: str) -> dict[str, _Existing]:
    query = select(
        FindingRecord.id,
        FindingRecord.fingerprint,
        FindingRecord.status,
        FindingRecord.severity,
        FindingRecord.tool,
        FindingRecord.analyzer,
    ).where(FindingRecord.project_id == project_id, FindingRecord.branch == branch)
    return {
        row.fingerprint: _Existing(row.id, row.status, row.severity, row.tool, row.analyzer)
        for row in connection.execute(query)
    }


def _stored_finding(row: Any) -> Finding:
    """Enough of a stored finding to compute its equivalence keys (place, CWE, package, ids)."""
    package = PackageRef(row.package, "") if row.package else None
    return Finding(
        rule_id=row.rule_id,
        analyzer=row.analyzer,
        severity=Severity(row.severity),
        confidence=Confidence(row.confidence),
        title="",
        message="",
        location=Location(row.path, row.start_line),
        fingerprint="",
        cwe=tuple(row.cwe.split()),
        package=package,
        vulnerability=tuple(row.vulnerabilities.split()),
    )


def _equivalence_index(
    connection: Connection, project_id: int, branch: str, tool: str, keys_of: EquivalenceKeys
) -> dict[tuple[str, ...], int]:
    """Open findings of other tools by every key they can be matched with."""
    index: dict[tuple[str, ...], int] = {}
    query = select(
        FindingRecord.id,
        FindingRecord.rule_id,
        FindingRecord.analyzer,
        FindingRecord.severity,
        FindingRecord.confidence,
        FindingRecord.path,
        FindingRecord.start_line,
        FindingRecord.cwe,
        FindingRecord.package,
        FindingRecord.vulnerabilities,
    ).where(
        FindingRecord.project_id == project_id,
        FindingRecord.branch == branch,
        FindingRecord.status == OPEN,
        FindingRecord.tool != tool,
    )
    for row in connection.execute(query):
        for key in keys_of(_stored_finding(row)):
            index.setdefault(key, row.id)
    return index


def record_scan(
    store: Store,
    facts: ScanFacts,
    findings: Sequence[Finding],
    serialize: FindingSerializer,
    *,
    components: Sequence[Component] | None = None,
    equivalence_keys: EquivalenceKeys | None = None,
) -> RecordedScan:
    """Store one scan and advance the lifecycle of every finding it concerns; one transaction.

    `components` (when dependency scanning ran) are stored as the scan's inventory, so
    `affected` and `recheck` see it. `equivalence_keys` enables merging with other tools'
    findings (imports).
    """
    unique = _unique_by_fingerprint(findings)
    branch = facts.branch or ""
    now = facts.finished_at
    kind = SCAN_WITH_INVENTORY if components is not None else SCAN_WITHOUT_INVENTORY
    with store.transaction() as connection:
        project_id = project_id_for(connection, facts.project, facts.root, now)
        scan_row = _scan_row(facts, project_id, kind, len(unique))
        scan_id = int(connection.execute(insert(Scan).values(**scan_row).returning(Scan.id)).scalar_one())
        if components is not None:
            store_components(connection, scan_id, components)
        existing = _existing_findings(connection, project_id, branch)
        keys_of = equivalence_keys or _no_equivalence
        equivalents = (
            _equivalence_index(connection, project_id, branch, facts.tool, keys_of) if equivalence_keys else {}
        )
        lifecycle = _Lifecycle(connection, scan_id, project_id, branch, facts, existing)
        for finding in unique:
            known = existing.get(finding.fingerprint)
            if known is None:
                merged_into = next((equivalents[k] for k in keys_of(finding) if k in equivalents), None)
                if merged_into is not None:
                    lifecycle.merged.add(merged_into)
                    continue
                lifecycle.add_new(finding, serialize(finding))
            else:
                lifecycle.see_again(known, finding, serialize(finding))
        lifecycle.write()
        fixed = lifecycle.close_unseen() if facts.complete else 0
        refresh_summary(connection, project_id, now)
    return RecordedScan(
        scan_id=scan_id,
        project_id=project_id,
        new=len(lifecycle.new_rows),
        seen_again=len(lifecycle.seen_rows) - lifecycle.reopened,
        reopened=lifecycle.reopened,
        fixed=fixed,
        merged=len(lifecycle.merged),
    )


class _Lifecycle:
    """The writes one recorded scan makes, batched: inserts, updates, sightings, history."""

    def __init__(
        self,
        connection: Connection,
        scan_id: int,
        project_id: int,
        branch: str,
        facts: ScanFacts,
        existing: dict[str, _Existing],
    ) -> None:
        self.connection = connection
        self.scan_id = scan_id
        self.project_id = project_id
        self.branch = branch
        self.facts = facts
        self.existing = existing
        self.new_rows: list[dict[str, Any]] = []
        self.seen_rows: list[dict[str, Any]] = []
        self.severity_changes: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []
        self.merged: set[int] = set()
        self.reopened = 0

    def add_new(self, finding: Finding, data: dict[str, Any]) -> None:
        now = self.facts.finished_at
        self.new_rows.append(
            {
                **_columns(finding, data),
                "project_id": self.project_id,
                "branch": self.branch,
                "fingerprint": finding.fingerprint,
                "tool": self.facts.tool,
                "status": OPEN,
                "triage_state": "untriaged",
                "first_seen_at": now,
                "last_seen_at": now,
                "reopened_count": 0,
                "first_scan_id": self.scan_id,
                "last_scan_id": self.scan_id,
            }
        )

    def see_again(self, known: _Existing, finding: Finding, data: dict[str, Any]) -> None:
        now = self.facts.finished_at
        reopened = known.status == FIXED
        self.reopened += reopened
        self.seen_rows.append({**_columns(finding, data), "finding_id": known.id, "reopen": int(reopened)})
        if known.severity != finding.severity.value:
            self.severity_changes.append(
                {
                    "finding_id": known.id,
                    "scan_id": self.scan_id,
                    "changed_at": now,
                    "old_severity": known.severity,
                    "new_severity": finding.severity.value,
                }
            )
        if reopened:
            self.audit.append(_audit_row(now, "reopen", known.id, {"status": FIXED}, {"status": OPEN}, self.scan_id))

    def write(self) -> None:
        """Everything but fixing: new findings, seen-again updates, sightings, history."""
        connection, now = self.connection, self.facts.finished_at
        sighted: list[int] = list(self.merged)
        if self.new_rows:
            inserted = connection.execute(insert(FindingRecord).returning(FindingRecord.id), self.new_rows)
            sighted.extend(int(row_id) for row_id in inserted.scalars())
        if self.seen_rows:
            statement = (
                update(FindingRecord)
                .where(FindingRecord.id == bindparam("finding_id"))
                .values(
                    {name: bindparam(name) for name in [*_FOLLOWING_COLUMNS, "data"]}
                    | {
                        "status": OPEN,
                        "last_seen_at": now,
                        "last_scan_id": self.scan_id,
                        "fixed_at": None,
                        "fixed_scan_id": None,
                        "reopened_count": FindingRecord.reopened_count + bindparam("reopen"),
                    }
                )
            )
            connection.execute(statement.execution_options(synchronize_session=False), self.seen_rows)
            sighted.extend(row["finding_id"] for row in self.seen_rows)
        if self.merged:
            for chunk in _chunks(sorted(self.merged)):
                connection.execute(
                    update(FindingRecord)
                    .where(FindingRecord.id.in_(chunk))
                    .values(last_seen_at=now, last_scan_id=self.scan_id)
                )
        if sighted:
            connection.execute(
                insert(FindingSighting), [{"scan_id": self.scan_id, "finding_id": i} for i in sorted(set(sighted))]
            )
        if self.severity_changes:
            connection.execute(insert(SeverityChange), self.severity_changes)
        if self.audit:
            connection.execute(insert(AuditEvent), self.audit)

    def close_unseen(self) -> int:
        """Fix every open finding this scan could have seen and did not; returns how many."""
        seen = {row["finding_id"] for row in self.seen_rows}
        analyzers = set(self.facts.analyzers)
        closing = [
            known.id
            for known in self.existing.values()
            if known.status == OPEN
            and known.id not in seen
            and known.tool == self.facts.tool
            and (not analyzers or known.analyzer in analyzers)
        ]
        now = self.facts.finished_at
        for chunk in _chunks(closing):
            self.connection.execute(
                update(FindingRecord)
                .where(FindingRecord.id.in_(chunk))
                .values(status=FIXED, fixed_at=now, fixed_scan_id=self.scan_id)
            )
        return len(closing)


def _audit_row(
    now: datetime, action: str, finding_id: int, before: dict[str, Any], after: dict[str, Any], scan_id: int
) -> dict[str, Any]:
    return {
        "at": now,
        "actor": SYSTEM_ACTOR,
        "action": action,
        "object_type": "finding",
        "object_id": str(finding_id),
        "before": before,
        "after": after,
        "note": f"scan {scan_id}",
    }


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start : start + IDS_PER_QUERY]
