"""`pavedroad compliance`: a framework's controls as passing, failing or not covered."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from pavedroad.cli.rules import known_rules
from pavedroad.cli.store_access import opened_store, store_option
from pavedroad.compliance import available_frameworks, evaluate, load_framework
from pavedroad.compliance.posture import ControlState, Posture
from pavedroad.core.errors import UsageError
from pavedroad.core.findings import Finding

# Output format → (module, function): imported when used, so text output never loads Jinja2.
RENDERERS = {
    "text": ("pavedroad.compliance.render_text", "render_text"),
    "json": ("pavedroad.compliance.render_json", "render_json"),
    "html": ("pavedroad.compliance.render_html", "render_html"),
}


@click.command("compliance")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--framework", "framework_name", metavar="NAME", help="Framework to report on (see --list).")
@click.option("--from-report", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read findings from a pavedroad JSON report instead of scanning.")  # fmt: skip
@click.option("--format", "output_format", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--list", "list_frameworks", is_flag=True, help="List the frameworks and their versions.")
@click.option("--project", "project_name", help="Judge a project's open findings in the store instead of scanning.")
@click.option("--branch", help="With --project: one branch only (default: every branch).")
@click.option("--fail-on-failing", is_flag=True, help="Exit 1 when a control fails (a compliance gate in CI).")
@store_option
def compliance_command(
    path: str | None,
    framework_name: str | None,
    from_report: Path | None,
    output_format: str,
    output: Path | None,
    list_frameworks: bool,
    project_name: str | None,
    branch: str | None,
    fail_on_failing: bool,
    store_url: str | None,
) -> None:
    """Report per control of a framework: passing, failing (with findings), not covered.

    Scans PATH (default: the current directory), reads --from-report, or takes --project's
    open findings from the store (triage decisions applied). Exit codes: 0 the
    report was written, 1 a control fails and --fail-on-failing was given, 2 bad input or
    scanner errors. Without --fail-on-failing, failing controls do not change the exit code.
    """
    if list_frameworks:
        for name, framework in available_frameworks().items():
            click.echo(f"{name:22} {framework.label}")
        return
    if not framework_name:
        raise UsageError("--framework NAME is required; see `pavedroad compliance --list`")
    framework = load_framework(framework_name)
    if sum(bool(source) for source in (path, from_report, project_name)) > 1:
        raise UsageError("give one of PATH to scan, --from-report or --project")
    if project_name:
        findings, scanner_errors = _stored_findings(project_name, branch, store_url), False
    else:
        findings, scanner_errors = _findings(path, from_report)
    posture = evaluate(framework, known_rules().values(), findings)
    text = _render(output_format, posture)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
    if scanner_errors:
        sys.exit(2)
    failing = posture.count(ControlState.FAILING)
    if fail_on_failing and failing:
        click.echo(f"compliance: {failing} {framework.label} control(s) failing", err=True)
        sys.exit(1)


def _findings(path: str | None, from_report: Path | None) -> tuple[list[Finding], bool]:
    """The findings to judge, and whether the scan that produced them had errors."""
    if from_report is not None:
        from pavedroad.compliance.report_input import read_report_findings

        return read_report_findings(from_report), False
    from pavedroad.scanning import ScanRequest, run_scan

    result = run_scan(ScanRequest(path=path or "."))
    for error in result.errors:
        click.echo(f"pavedroad: {error.describe()}", err=True)
    return result.findings, bool(result.errors)


def _stored_findings(project: str, branch: str | None, store_url: str | None) -> list[Finding]:
    from pavedroad.store.findings_reading import open_findings

    with opened_store(store_url) as store:
        return open_findings(store, project, datetime.now(UTC), branch)


def _render(output_format: str, posture: Posture) -> str:
    import importlib

    module_name, function_name = RENDERERS[output_format]
    rendered: str = getattr(importlib.import_module(module_name), function_name)(posture)
    return rendered
