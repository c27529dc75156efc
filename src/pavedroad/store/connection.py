"""Opening the store: which URL, SQLite set-up (WAL), creating tables, and one-line errors.

Any SQLAlchemy URL works; SQLite is the default, at `$PAVEDROAD_DATABASE_URL` or
`~/.local/share/pavedroad/store.sqlite3`. Every database error leaving this package is a
StoreError naming the store (password hidden), so the CLI can print one line and exit 2.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from pavedroad.store.errors import StoreError
from pavedroad.store.migrate import migrate

DATABASE_URL_ENV = "PAVEDROAD_DATABASE_URL"
STORE_URL_ENV = "PAVEDROAD_STORE_URL"  # the name before the findings store; still honoured
DEFAULT_STORE_URL = "sqlite:///~/.local/share/pavedroad/store.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass(eq=False)
class Store:
    """An open store: the engine, and the URL to name in messages (password hidden)."""

    engine: Engine
    url: str

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in one transaction, committed on success; errors become StoreError."""
        with self.errors_named(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def errors_named(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StoreError(f"{self.url}: {_reason(error)}") from error

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _reason(error: SQLAlchemyError) -> str:
    """The driver's own message, without SQLAlchemy's multi-line SQL and help-link appendix."""
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error).strip().splitlines()
    return text[0] if text else type(error).__name__


def resolve_store_url(url: str | None = None) -> str:
    """The URL to use: the one given, else `$PAVEDROAD_DATABASE_URL` (or `$PAVEDROAD_STORE_URL`), else
    the default SQLite file."""
    return url or os.environ.get(DATABASE_URL_ENV) or os.environ.get(STORE_URL_ENV) or DEFAULT_STORE_URL


def _parse_url(text: str) -> URL:
    try:
        url = make_url(text)
    except ArgumentError as error:
        raise StoreError(f"{text}: not a valid store URL (expected e.g. sqlite:///path/store.sqlite3)") from error
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        url = url.set(database=os.path.expanduser(url.database))
    return url


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers (affected) run while a recorder writes; foreign keys make cascades work.

    In WAL mode `synchronous=NORMAL` cannot corrupt the database; a power cut may lose the
    last few commits, which a re-run of `record` restores, for far cheaper commits.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _create_engine(url: URL, shown: str) -> Engine:
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError) as error:
        raise StoreError(f"{shown}: no database driver for this URL ({error})") from error
    except (ArgumentError, ValueError, TypeError) as error:
        raise StoreError(f"{shown}: not a usable store URL ({error})") from error
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_pragmas)
    return engine


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the store at `url` (see `resolve_store_url`); raises StoreError."""
    text = resolve_store_url(url)
    parsed = _parse_url(text)
    shown = parsed.render_as_string(hide_password=True)
    if url is None and text == DEFAULT_STORE_URL and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    store = Store(_create_engine(parsed, shown), shown)
    try:
        with store.errors_named():
            migrate(store.engine, shown)
    except BaseException:
        store.close()
        raise
    return store
