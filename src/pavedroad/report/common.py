"""What every report format shares: finding order, counts, labels and text hygiene.

Formats filter and count here, once, so each format module only lays things out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pavedroad.core.findings import Finding, Location, Severity
from pavedroad.core.run import GateOutcome, RunResult

#: Worst first, the order in which every report lists severities.
SEVERITIES_WORST_FIRST: tuple[Severity, ...] = tuple(
    sorted(Severity, key=lambda severity: severity.rank, reverse=True)
)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings worst first, then by path, line and column, so every report reads alike.

    The rule id and fingerprint break the remaining ties so output is byte-for-byte
    reproducible, which golden files and PR-comment diffs depend on.
    """
    return sorted(
        findings,
        key=lambda finding: (
            -finding.severity.rank,
            finding.location.path,
            finding.location.start_line,
            finding.location.start_column,
            finding.rule_id,
            finding.fingerprint,
        ),
    )


def is_baselined(finding: Finding) -> bool:
    """True for a finding accepted in the baseline, however triage recorded it."""
    # Triage may mark the baseline either way: the flag or a suppression of kind baseline.
    return finding.in_baseline or (finding.suppression is not None and finding.suppression.kind == "baseline")


def is_suppressed(finding: Finding) -> bool:
    """True for a finding silenced inline or by config (baselined ones are counted apart)."""
    return finding.suppression is not None and not is_baselined(finding)


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings per severity, worst first, with zero for absent severities."""
    counts = Counter(finding.severity for finding in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES_WORST_FIRST}


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The headline numbers of a run, computed once for every format."""

    active: int
    by_severity: dict[Severity, int]
    suppressed: int
    baselined: int
    errors: int
    skipped: int
    warnings: int
    files_scanned: int
    duration_seconds: float | None


def summarise(result: RunResult) -> RunSummary:
    """Count what a reader of any report wants to see first."""
    active = result.active_findings
    return RunSummary(
        active=len(active),
        by_severity=count_by_severity(active),
        suppressed=sum(1 for finding in result.findings if is_suppressed(finding)),
        baselined=sum(1 for finding in result.findings if is_baselined(finding)),
        errors=len(result.errors),
        skipped=len(result.skipped),
        warnings=len(result.warnings),
        files_scanned=result.files_scanned,
        duration_seconds=duration_seconds(result.started, result.finished),
    )


def duration_seconds(started: str, finished: str) -> float | None:
    """Seconds between two ISO 8601 timestamps, or None when either is missing or unreadable."""
    try:
        elapsed = datetime.fromisoformat(finished) - datetime.fromisoformat(started)
    except (TypeError, ValueError):
        return None
    return max(elapsed.total_seconds(), 0.0)


def plural(count: int, noun: str) -> str:
    """`1 finding`, `2 findings`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def gate_label(gate: GateOutcome | None) -> str:
    """`passed (monitor)`, `failed (enforce)`, `would fail (monitor)`, or `not evaluated`.

    In monitor mode a failing policy does not fail the build, and the label must not say it did.
    """
    if gate is None:
        return "not evaluated"
    if gate.failed and gate.mode == "monitor":
        return "would fail (monitor)"
    return f"{'failed' if gate.failed else 'passed'} ({gate.mode})"


def severity_breakdown(by_severity: dict[Severity, int]) -> str:
    """`2 critical, 3 high` — only the severities that occur."""
    return ", ".join(f"{count} {severity.value}" for severity, count in by_severity.items() if count)


def summary_line(result: RunResult) -> str:
    """One line a person reads last: counts, suppressions, coverage, time and gate.

    Example: `12 findings (2 critical, 3 high, 7 low) · 3 suppressed · 140 files in 1.2s ·
    gate: passed (monitor)`.
    """
    summary = summarise(result)
    findings = plural(summary.active, "finding")
    breakdown = severity_breakdown(summary.by_severity)
    parts = [f"{findings} ({breakdown})" if breakdown else findings, f"{summary.suppressed} suppressed"]
    if summary.baselined:
        parts.append(f"{summary.baselined} in baseline")
    files = plural(summary.files_scanned, "file")
    if summary.duration_seconds is not None:
        files += f" in {summary.duration_seconds:.1f}s"
    parts.append(files)
    if summary.errors:
        parts.append(plural(summary.errors, "error"))
    parts.append(f"gate: {gate_label(result.gate)}")
    return " · ".join(parts)


def location_label(location: Location, *, with_column: bool = False) -> str:
    """`path:line`, or `path:line:column` where a column helps an editor jump there."""
    label = f"{location.path}:{location.start_line}"
    return f"{label}:{location.start_column}" if with_column else label


def analyzer_names(result: RunResult) -> list[str]:
    """Every analyzer that ran or reported, in run order then first appearance."""
    names = [analyzer.name for analyzer in result.analyzers]
    names += [finding.analyzer for finding in result.findings]
    names += [error.analyzer for error in result.errors if error.analyzer]
    return list(dict.fromkeys(names))


def top(findings: Sequence[Finding], limit: int) -> tuple[list[Finding], int]:
    """The first `limit` findings in report order, and how many were left out."""
    ranked = ordered(findings)
    return ranked[:limit], max(len(ranked) - limit, 0)


_BACKTICK_RUN = re.compile("`+")


def longest_backtick_run(text: str) -> int:
    """Length of the longest run of backticks, to pick a Markdown fence that text cannot close."""
    return max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)


# Scanned files are attacker-controlled: terminal escape sequences could rewrite the screen,
# C0 characters make XML unparsable, and lone surrogates (from undecodable bytes) cannot be
# written as UTF-8 at all. Tab and newline are kept because snippets are multi-line code.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text with control characters and lone surrogates shown as visible `\\xNN` escapes."""
    return _UNPRINTABLE.sub(_escape_character, text)


def _escape_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
