"""A short Markdown summary sized for a pull-request comment.

Paths and messages come from the scanned code, so every cell is escaped: a `|` would split
the table, a backtick or bracket could turn attacker text into code or links.
"""

from __future__ import annotations

import html
import re

from pavedroad.core.findings import Finding
from pavedroad.core.run import RunResult
from pavedroad.report.common import (
    gate_label,
    location_label,
    longest_backtick_run,
    plural,
    printable,
    summarise,
    summary_line,
    top,
)

#: How many active findings a PR comment lists before it says "and N more".
DEFAULT_TOP_FINDINGS = 20

_SEVERITY_ICON = {"critical": "🟥", "high": "🟧", "medium": "🟨", "low": "🟦", "info": "⬜"}
# CommonMark inline syntax characters; `&` is handled by html.escape so entities stay literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def render_markdown(result: RunResult, limit: int = DEFAULT_TOP_FINDINGS) -> str:
    """The PR-comment summary: gate headline, counts per severity, the worst findings."""
    summary = summarise(result)
    lines = [f"### {_headline(result)}", "", escape_cell(summary_line(result)), ""]
    if result.gate is not None and result.gate.reasons:
        lines += [*(f"- {escape_cell(reason)}" for reason in result.gate.reasons), ""]

    lines += ["| Severity | Findings |", "| --- | ---: |"]
    lines += [
        f"| {_SEVERITY_ICON[severity.value]} {severity.value} | {count} |"
        for severity, count in summary.by_severity.items()
    ]
    lines.append("")

    shown, remaining = top(result.active_findings, limit)
    if shown:
        lines += ["| Severity | Rule | Location | Title |", "| --- | --- | --- | --- |"]
        lines += [_finding_row(finding) for finding in shown]
        lines.append("")
    if remaining:
        lines += [f"…and {plural(remaining, 'more active finding')}; see the full report.", ""]

    if summary.errors:
        lines += [f"⚠️ {plural(summary.errors, 'scanner error')}: results may be incomplete.", ""]
    if summary.suppressed or summary.baselined:
        lines += [
            "<details><summary>Suppressed and baselined findings</summary>",
            "",
            f"- {summary.suppressed} suppressed (inline or config)",
            f"- {summary.baselined} accepted in the baseline",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


def _headline(result: RunResult) -> str:
    gate = result.gate
    if gate is None:
        icon = "ℹ️"
    elif not gate.failed:
        icon = "✅"
    else:
        # A failed monitor-mode gate does not block the merge; say so with a softer icon.
        icon = "❌" if gate.mode == "enforce" else "⚠️"
    return f"{icon} pavedroad: gate {gate_label(gate)}"


def _finding_row(finding: Finding) -> str:
    cells = [
        f"{_SEVERITY_ICON[finding.severity.value]} {finding.severity.value}",
        code_span(finding.rule_id),
        code_span(location_label(finding.location)),
        escape_cell(finding.title),
    ]
    return "| " + " | ".join(cells) + " |"


def escape_cell(text: str) -> str:
    """Plain text made safe for one Markdown table cell: no markup, links, HTML or line breaks."""
    single_line = " ".join(printable(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(single_line, quote=False))


def code_span(text: str) -> str:
    """Text as an inline code span inside a table cell, whatever backticks it contains."""
    single_line = " ".join(printable(text).split())
    # Backslashes do not escape inside code spans; a longer fence is the only way to
    # include backticks. GFM unescapes `\|` before parsing spans, so pipes stay escaped.
    fence = "`" * (longest_backtick_run(single_line) + 1)
    padding = " " if single_line.startswith("`") or single_line.endswith("`") else ""
    return f"{fence}{padding}{single_line.replace('|', chr(92) + '|')}{padding}{fence}"
