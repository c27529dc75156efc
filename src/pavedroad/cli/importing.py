"""`pavedroad import FILE`: other tools' results into the same findings store, deduplicated.

The format is recognised from the content (SARIF from any tool, and the native JSON of
Bandit, Semgrep, Checkov, Trivy, Gitleaks, OWASP ZAP and pip-audit). A finding that matches
one pavedroad (or another tool) already holds — same place and CWE, or same package and
vulnerability — is recorded as another sighting of it, not as a second finding.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from pavedroad import __version__
from pavedroad.cli.store_access import opened_store, store_option
from pavedroad.core import git
from pavedroad.importers import equivalence_keys, load_results
from pavedroad.report.json_report import finding_to_dict
from pavedroad.store.findings_recording import ScanFacts, record_scan


@click.command("import")
@click.argument("results_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", "project_name", required=True, help="The project the results belong to.")
@click.option("--branch", help="Branch (default: the checked-out branch of the current directory, if any).")
@click.option("--commit", help="Commit the results belong to.")
@click.option(
    "--partial", is_flag=True,
    help="The tool looked at part of the project only: mark nothing as fixed.",
)  # fmt: skip
@store_option
def import_command(
    results_file: Path,
    project_name: str,
    branch: str | None,
    commit: str | None,
    partial: bool,
    store_url: str | None,
) -> None:
    """Import RESULTS_FILE into the findings store as a scan of PROJECT by the tool that wrote it."""
    started = datetime.now(UTC)
    results = load_results(results_file)
    detected_commit, detected_branch = git.head_commit_and_branch(Path.cwd())
    facts = ScanFacts(
        project=project_name,
        started_at=started,
        finished_at=datetime.now(UTC),
        tool_version=results.tool_version or __version__,
        branch=branch or detected_branch,
        commit=commit or detected_commit,
        complete=not partial,
        tool=results.tool,
    )
    with opened_store(store_url) as store:
        recorded = record_scan(store, facts, results.findings, finding_to_dict, equivalence_keys=equivalence_keys)
    version = f" {results.tool_version}" if results.tool_version else ""
    click.echo(
        f"imported {len(results.findings)} findings from {results.tool}{version} ({results.format}) "
        f"as scan {recorded.scan_id} of {project_name!r}: {recorded.new} new, {recorded.merged} matched existing "
        f"findings, {recorded.seen_again} still open, {recorded.reopened} reopened, {recorded.fixed} fixed"
    )
    for reason in results.skipped:
        click.echo(f"pavedroad: skipped: {results_file}: {reason}", err=True)
