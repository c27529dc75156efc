"""`pavedroad fix`: the smallest safe upgrades as a diff; `--apply` writes them."""

from __future__ import annotations

from pathlib import Path

import click

from pavedroad.analyzers.sca.inventory import collect_components
from pavedroad.core.analyzer import ProjectOutcome
from pavedroad.core.workspace import Workspace, resolve_scope
from pavedroad.fix.plan import apply_plan, plan_upgrades
from pavedroad.vulndb.errors import VulnDbError
from pavedroad.vulndb.match import find_vulnerabilities
from pavedroad.vulndb.snapshot import open_database


@click.command("fix")
@click.argument("path", default=".", type=click.Path(path_type=str))
@click.option("--apply", "apply_changes", is_flag=True, help="Rewrite the manifests instead of printing the diff.")
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path), help="Vulnerability database.")
@click.pass_context
def fix_command(context: click.Context, path: str, apply_changes: bool, database: Path | None) -> None:
    """Plan the smallest upgrades that fix every known vulnerability in PATH's dependencies.

    Direct dependencies in requirements*.txt, pyproject.toml and package.json are rewritten to
    the smallest safe version (formatting and comments kept); the plan prints as a unified diff,
    and --apply writes it. Transitive packages are listed with the path that brings them in.
    """
    scope = resolve_scope(path)
    outcome = ProjectOutcome()
    components = collect_components(list(Workspace(scope).targets()), scope.root, outcome)
    try:
        db = open_database(database, notice=lambda message: click.echo(f"note: {message}", err=True))
    except VulnDbError as error:
        raise click.ClickException(str(error)) from None
    try:
        result = find_vulnerabilities(db, [component for component in components if component.version])
    finally:
        db.close()
    plan = plan_upgrades(scope.root, components, result)
    for upgrade in plan.upgrades:
        kind = "direct" if upgrade.direct else "transitive"
        click.echo(
            f"{upgrade.name} {upgrade.current} → {upgrade.target} ({kind}; fixes {', '.join(upgrade.advisories)})",
            err=True,
        )
    if apply_changes:
        for relpath in apply_plan(scope.root, plan):
            click.echo(f"updated {relpath}", err=True)
    else:
        click.echo(plan.diff(), nl=False)
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    if not plan.upgrades:
        click.echo("no known vulnerabilities with a fix in the scanned dependencies", err=True)
    for issue in outcome.issues:
        click.echo(f"error: {issue.path}{f':{issue.line}' if issue.line else ''}: {issue.message}", err=True)
    if outcome.issues:
        context.exit(2)
