"""Small real Findings and scan facts for the findings-store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pavedroad.core.findings import Confidence, Finding, Location, PackageRef, Severity, make_fingerprint
from pavedroad.report.json_report import finding_to_dict
from pavedroad.store import Store
from pavedroad.store.findings_recording import RecordedScan, ScanFacts, record_scan

T0 = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)  # a Monday


def finding(
    rule: str = "sast/python-sql-injection",
    path: str = "app/db.py",
    line: int = 10,
    content: str = "cursor.execute(query)",
    severity: Severity = Severity.HIGH,
    analyzer: str = "sast",
    cwe: tuple[str, ...] = ("CWE-89",),
    package: PackageRef | None = None,
    vulnerability: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        rule_id=rule,
        analyzer=analyzer,
        severity=severity,
        confidence=Confidence.HIGH,
        title=rule.split("/")[-1],
        message=f"{rule} at {path}:{line}",
        location=Location(path, line, 1, line, 20, content),
        fingerprint=make_fingerprint(rule, path, content),
        cwe=cwe,
        package=package,
        vulnerability=vulnerability,
    )


def record(
    store: Store,
    findings: list[Finding],
    at: datetime,
    *,
    project: str = "shop",
    branch: str | None = "main",
    complete: bool = True,
    tool: str = "pavedroad",
    analyzers: dict[str, str] | None = None,
    gate_outcome: str | None = "passed",
    lines: dict[str, int] | None = None,
    equivalence: bool = False,
) -> RecordedScan:
    facts = ScanFacts(
        project=project,
        started_at=at - timedelta(seconds=30),
        finished_at=at,
        tool_version="test",
        branch=branch,
        complete=complete,
        tool=tool,
        analyzers={"sast": "1", "sca": "1", "secrets": "1"} if analyzers is None else analyzers,
        mode="enforce",
        gate_outcome=gate_outcome,
        lines_by_language=lines if lines is not None else {"python": 2000},
    )
    keys = None
    if equivalence:
        from pavedroad.importers import equivalence_keys

        keys = equivalence_keys
    return record_scan(store, facts, findings, finding_to_dict, equivalence_keys=keys)
