"""`pavedroad db import|update|status`: the local vulnerability database."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pavedroad.core.errors import UsageError
from pavedroad.vulndb.errors import MissingDatabaseError, VulnDbError
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.report import ImportReport
from pavedroad.vulndb.snapshot import snapshot_info
from pavedroad.vulndb.store import VulnerabilityDatabase, default_database_path
from pavedroad.vulndb.update import DEFAULT_ECOSYSTEMS, OSV_BASE_URL_ENV, update_database

MAX_PROBLEMS_SHOWN = 50
DEFAULT_MAX_AGE_DAYS = 7.0
Result = TypeVar("Result")

database_option = click.option(
    "--db",
    "database",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $PAVEDROAD_VULNDB, else ~/.cache/pavedroad/vulndb.sqlite3).",
)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _library_call(action: Callable[[], Result]) -> Result:
    """Run a vulndb call; its errors become one-line usage errors (exit code 2)."""
    try:
        return action()
    except VulnDbError as error:
        raise UsageError(str(error)) from error


def _finish(verb: str, report: ImportReport) -> None:
    """Summary on stdout, skipped records on stderr; exit code 2 if any record was skipped."""
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"pavedroad: skipped: {problem.describe()}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"pavedroad: … and {len(report.problems) - MAX_PROBLEMS_SHOWN} more skipped records", err=True)
    for path in report.ignored:
        click.echo(f"pavedroad: ignored {path}: not OSV, KEV or EPSS data", err=True)
    skipped = f", skipped {report.skipped} malformed" if report.skipped else ""
    click.echo(
        f"{verb} {report.records} records from {len(report.sources)} source(s){skipped} "
        f"into {report.database} in {report.seconds:.1f} s"
    )
    if report.problems:
        # sys.exit, not ctx.exit: under main()'s standalone_mode=False click would swallow ctx.exit's code.
        sys.exit(2)


@click.group("db")
def db_group() -> None:
    """Manage the local vulnerability database (OSV advisories, CISA KEV, FIRST EPSS)."""


@db_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@database_option
@click.option("--replace", is_flag=True, help="Build the database from these inputs only, dropping what it held.")
def import_command(paths: tuple[Path, ...], database: Path | None, replace: bool) -> None:
    """Load advisories offline: OSV directories, .json, .jsonl(.gz) and export .zip files,
    CISA's KEV catalogue (JSON) and FIRST EPSS scores (.csv/.csv.gz).

    The import is all or nothing: if an input cannot be read, the database is left as it was.
    Malformed records are reported with file and line, skipped, and make the exit code 2.
    """
    target = database or default_database_path()
    report = _library_call(lambda: import_paths(target, list(paths), replace=replace, progress=_progress))
    _finish("imported", report)


@db_group.command("update")
@database_option
@click.option(
    "--ecosystem",
    "ecosystems",
    multiple=True,
    help=f"OSV ecosystem to download (repeatable; default: {', '.join(DEFAULT_ECOSYSTEMS)}).",
)
@click.option(
    "--source-url",
    metavar="URL",
    help=f"Base URL of the OSV exports, <URL>/<ecosystem>/all.zip (default: ${OSV_BASE_URL_ENV}, else OSV's bucket).",
)
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds per request.")
def update_command(database: Path | None, ecosystems: tuple[str, ...], source_url: str | None, timeout: float) -> None:
    """Download current OSV advisories over HTTPS and import them atomically."""
    target = database or default_database_path()
    report = _library_call(
        lambda: update_database(
            target, ecosystems or DEFAULT_ECOSYSTEMS, source_url=source_url, timeout=timeout, progress=_progress
        )
    )
    _finish("updated with", report)


def _status(path: Path, max_age_days: float) -> dict[str, Any]:
    """The facts `db status` shows (raises VulnDbError for a damaged database)."""
    bundled = snapshot_info()
    facts: dict[str, Any] = {
        "database": str(path),
        "bundled_snapshot": {"data_date": bundled.data_date, "records": bundled.records} if bundled else None,
        "exists": path.exists(),
    }
    if not facts["exists"]:
        return facts
    with VulnerabilityDatabase(path) as db:
        age = db.database_age_days()
        return {
            **facts,
            "bytes": path.stat().st_size,
            "snapshot_date": db.meta().get("snapshot_date"),
            "data_date": db.data_date(),
            "age_days": round(age, 1) if age is not None else None,
            "counts": db.counts(),
            "ecosystems": db.ecosystem_counts(),
            "sources": [dataclasses.asdict(source) for source in db.sources()],
            "warning": db.freshness_warning(max_age_days),
        }


def _print_status(facts: dict[str, Any]) -> None:
    bundled = facts["bundled_snapshot"]
    bundled_text = f"data up to {bundled['data_date'][:10]}, {bundled['records']} advisories" if bundled else "none"
    click.echo(f"database: {facts['database']}")
    if not facts["exists"]:
        click.echo("  not built yet: the first scan builds it from the bundled snapshot")
        click.echo(f"bundled snapshot: {bundled_text}")
        return
    counts = facts["counts"]
    click.echo(f"  size: {facts['bytes'] / 1e6:.1f} MB")
    if facts["snapshot_date"]:
        click.echo(f"  built from the bundled snapshot (data up to {facts['snapshot_date'][:10]})")
    age = f" ({facts['age_days']:g} days old)" if facts["age_days"] is not None else ""
    click.echo(f"  data up to: {(facts['data_date'] or 'unknown')[:10]}{age}")
    click.echo(
        f"  advisories: {counts['advisories']} ({counts['withdrawn']} withdrawn); "
        f"known exploited (KEV): {counts['known_exploited']}; EPSS scores: {counts['epss']}"
    )
    click.echo("ecosystems (advisories that can match):")
    for ecosystem, count in facts["ecosystems"].items():
        click.echo(f"  {ecosystem:<24} {count:>7}")
    click.echo("sources:")
    for source in facts["sources"]:
        newest = f", newest {source['newest_modified'][:10]}" if source["newest_modified"] else ""
        skipped = f", {source['skipped']} skipped" if source["skipped"] else ""
        click.echo(
            f"  [{source['kind']}] {source['name']}: {source['records']} records{skipped}{newest}; "
            f"imported {source['imported_at']} from {source['location']}"
        )
    click.echo(f"bundled snapshot: {bundled_text}")
    if facts["warning"]:
        click.echo(f"pavedroad: warning: {facts['warning']}", err=True)


@db_group.command("status")
@database_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--max-age-days",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_AGE_DAYS,
    show_default=True,
    help="Warn when the newest advisory is older than this.",
)
def status_command(database: Path | None, output_format: str, max_age_days: float) -> None:
    """Where the database is, what it holds (sources, advisories per ecosystem) and how old it is."""
    if database is not None and not database.exists():
        raise UsageError(str(MissingDatabaseError(f"{database}: no vulnerability database here")))
    facts = _library_call(lambda: _status(database or default_database_path(), max_age_days))
    if output_format == "json":
        click.echo(json.dumps(facts, indent=2))
    else:
        _print_status(facts)
