"""`pavedroad sbom`: the project's components as CycloneDX or SPDX."""

from __future__ import annotations

from pathlib import Path

import click

from pavedroad.analyzers.sca.analyzer import collect_components
from pavedroad.core.analyzer import ProjectOutcome
from pavedroad.core.workspace import Workspace, resolve_scope
from pavedroad.sbom.cyclonedx import cyclonedx_json
from pavedroad.sbom.spdx import spdx_json

WRITERS = {"cyclonedx": cyclonedx_json, "spdx": spdx_json}


@click.command("sbom")
@click.argument("path", default=".", type=click.Path(path_type=str))
@click.option("--format", "sbom_format", type=click.Choice(sorted(WRITERS)), default="cyclonedx", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--name", help="The project's name in the SBOM (default: the directory's name).")
@click.pass_context
def sbom_command(context: click.Context, path: str, sbom_format: str, output: Path | None, name: str | None) -> None:
    """Write a software bill of materials for PATH: CycloneDX 1.6 or SPDX 2.3 JSON.

    Every manifest and lockfile pavedroad reads contributes, with purls, hashes where the
    lockfile has them, licences where known, and the dependency graph. Files that cannot be
    read are named on stderr and the exit code is 2; the SBOM holds everything else.
    """
    scope = resolve_scope(path)
    workspace = Workspace(scope)
    outcome = ProjectOutcome()
    components = collect_components(list(workspace.targets()), scope.root, outcome)
    document = WRITERS[sbom_format](name or scope.root.name, components)
    if output is None:
        click.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")
        click.echo(f"wrote {sbom_format} SBOM with {len(components)} component entries to {output}", err=True)
    for issue in outcome.issues:
        where = f"{issue.path}:{issue.line}" if issue.line else issue.path
        click.echo(f"error: {where}: {issue.message}", err=True)
    if outcome.issues:
        context.exit(2)
