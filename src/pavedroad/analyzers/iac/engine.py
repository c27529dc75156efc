"""Runs checks over resources and turns violations into Findings (masked, located, fingerprinted)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.model import Resource
from pavedroad.analyzers.secrets.noise import mask
from pavedroad.core.analyzer import AnalyzerIssue
from pavedroad.core.findings import Finding, Fix, Location, make_fingerprint

SNIPPET_WIDTH = 200


class CheckIndex:
    """Checks by (framework, kind), so each resource meets only the checks that apply to it."""

    def __init__(self, checks: Sequence[Check]) -> None:
        self.checks = tuple(checks)
        self._index: dict[tuple[str, str], list[Check]] = {}

    def for_resource(self, resource: Resource) -> list[Check]:
        key = (resource.framework, resource.kind)
        found = self._index.get(key)
        if found is None:
            found = [check for check in self.checks if check.applies_to(resource)]
            self._index[key] = found
        return found


def run_checks(
    analyzer: str, project: Project, checks: CheckIndex, source_lines: dict[str, list[str]]
) -> tuple[list[Finding], list[tuple[Resource, Check, Exception]]]:
    """Every violation of every applicable check; a check that crashes is reported, not fatal."""
    findings: list[Finding] = []
    failures: list[tuple[Resource, Check, Exception]] = []
    seen: set[tuple[str, str, int, str]] = set()
    for resource in project.resources:
        for check in checks.for_resource(resource):
            try:
                violations = list(check.evaluate(resource, project))
            except Exception as error:  # a check bug must not hide the other checks' findings
                failures.append((resource, check, error))
                continue
            for violation in violations:
                key = (check.id, resource.path, violation.line, violation.evidence)
                if key in seen:  # a module evaluated standalone and through a call; instances of one block
                    continue
                seen.add(key)
                findings.append(make_finding(analyzer, check, resource, violation, source_lines.get(resource.path, [])))
    return findings, failures


def make_finding(analyzer: str, check: Check, resource: Resource, violation: Violation, lines: list[str]) -> Finding:
    line = violation.line or resource.line or 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    snippet = text.strip()
    evidence = violation.evidence or violation.message
    if violation.sensitive and violation.evidence:
        secret = violation.evidence.strip("'\"")
        snippet = snippet.replace(secret, mask(secret))
        evidence = hashlib.sha256(secret.encode()).hexdigest()
    subject = _subject(resource)
    return Finding(
        rule_id=check.id,
        analyzer=analyzer,
        severity=check.severity,
        confidence=check.confidence,
        title=check.title,
        message=f"{subject}: {violation.message}" if subject else violation.message,
        location=Location(resource.path, line, 1, line, max(1, len(text) + 1), snippet[:SNIPPET_WIDTH]),
        fingerprint=make_fingerprint(check.id, resource.path, f"{resource.address}\0{evidence}"),
        cwe=check.cwe,
        references=check.references,
        fix=Fix(check.fix),
        controls=check.controls,
        properties=(("resource", resource.address), ("framework", resource.framework)),
    )


def _subject(resource: Resource) -> str:
    if resource.framework in ("dockerfile", "github-actions", "gitlab-ci", "jenkins"):
        return ""
    return resource.address or f"{resource.kind} {resource.name}"


def failure_issue(resource: Resource, check: Check, error: Exception) -> AnalyzerIssue:
    """A check that crashed on a resource, as a scanner error naming both."""
    return AnalyzerIssue(
        resource.path, f"check {check.id} failed on {resource.address}: {type(error).__name__}: {error}", resource.line
    )
