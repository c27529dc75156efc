"""The `pavedroad` command group."""

from __future__ import annotations

import sys

import click

from pavedroad import __version__
from pavedroad.cli.baseline import baseline_group
from pavedroad.cli.discover import discover_command
from pavedroad.cli.init import init_command
from pavedroad.cli.rules import rules_group
from pavedroad.cli.scan import scan_command
from pavedroad.core.errors import UsageError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pavedroad")
def cli() -> None:
    """pavedroad: security checks for every stage of delivery, fast and low-noise."""


cli.add_command(scan_command)
cli.add_command(init_command)
cli.add_command(baseline_group)
cli.add_command(rules_group)
cli.add_command(discover_command)


def main() -> None:
    """Entry point: usage and configuration errors are one line on stderr and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except UsageError as error:
        click.echo(f"pavedroad: error: {error}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(2)
