"""`pavedroad discover`: show what a repository is made of and which analyzers apply to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from pavedroad.discover import Inventory, build_inventory, inventory_to_dict, render_inventory_text
from pavedroad.discover.walk import walk_repository

SCANNER_ERROR_EXIT_CODE = 2


def _render_json(inventory: Inventory) -> str:
    return json.dumps(inventory_to_dict(inventory), indent=2) + "\n"


_RENDERERS: dict[str, Callable[[Inventory], str]] = {
    "text": render_inventory_text,
    "json": _render_json,
}


@click.command("discover")
@click.argument(
    "path",
    default=".",
    type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(_RENDERERS)),
    default="text",
    show_default=True,
    help="Output format, written to stdout.",
)
@click.pass_context
def discover_command(context: click.Context, path: Path, output_format: str) -> None:
    """Inventory the repository at PATH: languages, manifests, frameworks, data stores,
    infrastructure, containers, CI systems, code owners, and the analyzers that apply.

    Files that cannot be read or parsed are named on stderr and the exit code is 2.
    """
    root = path.resolve()
    walk = walk_repository(root)
    inventory = build_inventory(root, walk.files, skipped=walk.skipped, problems=walk.problems)
    click.echo(_RENDERERS[output_format](inventory), nl=False)
    for problem in inventory.problems:
        click.echo(f"error: {problem.describe()}", err=True)
    if inventory.problems:
        context.exit(SCANNER_ERROR_EXIT_CODE)
