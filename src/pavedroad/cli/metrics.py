"""`pavedroad metrics`: MTTR, open risk by age and SLA, density per KLOC, build-failure rate,
deployment frequency and the weekly trend, from the findings store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from pavedroad.cli.store_access import format_option, opened_store, store_option
from pavedroad.core import git
from pavedroad.core.config import load_config
from pavedroad.store.metrics import DEFAULT_SLA_DAYS, MetricsScope, compute_metrics


@click.command("metrics")
@click.option("--project", "project_name", help="One project (default: every project in the store).")
@click.option("--weeks", type=click.IntRange(1, 520), default=12, show_default=True, help="Weeks of history.")
@click.option(
    "--repository", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="Where to read [metrics] settings and, with deploy_tags set, release tags.",
)  # fmt: skip
@store_option
@format_option
def metrics_command(
    project_name: str | None, weeks: int, repository: Path, store_url: str | None, output_format: str
) -> None:
    """Print the security programme's KPIs from the recorded scans."""
    settings = load_config(repository).metrics
    sla_days = {**DEFAULT_SLA_DAYS, **settings.get("sla_days", {})}  # type: ignore[dict-item]
    tag_pattern = settings.get("deploy_tags")
    if not isinstance(tag_pattern, str):
        tag_pattern = None
    tags = git.tags_with_dates(repository) if tag_pattern else None
    scope = MetricsScope(now=datetime.now(UTC), project=project_name, weeks=weeks, sla_days=sla_days)
    with opened_store(store_url) as store:
        metrics = compute_metrics(store, scope, tags=tags, tag_pattern=tag_pattern)
    if output_format == "json":
        click.echo(json.dumps(metrics.to_dict(), indent=2))
    else:
        from pavedroad.report.metrics_text import render_metrics_text

        click.echo(render_metrics_text(metrics), nl=False)
