"""What every command that reads or writes the store shares: `--store`, `--format`, and
store errors as one-line usage errors (exit code 2)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from pavedroad.core.errors import UsageError
from pavedroad.store import InvalidSelectionError, Store, StoreError, open_store
from pavedroad.vulndb.errors import VulnDbError

store_option = click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="SQLAlchemy URL of the store (default: $PAVEDROAD_DATABASE_URL, else ~/.local/share/pavedroad/store.sqlite3).",
)
format_option = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@contextmanager
def opened_store(store_url: str | None) -> Iterator[Store]:
    """The store, with its errors (and the vulnerability database's) as one-line usage errors."""
    try:
        with open_store(store_url) as store:
            yield store
    except (StoreError, VulnDbError, InvalidSelectionError) as error:
        raise UsageError(str(error)) from error
