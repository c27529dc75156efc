"""`pavedroad record | recheck`: component inventories kept in the store.

`record` stores a project's components; `recheck` matches every stored inventory against the
current advisories without reading source again. (`affected`, which answers "which projects
contain X?" when the next zero-day lands, is `pavedroad.cli.affected`: it must start fast.)
Store errors are one line naming the store, exit 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from pavedroad.cli.affected import JSON_SCHEMA_VERSION, as_json, format_moment
from pavedroad.cli.store_access import format_option, opened_store, store_option
from pavedroad.core import git
from pavedroad.core.analyzer import ProjectOutcome
from pavedroad.store.recheck import NewlyVulnerable, recheck
from pavedroad.store.recording import record_inventory


def _print_issues(outcome: ProjectOutcome) -> None:
    for issue in outcome.issues:
        where = f"{issue.path}:{issue.line}" if issue.line else issue.path
        click.echo(f"pavedroad: error: {where}: {issue.message}", err=True)


@click.command("record")
@click.argument("path", default=".", type=click.Path(path_type=str))
@click.option("--project", "project_name", help="Project name in the store (default: the directory's name).")
@click.option("--commit", help="Commit the inventory belongs to (default: HEAD when PATH is in git).")
@click.option("--branch", help="Branch the inventory belongs to (default: the checked-out branch).")
@store_option
def record_command(
    path: str, project_name: str | None, commit: str | None, branch: str | None, store_url: str | None
) -> None:
    """Record PATH's component inventory (every manifest and lockfile) in the store.

    Files that cannot be read are named on stderr and the exit code is 2; everything else is
    recorded.
    """
    # Imported here, not at the top: `recheck` never needs the parsers.
    from pavedroad.analyzers.sca.inventory import collect_components
    from pavedroad.core.workspace import Workspace, resolve_scope

    started = datetime.now(UTC)
    scope = resolve_scope(path)
    outcome = ProjectOutcome()
    components = collect_components(list(Workspace(scope).targets()), scope.root, outcome)
    detected_commit, detected_branch = git.head_commit_and_branch(scope.root)
    name = project_name or scope.root.name
    with opened_store(store_url) as store:
        scan_id = record_inventory(
            store,
            name,
            scope.root,
            components,
            commit or detected_commit,
            branch or detected_branch,
            started_at=started,
        )
        direct = sum(1 for component in components if component.direct)
        files = len({component.source for component in components})
        click.echo(
            f"recorded scan {scan_id} of project {name!r}: {len(components)} components "
            f"({direct} direct, {len(components) - direct} transitive) from {files} files into {store.url}"
        )
    _print_issues(outcome)
    if outcome.issues:
        sys.exit(2)  # not ctx.exit: main() runs click without standalone mode


def _print_recheck(outcomes: list[NewlyVulnerable]) -> None:
    if not outcomes:
        click.echo("no inventories recorded yet: run `pavedroad record PATH` first")
        return
    for outcome in outcomes:
        summary = (
            f"{len(outcome.vulnerable)} vulnerable, {len(outcome.new)} new"
            if outcome.vulnerable
            else "nothing vulnerable"
        )
        click.echo(f"{outcome.project} (scan {outcome.scan_id}, {format_moment(outcome.scanned_at)}): {summary}")
        for package in outcome.vulnerable:
            fixed = f"; fixed in {', '.join(package.fixed_versions)}" if package.fixed_versions else ""
            aliases = f" ({', '.join(package.aliases)})" if package.aliases else ""
            click.echo(
                f"  {'NEW ' if package.new else '    '}{package.ecosystem} {package.name} {package.version}: "
                f"{package.advisory_id}{aliases} [{package.severity}]{fixed} in {', '.join(package.sources)}"
            )
        for message in outcome.unchecked:
            click.echo(f"  not checked: {message}")
    new = sum(len(outcome.new) for outcome in outcomes)
    hit = sum(1 for outcome in outcomes if outcome.new)
    click.echo(f"{new} newly vulnerable package version(s) in {hit} of {len(outcomes)} project(s)")


@click.command("recheck")
@store_option
@click.option(
    "--db",
    "database_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vulnerability database (default: $PAVEDROAD_VULNDB, else the user cache).",
)
@format_option
@click.option("--fail-on-new", is_flag=True, help="Exit 1 when anything is newly vulnerable.")
def recheck_command(store_url: str | None, database_path: Path | None, output_format: str, fail_on_new: bool) -> None:
    """Match the latest recorded inventory of every project against the current advisories.

    No source is read again. Shows everything vulnerable per project and marks what is NEW
    since the previous recheck.
    """
    from pavedroad.vulndb.snapshot import open_database  # heavy (the importer): only `recheck` needs it

    with opened_store(store_url) as store, open_database(database_path, notice=_notice) as database:
        outcomes = recheck(store, database)
    if output_format == "json":
        document = {
            "schema_version": JSON_SCHEMA_VERSION,
            "store": store.url,
            "database": str(database.path),
            "projects": [{**entry, "new": [package for package in entry["vulnerable"] if package["new"]]}
                         for entry in as_json(outcomes)],
        }  # fmt: skip
        click.echo(json.dumps(document, indent=2))
    else:
        _print_recheck(outcomes)
    if fail_on_new and any(outcome.new for outcome in outcomes):
        sys.exit(1)


def _notice(message: str) -> None:
    click.echo(f"pavedroad: {message}", err=True)


__all__ = ["recheck_command", "record_command"]
