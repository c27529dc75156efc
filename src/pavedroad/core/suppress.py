"""Suppressions: inline comments in the file's own syntax and central entries in config.

Every suppression needs a reason; one without is honoured but reported, so nobody
silences a finding without leaving a word for the next reader.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from pavedroad.core.findings import Confidence, Finding, Location, Rule, Severity, Suppression, make_fingerprint

# The marker must follow a comment token of some language: # // -- ; /* <!-- REM % '
_INLINE = re.compile(
    rb"(?P<lead>^|.*?(?:#|//|--|;|/\*|<!--|\bREM\b|%|'))\s*pavedroad:\s*ignore\[(?P<rules>[^\]\n]*)\](?P<reason>[^\n]*)",
    re.IGNORECASE,
)
_COMMENT_CLOSERS = re.compile(r"\s*(?:\*/|-->|#\})\s*$")

MISSING_REASON_RULE = Rule(
    id="core/suppression-without-reason",
    title="Suppression without a reason",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    rationale="A suppression with no reason cannot be reviewed: nobody can tell later whether the"
    " finding was a false positive, an accepted risk, or simply in the way.",
    fix="Add the reason after the marker: `pavedroad: ignore[rule-id] why this is safe`.",
    tags=("hygiene",),
)


@dataclass(frozen=True, slots=True)
class InlineSuppression:
    """A `pavedroad: ignore[...]` marker: applies to its own line and, alone on a line, the next."""

    line: int
    rules: tuple[str, ...]
    reason: str
    standalone: bool

    def covers(self, finding_line: int) -> bool:
        return finding_line == self.line or (self.standalone and finding_line == self.line + 1)


def find_inline_suppressions(data: bytes) -> list[InlineSuppression]:
    """Every suppression marker in `data`; cheap when there is none."""
    if b"pavedroad:" not in data.lower():
        return []
    found = []
    for line_number, line in enumerate(data.splitlines(), start=1):
        if b"pavedroad:" not in line.lower():
            continue
        match = _INLINE.match(line)
        if match is None:
            continue
        rules = tuple(rule.strip() for rule in match["rules"].decode("utf-8", "replace").split(",") if rule.strip())
        reason = _COMMENT_CLOSERS.sub("", match["reason"].decode("utf-8", "replace")).strip()
        code_before = re.sub(rb"(#|//|--|;|/\*|<!--|\bREM\b|%|')\s*$", b"", match["lead"]).strip()
        found.append(InlineSuppression(line_number, rules or ("*",), reason, standalone=not code_before))
    return found


def rule_matches(pattern: str, rule_id: str) -> bool:
    """`secrets/github-pat`, `secrets/*` and `*` all name rules."""
    return fnmatch.fnmatchcase(rule_id, pattern)


@dataclass(frozen=True, slots=True)
class ConfiguredSuppression:
    """A central suppression from config: by rule, path glob and/or fingerprint."""

    reason: str
    rule: str | None = None
    path: str | None = None
    fingerprint: str | None = None
    expires: date | None = None
    source: str = ".pavedroad.toml"
    line: int | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            (self.rule is None or rule_matches(self.rule, finding.rule_id))
            and (self.path is None or fnmatch.fnmatch(finding.location.path, self.path))
            and (self.fingerprint is None or self.fingerprint == finding.fingerprint)
        )


def apply_inline(
    findings: Iterable[Finding], markers: Sequence[InlineSuppression], path: str, *, report_missing_reason: bool = True
) -> list[Finding]:
    """Mark the findings a file's own markers cover; report markers that give no reason (once per file:
    the per-file pass reports them, so later passes over the same file turn `report_missing_reason` off)."""
    result = []
    for finding in findings:
        marker = next(
            (
                marker
                for marker in markers
                if marker.covers(finding.location.start_line)
                and any(rule_matches(rule, finding.rule_id) for rule in marker.rules)
            ),
            None,
        )
        if marker is not None:
            finding = replace(finding, suppression=Suppression("inline", marker.reason or "(no reason given)"))
        result.append(finding)
    if report_missing_reason:
        result.extend(
            _missing_reason_finding(path, marker.line, f"inline marker for {', '.join(marker.rules)}")
            for marker in markers
            if not marker.reason
        )
    return result


def apply_configured(
    findings: Iterable[Finding], suppressions: Sequence[ConfiguredSuppression], today: date
) -> tuple[list[Finding], list[str]]:
    """Mark findings matched by live config suppressions; expired ones let findings back in."""
    notes: list[str] = []
    expired_reported: set[int] = set()
    result = []
    for finding in findings:
        if finding.suppression is None:
            for index, suppression in enumerate(suppressions):
                if not suppression.matches(finding):
                    continue
                if suppression.expires is not None and suppression.expires < today:
                    if index not in expired_reported:
                        expired_reported.add(index)
                        notes.append(
                            f"{suppression.source}:{suppression.line or '?'}: suppression expired on"
                            f" {suppression.expires.isoformat()}; its findings count again"
                        )
                    continue
                finding = replace(
                    finding,
                    suppression=Suppression(
                        "config",
                        suppression.reason or "(no reason given)",
                        suppression.expires.isoformat() if suppression.expires else None,
                    ),
                )
                break
        result.append(finding)
    result.extend(
        _missing_reason_finding(suppression.source, suppression.line or 1, "configured suppression")
        for suppression in suppressions
        if not suppression.reason
    )
    return result, notes


def _missing_reason_finding(path: str, line: int, what: str) -> Finding:
    rule = MISSING_REASON_RULE
    return Finding(
        rule_id=rule.id,
        analyzer="core",
        severity=rule.severity,
        confidence=rule.confidence,
        title=rule.title,
        message=f"The {what} gives no reason.",
        location=Location(path, line, 1, line, 1),
        fingerprint=make_fingerprint(rule.id, path, f"{what}@{line}"),
        fix=None,
    )
