"""`pavedroad dast URL`: scan a running web application; report and gate like `pavedroad scan`.

Exit codes: 0 passed (or monitor mode), 1 policy failed in enforce mode, 2 scanner error
(unreachable target, TLS error, failed login, unusable API document, a target answering
only 5xx). Whatever the scan completed is reported either way.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from pavedroad.cli.options import SEVERITY_CHOICE
from pavedroad.cli.output import parse_report_option, write_reports
from pavedroad.core.findings import Severity
from pavedroad.dast.http import ScanLimits
from pavedroad.dast.run import run_dast
from pavedroad.dast.scan import DastOptions
from pavedroad.report import REPORTERS


class _Progress:
    """A rich progress line on stderr: requests, requests per second, findings so far."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, requests: int, findings: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("dast: {task.completed} requests, {task.fields[rate]:.0f} req/s, "
                           "{task.fields[findings]} findings"),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._progress.start()
            self._task = self._progress.add_task("dast", total=None, rate=0.0, findings=0)
        rate = requests / max(time.monotonic() - self.started, 0.001)
        self._progress.update(self._task, completed=requests, rate=rate, findings=findings)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@click.command("dast")
@click.argument("url")
@click.option("--openapi", metavar="FILE_OR_URL", help="OpenAPI 3 / Swagger 2 document listing the API's operations.")
@click.option("--har", "requests_file", type=click.Path(dir_okay=False, path_type=Path),
              help="HAR file, or a text file of 'METHOD URL [BODY]' lines, to scan too.")  # fmt: skip
@click.option("--passive", is_flag=True, help="Baseline only: no attack payloads (safe for production).")
@click.option("--max-requests", type=click.IntRange(1), default=3000, show_default=True, help="Request budget.")
@click.option("--max-time", type=click.FloatRange(1), default=300.0, show_default=True, help="Seconds, in total.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--rate", type=click.FloatRange(0), default=0.0, help="Requests per second (0: unlimited).")
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True, help="Seconds per request.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only URL paths matching (repeatable), e.g. '/api/*'.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Never URL paths matching (repeatable), e.g. '/logout'.")
@click.option("--auth-config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML: headers, cookies, a login form or token endpoint, and users for --idor.")  # fmt: skip
@click.option("--default-credentials", is_flag=True, help="Try a short list of default logins on login forms.")
@click.option("--idor", is_flag=True, help="Compare the users of --auth-config on numeric ids.")
@click.option("--no-crawl", is_flag=True, help="Scan only the --openapi / --har operations.")
@click.option("--insecure", is_flag=True, help="Do not verify TLS certificates (test servers only).")
@click.option("--mode", type=click.Choice(["monitor", "enforce"]), help="monitor reports; enforce fails the build.")
@click.option("--fail-on", type=SEVERITY_CHOICE, help="Lowest severity that fails the gate.")
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="terminal", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--report", "extra_reports", multiple=True, metavar="FORMAT=PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. --report sarif=dast.sarif.")  # fmt: skip
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file.")
def dast_command(url: str, **options: Any) -> None:
    """Scan the web application at URL: crawl it, run passive checks and (unless --passive) active ones.

    Only URL's origin is ever contacted. Every finding carries the request and response that
    prove it, with credentials masked.
    """
    extra = [parse_report_option(option) for option in options["extra_reports"]]
    scan_options = DastOptions(
        target=url,
        openapi=options["openapi"],
        requests_file=options["requests_file"],
        passive_only=options["passive"],
        limits=ScanLimits(
            max_requests=options["max_requests"], max_time=options["max_time"], concurrency=options["concurrency"],
            rate=options["rate"], timeout=options["timeout"],
        ),
        include=tuple(options["include"]),
        exclude=tuple(options["exclude"]),
        auth_config=options["auth_config"],
        verify_tls=not options["insecure"],
        try_default_credentials=options["default_credentials"],
        check_idor=options["idor"],
        crawl=not options["no_crawl"],
    )
    progress = _Progress(enabled=sys.stderr.isatty())
    try:
        result = run_dast(
            scan_options,
            mode=options["mode"],
            fail_on=Severity(options["fail_on"]) if options["fail_on"] else None,
            config_path=options["config_path"],
            on_progress=progress,
        )
    finally:
        progress.stop()
    write_reports(result, options["output_format"], options["output"], extra)
    assert result.gate is not None
    sys.exit(result.gate.exit_code)
