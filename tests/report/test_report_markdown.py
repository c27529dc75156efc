"""The Markdown PR comment: short, counted, and safe to paste attacker text into."""

from __future__ import annotations

import re

from report_samples import EXPECTED_SUMMARY, build_finding

from pavedroad.core.findings import Severity
from pavedroad.core.run import GateOutcome, RunResult
from pavedroad.report import render
from pavedroad.report.markdown import render_markdown


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """Cells of the table whose header line is `header`, split on unescaped pipes."""
    lines = markdown.splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


FINDINGS_HEADER = "| Severity | Rule | Location | Title |"


def test_headline_shows_the_gate_outcome(scan_result: RunResult) -> None:
    first_line = render("markdown", scan_result).splitlines()[0]
    assert first_line == "### ❌ pavedroad: gate failed (enforce)"


def test_a_failed_monitor_gate_does_not_look_blocking(scan_result: RunResult) -> None:
    scan_result.gate = GateOutcome("monitor", True, ("2 active findings at or above high",))
    assert render("markdown", scan_result).splitlines()[0] == "### ⚠️ pavedroad: gate would fail (monitor)"


def test_the_summary_line_and_gate_reasons_are_included(scan_result: RunResult) -> None:
    markdown = render("markdown", scan_result)
    assert EXPECTED_SUMMARY in markdown
    assert "- 2 active findings at or above high" in markdown


def test_severity_table_counts_active_findings(scan_result: RunResult) -> None:
    rows = table_rows(render("markdown", scan_result), "| Severity | Findings |")
    assert {row[0].split()[-1]: int(row[1]) for row in rows} == {
        "critical": 1,
        "high": 1,
        "medium": 1,
        "low": 0,
        "info": 1,
    }


def test_findings_table_lists_active_findings_worst_first(scan_result: RunResult) -> None:
    rows = table_rows(render("markdown", scan_result), FINDINGS_HEADER)
    assert [row[2] for row in rows] == [
        "`src/app/settings.py:12`",
        "`src/app/views.py:24`",
        "`infra/storage.tf:7`",
        "`.github/workflows/ci.yml:15`",
    ]
    assert rows[0][1] == "`secrets/github-pat`"
    assert rows[0][3] == "GitHub personal access token"


def test_only_the_top_findings_are_listed_and_the_rest_counted(clean_result: RunResult) -> None:
    clean_result.findings = [build_finding(line=line, severity=Severity.LOW) for line in range(1, 8)]
    markdown = render_markdown(clean_result, limit=5)
    assert len(table_rows(markdown, FINDINGS_HEADER)) == 5
    assert "…and 2 more active findings; see the full report." in markdown


def test_default_limit_is_twenty(clean_result: RunResult) -> None:
    clean_result.findings = [build_finding(line=line) for line in range(1, 23)]
    markdown = render("markdown", clean_result)
    assert len(table_rows(markdown, FINDINGS_HEADER)) == 20
    assert "…and 2 more active findings" in markdown


def test_suppressed_and_baselined_counts_are_collapsed(scan_result: RunResult) -> None:
    markdown = render("markdown", scan_result)
    details = markdown[markdown.index("<details>") : markdown.index("</details>")]
    assert "- 2 suppressed (inline or config)" in details
    assert "- 1 accepted in the baseline" in details


def test_pipes_backticks_and_markup_cannot_break_the_table(clean_result: RunResult) -> None:
    clean_result.findings = [
        build_finding(path="src/a|b`c.py", title="Token | in `code` <img src=x> [link](http://evil)")
    ]
    rows = table_rows(render("markdown", clean_result), FINDINGS_HEADER)
    assert len(rows) == 1 and len(rows[0]) == 4
    location, title = rows[0][2], rows[0][3]
    assert location == "``src/a\\|b`c.py:12``"
    assert title == "Token \\| in \\`code\\` &lt;img src=x&gt; \\[link\\](http://evil)"


def test_a_clean_run_has_no_findings_table_or_details(clean_result: RunResult) -> None:
    markdown = render("markdown", clean_result)
    assert markdown.splitlines()[0] == "### ✅ pavedroad: gate passed (enforce)"
    assert FINDINGS_HEADER not in markdown
    assert "<details>" not in markdown
