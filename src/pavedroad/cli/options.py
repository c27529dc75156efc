"""Option parsing shared by commands that run a scan (scan, baseline create)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from pavedroad.core.findings import Severity

F = TypeVar("F", bound=Callable[..., Any])


def parse_analyzer_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


def scan_scope_options(function: F) -> F:
    """PATH and the options that choose what is scanned and how."""
    decorators = [
        click.argument("path", default=".", type=click.Path(path_type=str)),
        click.option("--analyzers", "analyzers", metavar="NAMES", help="Comma-separated analyzers to run."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use."),
        click.option("--history", is_flag=True, help="Also look for secrets in every commit on all refs."),
        click.option("--no-cache", is_flag=True, help="Ignore and do not update .pavedroad/cache."),
        click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes (default: all cores)."),
        click.option("--max-file-size", type=click.IntRange(1), help="Skip files larger than this many bytes."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


SEVERITY_CHOICE = click.Choice([severity.value for severity in Severity if severity is not Severity.INFO])
