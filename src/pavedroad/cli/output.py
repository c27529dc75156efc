"""Writing a run's reports, shared by every command that ends in a RunResult (scan, dast, image)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from pavedroad.core.run import RunResult
from pavedroad.report import REPORTERS, render


def parse_report_option(option: str) -> tuple[str, Path]:
    """`--report FORMAT=PATH` as (format, path); a usage error for anything else."""
    format_name, separator, destination = option.partition("=")
    if not separator or format_name not in REPORTERS or not destination:
        raise click.BadParameter(
            f"{option!r}: expected FORMAT=PATH with FORMAT one of {', '.join(sorted(REPORTERS))}",
            param_hint="--report",
        )
    return format_name, Path(destination)


def write_reports(
    result: RunResult,
    output_format: str,
    output: Path | None,
    extra: Sequence[tuple[str, Path]] = (),
    *,
    show_all: bool = False,
) -> None:
    """Every `--report` file, then the main report: the terminal view on a terminal, else text."""
    for format_name, destination in extra:
        destination.write_text(render(format_name, result), encoding="utf-8")
    if output_format == "terminal" and output is None:
        from rich.console import Console

        from pavedroad.report.terminal import print_terminal

        print_terminal(result, Console(), show_all=show_all)
        return
    text = render(output_format, result)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
