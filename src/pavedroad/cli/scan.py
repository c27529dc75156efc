"""`pavedroad scan`: run the analyzers, print the report, exit with the gate's code."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from pavedroad.cli.options import SEVERITY_CHOICE, parse_analyzer_list, scan_scope_options
from pavedroad.cli.output import parse_report_option, write_reports
from pavedroad.core.errors import UsageError
from pavedroad.core.findings import Severity
from pavedroad.core.run import RunResult
from pavedroad.report import REPORTERS
from pavedroad.scanning import ScanRequest, run_scan

PROGRESS_AFTER_SECONDS = 1.0


class _LazyProgress:
    """A progress line on stderr that appears only once a scan has run for a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.count = 0
        self._progress: Any = None
        self._task: object = None

    def __call__(self, files: int) -> None:
        self.count += files
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("scanning… {task.completed} files"),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._progress.start()
            self._task = self._progress.add_task("scan", total=None)
        self._progress.update(self._task, completed=self.count)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@click.command("scan")
@scan_scope_options
@click.option("--since", metavar="GIT_REF", help="Only files changed since this ref (pull requests).")
@click.option("--staged", is_flag=True, help="Scan the content staged in the git index (pre-commit).")
@click.option("--mode", type=click.Choice(["monitor", "enforce"]), help="monitor reports; enforce fails the build.")
@click.option("--fail-on", type=SEVERITY_CHOICE, help="Lowest severity that fails the gate.")
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="terminal", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--report", "extra_reports", multiple=True, metavar="FORMAT=PATH",
    help="Also write FORMAT to PATH (repeatable), e.g. --report sarif=results.sarif.",
)  # fmt: skip
@click.option("--all", "show_all", is_flag=True, help="Show suppressed and baselined findings too.")
@click.option("--no-baseline", is_flag=True, help="Ignore the baseline file.")
@click.option("--record", is_flag=True, help="Store this scan and its findings in the findings store.")
@click.option("--project", "project_name", help="Project name for --record (default: the directory's name).")
@click.option("--branch", help="Branch for --record (default: the checked-out branch).")
@click.option("--ci-run-id", help="CI run for --record (default: from GITHUB_RUN_ID, CI_PIPELINE_ID, ...).")
@click.option("--store", "store_url", metavar="URL", help="Store URL for --record (default: $PAVEDROAD_DATABASE_URL).")
def scan_command(
    path: str,
    analyzers: str | None,
    config_path: str | None,
    history: bool,
    no_cache: bool,
    jobs: int | None,
    max_file_size: int | None,
    since: str | None,
    staged: bool,
    mode: str | None,
    fail_on: str | None,
    output_format: str,
    output: Path | None,
    extra_reports: tuple[str, ...],
    show_all: bool,
    no_baseline: bool,
    record: bool,
    project_name: str | None,
    branch: str | None,
    ci_run_id: str | None,
    store_url: str | None,
) -> None:
    """Scan PATH (default: the current directory) and gate on the findings.

    Exit codes: 0 passed (or monitor mode), 1 policy failed in enforce mode, 2 scanner error.
    """
    extra = [parse_report_option(option) for option in extra_reports]
    request = ScanRequest(
        path=path,
        analyzers=parse_analyzer_list(analyzers),
        since=since,
        staged=staged,
        history=history,
        mode=mode,
        fail_on=Severity(fail_on) if fail_on else None,
        config_path=Path(config_path) if config_path else None,
        use_cache=not no_cache,
        use_baseline=not no_baseline,
        jobs=jobs,
        max_file_size=max_file_size,
    )
    progress = _LazyProgress(enabled=sys.stderr.isatty())
    try:
        result = run_scan(request, on_progress=progress)
    finally:
        progress.stop()
    if record:
        _record(result, project_name, branch, ci_run_id, store_url)
    write_reports(result, output_format, output, extra, show_all=show_all)
    assert result.gate is not None
    sys.exit(result.gate.exit_code)


def _record(
    result: RunResult, project: str | None, branch: str | None, ci_run_id: str | None, store_url: str | None
) -> None:
    """Store the scan; a store that cannot be written is a usage error (exit 2), said in one line."""
    # Imported here: scans that do not record never load SQLAlchemy.
    from pavedroad.recording import RecordRequest, record_run
    from pavedroad.store import StoreError, open_store

    try:
        with open_store(store_url) as store:
            recorded = record_run(store, result, RecordRequest(project, branch, None, ci_run_id))
    except StoreError as error:
        raise UsageError(f"--record: {error}") from error
    click.echo(
        f"recorded scan {recorded.scan_id}: {recorded.new} new, {recorded.seen_again} still open, "
        f"{recorded.reopened} reopened, {recorded.fixed} fixed",
        err=True,
    )
