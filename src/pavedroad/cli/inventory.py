"""`pavedroad record | affected | recheck`: component inventories kept in the store.

`record` stores a project's components; `affected` answers "which projects contain X?" when
the next zero-day lands; `recheck` matches every stored inventory against the current
advisories without reading source again. Store errors are one line naming the store, exit 2.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from pavedroad.cli.store_access import format_option, opened_store, store_option
from pavedroad.core import git
from pavedroad.core.analyzer import ProjectOutcome
from pavedroad.store import (
    AffectedRow,
    NewlyVulnerable,
    affected,
    recheck,
    record_inventory,
)

JSON_SCHEMA_VERSION = 1

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
    # Imported here, not at the top: `affected` answers in a zero-day and must not load the parsers.
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


def _split_query(query: str) -> tuple[str, str | None]:
    """`PACKAGE[@VERSION|@RANGE]`; a leading @ belongs to the name (npm scopes: `@babel/core@7`)."""
    name, separator, selection = query[1:].rpartition("@")
    if not separator:
        return query, None
    return query[0] + name, selection


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _version_text(row: AffectedRow) -> str:
    if row.version is None:
        return f"unpinned {row.specifier or ''}".strip() + " (?)"
    return f"{row.version} (?)" if row.undetermined else row.version


def _how_text(row: AffectedRow) -> str:
    if row.direct:
        return "direct"
    return "via " + " → ".join(row.dependency_path) if row.dependency_path else "transitive"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    """Plain aligned columns: fit for a terminal and for grep alike."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        yield "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()


def _print_affected(rows: list[AffectedRow], query: str) -> None:
    if not rows:
        click.echo(f"{query}: not found in any recorded project")
        return
    header = ("PROJECT", "SCAN", "SCANNED", "ECOSYSTEM", "PACKAGE", "VERSION", "FILE", "HOW")
    cells = [
        (row.project, str(row.scan_id), _when(row.scan_started), row.ecosystem, row.name, _version_text(row),
         f"{row.source_file}:{row.line}" if row.line else row.source_file, _how_text(row))
        for row in rows
    ]  # fmt: skip
    for line in _table(header, cells):
        click.echo(line)
    projects = len({row.project for row in rows})
    occurrences = f"{len(rows)} occurrence{'s' if len(rows) != 1 else ''}"
    click.echo(f"{query}: {occurrences} in {projects} project{'s' if projects != 1 else ''}")
    if any(row.undetermined for row in rows):
        click.echo("(?) the recorded version could not be compared with the one asked about: check by hand")


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _as_json(items: Sequence[Any]) -> list[dict[str, Any]]:
    return [{key: _json_ready(value) for key, value in dataclasses.asdict(item).items()} for item in items]


@click.command("affected")
@click.argument("query", metavar="PACKAGE[@VERSION|@RANGE]")
@click.option("--ecosystem", help="Only this OSV ecosystem (PyPI, npm, Go, crates.io, Maven...).")
@click.option("--all-scans", is_flag=True, help="Every recorded scan, not only each project's latest.")
@format_option
@store_option
def affected_command(
    query: str, ecosystem: str | None, all_scans: bool, output_format: str, store_url: str | None
) -> None:
    """Which recorded projects contain PACKAGE, at VERSION or in RANGE.

    RANGE is written in the ecosystem's syntax: a PEP 440 specifier for PyPI
    (">=2.0,<2.17.1"); comparators joined by commas, with "||" alternatives, elsewhere
    ("<1.2.3 || >=2.0.0"). Quote it in the shell.
    """
    package, selection = _split_query(query)
    with opened_store(store_url) as store:
        rows = affected(store, package, selection, ecosystem, all_scans=all_scans)
        if output_format == "json":
            document = {
                "schema_version": JSON_SCHEMA_VERSION,
                "query": {"package": package, "version": selection, "ecosystem": ecosystem, "all_scans": all_scans},
                "store": store.url,
                "results": _as_json(rows),
            }
            click.echo(json.dumps(document, indent=2))
        else:
            _print_affected(rows, query)


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
        click.echo(f"{outcome.project} (scan {outcome.scan_id}, {_when(outcome.scanned_at)}): {summary}")
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
                         for entry in _as_json(outcomes)],
        }  # fmt: skip
        click.echo(json.dumps(document, indent=2))
    else:
        _print_recheck(outcomes)
    if fail_on_new and any(outcome.new for outcome in outcomes):
        sys.exit(1)


def _notice(message: str) -> None:
    click.echo(f"pavedroad: {message}", err=True)


__all__ = ["affected_command", "recheck_command", "record_command"]
