"""`pavedroad init`: a commented starter configuration, in monitor mode."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import click

from pavedroad.core.config import CONFIG_FILE


def starter_config() -> str:
    return (files("pavedroad") / "starter.pavedroad.toml").read_text(encoding="utf-8")


@click.command("init")
@click.argument("path", default=".", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing configuration.")
def init_command(path: Path, force: bool) -> None:
    """Write a commented .pavedroad.toml in monitor mode to PATH."""
    destination = path / CONFIG_FILE
    if destination.exists() and not force:
        raise click.ClickException(f"{destination} already exists (use --force to overwrite)")
    destination.write_text(starter_config(), encoding="utf-8")
    click.echo(f"wrote {destination} (monitor mode). Next: `pavedroad scan`, then `pavedroad baseline create`.")
