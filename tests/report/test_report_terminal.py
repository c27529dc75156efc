"""The terminal report as a person reads it."""

from __future__ import annotations

from io import StringIO

from report_samples import EXPECTED_SUMMARY, MASKED_SNIPPET, build_finding
from rich.console import Console

from pavedroad.core.errors import Skip
from pavedroad.core.findings import Fix
from pavedroad.core.run import RunResult
from pavedroad.report import render
from pavedroad.report.terminal import print_terminal


def test_ends_with_the_one_line_summary(scan_result: RunResult) -> None:
    assert render("terminal", scan_result).rstrip("\n").splitlines()[-1] == EXPECTED_SUMMARY


def test_a_finding_shows_location_rule_title_snippet_why_and_fix(scan_result: RunResult) -> None:
    output = render("terminal", scan_result)
    assert " CRITICAL   src/app/settings.py:12:16  secrets/github-pat" in output
    assert "  GitHub personal access token" in output
    assert f"  │ {MASKED_SNIPPET}" in output
    assert "  A GitHub personal access token is committed in plain text." in output
    assert "  why: A leaked token lets anyone act as its owner on GitHub." in output
    assert "  fix: Revoke the token and load it from the environment." in output


def test_findings_are_grouped_worst_first_and_suppressed_ones_left_out(scan_result: RunResult) -> None:
    output = render("terminal", scan_result)
    headings = [output.index(f"{name} (1)") for name in ("CRITICAL", "HIGH", "MEDIUM", "INFO")]
    assert headings == sorted(headings)
    assert "LOW (" not in output
    assert "tests/emulator.py" not in output
    assert "requirements.txt" not in output


def test_the_taint_trace_is_listed(scan_result: RunResult) -> None:
    output = render("terminal", scan_result)
    assert "    → src/app/views.py:20 user input enters here" in output
    assert "    → src/app/views.py:24 reaches the SQL sink" in output


def test_errors_skips_and_gate_reasons_are_reported(scan_result: RunResult) -> None:
    scan_result.skipped += [Skip("vendor/big.min.js", "larger than 2 MB"), Skip("img/a.jpg", "binary file")]
    output = render("terminal", scan_result)
    assert "Scanner errors (1)" in output
    assert "infra/broken.tf:3 [iac]: unexpected '}' (HCL parse error)" in output
    assert "3 files skipped" in output
    assert "gate: 2 active findings at or above high" in output


def test_a_clean_run_is_one_summary_line(clean_result: RunResult) -> None:
    assert render("terminal", clean_result) == (
        "0 findings · 0 suppressed · 140 files in 1.3s · gate: passed (enforce)\n"
    )


def test_finding_text_cannot_inject_markup_or_escape_sequences(clean_result: RunResult) -> None:
    clean_result.findings = [
        build_finding(
            message="[bold red]fake[/bold red] \x1b[2J\x1b]0;pwned\x07",
            fix=Fix("[link=http://evil]click[/link]"),
        )
    ]
    output = render("terminal", clean_result)
    assert "[bold red]fake[/bold red]" in output
    assert "[link=http://evil]click[/link]" in output
    assert "\x1b" not in output
    assert "\\x1b[2J" in output


def test_print_terminal_colours_a_real_terminal(scan_result: RunResult) -> None:
    buffer = StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    print_terminal(scan_result, console)
    coloured = buffer.getvalue()
    assert "\x1b[" in coloured
    assert "secrets/github-pat" in coloured
