"""`pavedroad affected PACKAGE[@VERSION|@RANGE]`: which recorded projects contain a package.

It answers in a zero-day, so it imports only what the query needs: no parsers, no matcher,
no ORM, and on a current SQLite store not even SQLAlchemy (`open_for_reading`). The JSON
helpers here are shared with `record` and `recheck` in `pavedroad.cli.inventory`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import click

from pavedroad.cli.store_access import format_option, store_option
from pavedroad.core.errors import UsageError
from pavedroad.store.affected import AffectedRow, affected
from pavedroad.store.connection import open_for_reading
from pavedroad.store.errors import InvalidSelectionError, StoreError

JSON_SCHEMA_VERSION = 1


def split_query(query: str) -> tuple[str, str | None]:
    """`PACKAGE[@VERSION|@RANGE]`; a leading @ belongs to the name (npm scopes: `@babel/core@7`)."""
    name, separator, selection = query[1:].rpartition("@")
    if not separator:
        return query, None
    return query[0] + name, selection


def format_moment(moment: datetime) -> str:
    """A scan's time as the inventory commands show it."""
    return moment.strftime("%Y-%m-%d %H:%M")


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def as_json(items: Sequence[Any]) -> list[dict[str, Any]]:
    """Dataclass results as JSON objects (times in ISO 8601)."""
    return [{key: _json_ready(value) for key, value in dataclasses.asdict(item).items()} for item in items]


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
        (row.project, str(row.scan_id), format_moment(row.scan_started), row.ecosystem, row.name, _version_text(row),
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
    package, selection = split_query(query)
    try:
        with open_for_reading(store_url) as store:
            rows = affected(store, package, selection, ecosystem, all_scans=all_scans)
    except (StoreError, InvalidSelectionError) as error:
        raise UsageError(str(error)) from error
    if output_format == "json":
        document = {
            "schema_version": JSON_SCHEMA_VERSION,
            "query": {"package": package, "version": selection, "ecosystem": ecosystem, "all_scans": all_scans},
            "store": store.url,
            "results": as_json(rows),
        }
        click.echo(json.dumps(document, indent=2))
    else:
        _print_affected(rows, query)


__all__ = ["JSON_SCHEMA_VERSION", "affected_command", "as_json", "format_moment", "split_query"]
