"""Shared helpers for importer tests: the fixture folder and a compact view of findings."""

from __future__ import annotations

from pathlib import Path

from pavedroad.core.findings import Finding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def summary(finding: Finding) -> tuple[str, str, str, int, int, tuple[str, ...]]:
    """(rule id, severity, path, start line, end line, CWEs): what a user sees first."""
    location = finding.location
    return (finding.rule_id, finding.severity.value, location.path, location.start_line, location.end_line,
            finding.cwe)  # fmt: skip
