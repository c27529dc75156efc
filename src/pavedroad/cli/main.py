"""The `pavedroad` command group. Commands are imported when used, so `scan` starts fast."""

from __future__ import annotations

import importlib
import sys

import click

from pavedroad import __version__
from pavedroad.core.errors import UsageError

# command name → (module, attribute): one module per command group.
COMMANDS = {
    "scan": ("pavedroad.cli.scan", "scan_command"),
    "init": ("pavedroad.cli.init", "init_command"),
    "baseline": ("pavedroad.cli.baseline", "baseline_group"),
    "rules": ("pavedroad.cli.rules", "rules_group"),
    "discover": ("pavedroad.cli.discover", "discover_command"),
    "sbom": ("pavedroad.cli.sbom", "sbom_group"),
    "db": ("pavedroad.cli.db", "db_group"),
    "fix": ("pavedroad.cli.fix", "fix_command"),
    "image": ("pavedroad.cli.image", "image_command"),
    "rootfs": ("pavedroad.cli.image", "rootfs_command"),
    "record": ("pavedroad.cli.inventory", "record_command"),
    "affected": ("pavedroad.cli.affected", "affected_command"),
    "recheck": ("pavedroad.cli.inventory", "recheck_command"),
    "dast": ("pavedroad.cli.dast", "dast_command"),
    "monitor": ("pavedroad.cli.monitor", "monitor_command"),
    "import": ("pavedroad.cli.importing", "import_command"),
    "metrics": ("pavedroad.cli.metrics", "metrics_command"),
    "compliance": ("pavedroad.cli.compliance", "compliance_command"),
    "event": ("pavedroad.cli.event", "event_group"),
    "serve": ("pavedroad.cli.serve", "serve_command"),
    "admin": ("pavedroad.cli.admin", "admin_group"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pavedroad")
def cli() -> None:
    """pavedroad: security checks for every stage of delivery, fast and low-noise."""


def main() -> None:
    """Entry point: usage and configuration errors are one line on stderr and exit code 2."""
    try:
        # Without standalone mode click returns a command's `ctx.exit(code)` instead of exiting.
        returned = cli.main(standalone_mode=False)
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
    sys.exit(returned if isinstance(returned, int) else 0)
