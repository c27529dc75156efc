"""The ordering, counting and labelling every format shares."""

from __future__ import annotations

from report_samples import build_finding

from pavedroad.core.findings import Severity, Suppression
from pavedroad.core.run import GateOutcome, RunResult
from pavedroad.report.common import (
    count_by_severity,
    gate_label,
    is_baselined,
    is_suppressed,
    ordered,
    printable,
    summarise,
    summary_line,
    top,
)


def test_order_is_severity_then_path_then_line() -> None:
    low = build_finding(path="a.py", line=1, severity=Severity.LOW)
    high_late = build_finding(path="b.py", line=30, severity=Severity.HIGH)
    high_early = build_finding(path="b.py", line=4, severity=Severity.HIGH)
    high_other_file = build_finding(path="a.py", line=99, severity=Severity.HIGH)
    critical = build_finding(path="z.py", line=1, severity=Severity.CRITICAL)
    assert ordered([low, high_late, high_early, high_other_file, critical]) == [
        critical,
        high_other_file,
        high_early,
        high_late,
        low,
    ]


def test_counts_list_every_severity_worst_first() -> None:
    counts = count_by_severity(
        [build_finding(severity=Severity.MEDIUM), build_finding(severity=Severity.MEDIUM)]
    )
    assert list(counts.items()) == [
        (Severity.CRITICAL, 0),
        (Severity.HIGH, 0),
        (Severity.MEDIUM, 2),
        (Severity.LOW, 0),
        (Severity.INFO, 0),
    ]


def test_a_baseline_suppression_counts_as_baselined_not_suppressed() -> None:
    """Triage may record the baseline as a flag or as a suppression of kind baseline."""
    by_kind = build_finding(suppression=Suppression("baseline", "accepted 2024-04"))
    by_flag = build_finding(in_baseline=True)
    inline = build_finding(suppression=Suppression("inline", "test data"))
    assert (is_baselined(by_kind), is_suppressed(by_kind)) == (True, False)
    assert (is_baselined(by_flag), is_suppressed(by_flag)) == (True, False)
    assert (is_baselined(inline), is_suppressed(inline)) == (False, True)


def test_summary_counts(scan_result: RunResult) -> None:
    summary = summarise(scan_result)
    assert (summary.active, summary.suppressed, summary.baselined) == (4, 2, 1)
    assert (summary.errors, summary.skipped, summary.warnings) == (1, 1, 1)
    assert summary.duration_seconds is not None and abs(summary.duration_seconds - 1.3) < 1e-9


def test_summary_line_without_timing_gate_or_plurals(clean_result: RunResult) -> None:
    clean_result.findings = [build_finding(severity=Severity.LOW)]
    clean_result.files_scanned = 1
    clean_result.finished = ""
    clean_result.gate = None
    assert summary_line(clean_result) == "1 finding (1 low) · 0 suppressed · 1 file · gate: not evaluated"


def test_gate_labels() -> None:
    assert gate_label(GateOutcome("monitor", False)) == "passed (monitor)"
    assert gate_label(GateOutcome("enforce", True, exit_code=1)) == "failed (enforce)"
    assert gate_label(None) == "not evaluated"


def test_top_keeps_the_worst_and_counts_the_rest() -> None:
    findings = [build_finding(line=line, severity=Severity.LOW) for line in range(5)]
    findings.append(build_finding(severity=Severity.CRITICAL))
    shown, remaining = top(findings, 2)
    assert [finding.severity for finding in shown] == [Severity.CRITICAL, Severity.LOW]
    assert remaining == 4


def test_printable_shows_control_characters_and_keeps_code_layout() -> None:
    assert printable("a\x1b[31mb\x00\r\x9b") == "a\\x1b[31mb\\x00\\x0d\\x9b"
    assert printable("if x:\n\treturn 'é'") == "if x:\n\treturn 'é'"
    assert printable("bad-\udcff") == "bad-\\udcff"
