"""The human report on a terminal, worst findings first, with a one-line summary last.

Untrusted text is always wrapped in rich `Text` (never passed as a markup string) and run
through `printable`, so a finding cannot inject rich markup or terminal escape sequences.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from pavedroad.core.findings import Finding, Rule, Severity
from pavedroad.core.run import RunResult
from pavedroad.report.common import (
    SEVERITIES_WORST_FIRST,
    location_label,
    ordered,
    plural,
    printable,
    summary_line,
)

#: Wide enough for path:line:col plus a rule id, narrow enough for a split terminal.
DEFAULT_WIDTH = 100
#: A snippet is a reminder of the spot, not a code viewer; the location has the rest.
MAX_SNIPPET_LINES = 6

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold cyan",
    Severity.INFO: "dim",
}


def render_terminal(result: RunResult) -> str:
    """The terminal report as plain text (no colour), for files, pipes and tests."""
    buffer = StringIO()
    console = Console(file=buffer, width=DEFAULT_WIDTH, force_terminal=False, color_system=None)
    print_terminal(result, console)
    return buffer.getvalue()


def print_terminal(result: RunResult, console: Console, show_all: bool = False) -> None:
    """Print the report to `console`, in colour when it supports it.

    Suppressed and baselined findings are counted in the summary; `show_all` lists them too.
    """
    active = ordered(result.active_findings)
    explained: set[str] = set()
    for severity in SEVERITIES_WORST_FIRST:
        group = [finding for finding in active if finding.severity is severity]
        if not group:
            continue
        console.rule(
            Text(f"{severity.value.upper()} ({len(group)})", style=_SEVERITY_STYLE[severity]), align="left"
        )
        for finding in group:
            # A rule's rationale is printed with its first finding only: the tenth copy is noise.
            rule = result.rules.get(finding.rule_id) if finding.rule_id not in explained else None
            explained.add(finding.rule_id)
            _print_finding(finding, console, rule)
    inactive = ordered(finding for finding in result.findings if not finding.is_active)
    if show_all and inactive:
        console.rule(Text(f"Suppressed or in baseline ({len(inactive)})", style="dim"), align="left")
        for finding in inactive:
            state = finding.suppression.kind if finding.suppression else "baseline"
            reason = finding.suppression.reason if finding.suppression else "accepted in the baseline"
            console.print(
                Text(
                    f"  [{state}] {printable(location_label(finding.location))} {printable(finding.rule_id)}"
                    f" — {printable(reason)}",
                    style="dim",
                ),
                soft_wrap=True,
            )
        console.print()

    if result.errors:
        console.rule(Text(f"Scanner errors ({len(result.errors)})", style="bold red"), align="left")
        for error in result.errors:
            console.print(Text(printable(error.describe()), style="red"))
        console.print()
    for warning in result.warnings:
        where = f"{warning.path}:{warning.line}" if warning.line else warning.path
        console.print(Text(f"warning: {printable(where)}: {printable(warning.message)}", style="yellow"))
    if result.skipped:
        console.print(
            Text(f"{plural(len(result.skipped), 'file')} skipped (see the JSON report for reasons)")
        )
    if result.gate is not None:
        for reason in result.gate.reasons:
            console.print(Text(f"gate: {printable(reason)}", style="bold"))
    console.print(Text(summary_line(result), style="bold"), soft_wrap=True)


def _print_finding(finding: Finding, console: Console, rule: Rule | None) -> None:
    console.print(
        Text.assemble(
            (f" {finding.severity.value.upper()} ", _SEVERITY_STYLE[finding.severity]),
            "  ",
            (printable(location_label(finding.location, with_column=True)), "bold"),
            "  ",
            (printable(finding.rule_id), "magenta"),
        ),
        soft_wrap=True,
    )
    console.print(Text("  " + printable(finding.title), style="bold"))
    snippet_lines = finding.location.snippet.splitlines()
    for line in snippet_lines[:MAX_SNIPPET_LINES]:
        # Soft wrap: code is easier to read overflowing than folded under the gutter.
        console.print(Text("  │ " + printable(line), style="dim"), soft_wrap=True)
    if len(snippet_lines) > MAX_SNIPPET_LINES:
        console.print(Text(f"  │ … {len(snippet_lines) - MAX_SNIPPET_LINES} more lines", style="dim"))
    if finding.message:
        console.print(Text("  " + printable(finding.message)))
    if rule is not None and rule.rationale:
        console.print(Text.assemble(("  why: ", "yellow"), printable(rule.rationale)))
    for step in finding.trace:
        console.print(
            Text(f"    → {printable(location_label(step.location))} {printable(step.message)}", style="dim")
        )
    if finding.fix is not None:
        console.print(Text.assemble(("  fix: ", "green"), printable(finding.fix.hint)))
    console.print()
