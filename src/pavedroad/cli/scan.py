"""`pavedroad scan`: run the analyzers, print the report, exit with the gate's code."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from pavedroad.cli.options import SEVERITY_CHOICE, parse_analyzer_list, scan_scope_options
from pavedroad.core.findings import Severity
from pavedroad.report import REPORTERS, render
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
) -> None:
    """Scan PATH (default: the current directory) and gate on the findings.

    Exit codes: 0 passed (or monitor mode), 1 policy failed in enforce mode, 2 scanner error.
    """
    extra = [_parse_report_option(option) for option in extra_reports]
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
    for format_name, destination in extra:
        destination.write_text(render(format_name, result), encoding="utf-8")
    if output_format == "terminal" and output is None:
        from rich.console import Console

        from pavedroad.report.terminal import print_terminal

        print_terminal(result, Console(), show_all=show_all)
    else:
        text = render(output_format, result)
        if output is None:
            click.echo(text, nl=not text.endswith("\n"))
        else:
            output.write_text(text, encoding="utf-8")
    assert result.gate is not None
    sys.exit(result.gate.exit_code)


def _parse_report_option(option: str) -> tuple[str, Path]:
    format_name, separator, destination = option.partition("=")
    if not separator or format_name not in REPORTERS or not destination:
        raise click.BadParameter(
            f"{option!r}: expected FORMAT=PATH with FORMAT one of {', '.join(sorted(REPORTERS))}",
            param_hint="--report",
        )
    return format_name, Path(destination)
