"""`pavedroad baseline create`: accept today's findings so only new ones fail builds."""

from __future__ import annotations

from pathlib import Path

import click

from pavedroad.cli.options import parse_analyzer_list, scan_scope_options
from pavedroad.core.baseline import write_baseline
from pavedroad.core.config import load_config
from pavedroad.core.workspace import resolve_scope
from pavedroad.scanning import ScanRequest, run_scan


@click.group("baseline")
def baseline_group() -> None:
    """Record current findings as accepted, so that scans fail only on new ones."""


@baseline_group.command("create")
@scan_scope_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Baseline file to write.")
def create_command(
    path: str,
    analyzers: str | None,
    config_path: str | None,
    history: bool,
    no_cache: bool,
    jobs: int | None,
    max_file_size: int | None,
    output: Path | None,
) -> None:
    """Scan PATH and write every current finding's fingerprint (no secret material) to the baseline."""
    request = ScanRequest(
        path=path,
        analyzers=parse_analyzer_list(analyzers),
        history=history,
        config_path=Path(config_path) if config_path else None,
        use_cache=not no_cache,
        use_baseline=False,
        jobs=jobs,
        max_file_size=max_file_size,
    )
    result = run_scan(request)
    root = resolve_scope(path).root
    destination = output or root / load_config(root, request.config_path).baseline
    count = write_baseline(destination, result.findings)
    click.echo(f"wrote {count} finding(s) to {destination}")
    if result.errors:
        click.echo(f"warning: the scan had {len(result.errors)} error(s); see `pavedroad scan`", err=True)
