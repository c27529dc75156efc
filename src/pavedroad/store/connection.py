"""Opening the store: which URL, SQLite set-up (WAL), creating tables, and one-line errors.

Any SQLAlchemy URL works; SQLite is the default, at `$PAVEDROAD_DATABASE_URL` or
`~/.local/share/pavedroad/store.sqlite3`. Every database error leaving this package is a
StoreError naming the store (password hidden), so the CLI can print one line and exit 2.

SQLAlchemy is imported only when a `Store` is opened: importing it takes about as long as
the 100 ms a one-shot `affected` may take in all. So read-only queries are written as plain
SQL (`reading()`), run through the standard library's sqlite3 on a current SQLite store
(`open_for_reading`) and through SQLAlchemy everywhere else.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from pavedroad.store.errors import StoreError
from pavedroad.store.revision import HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

DATABASE_URL_ENV = "PAVEDROAD_DATABASE_URL"
STORE_URL_ENV = "PAVEDROAD_STORE_URL"  # the name before the findings store; still honoured
DEFAULT_STORE_URL = "sqlite:///~/.local/share/pavedroad/store.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# The plain-SQL fast path reads only a store at the newest revision; any other store is opened
# through `open_store`, which migrates it first. (The tests compare both paths' rows.)
READER_REVISION = HEAD_REVISION

Rows = list[tuple[Any, ...]]
# Runs one SELECT with `:name` parameters; every read in one `reading()` sees the same snapshot.
Fetch = Callable[[str, Mapping[str, Any]], Rows]


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
    def reading(self) -> Iterator[Fetch]:
        """Plain-SQL reads (`:name` parameters) in one transaction, as `SqliteReader.reading` runs them."""
        from sqlalchemy import text

        with self.transaction() as connection:
            yield lambda sql, parameters: [tuple(row) for row in connection.execute(text(sql), parameters)]

    @contextmanager
    def errors_named(self) -> Iterator[None]:
        """SQLAlchemy errors inside become a StoreError naming the store."""
        from sqlalchemy.exc import SQLAlchemyError

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


def _reason(error: Exception) -> str:
    """The driver's own message, without SQLAlchemy's multi-line SQL and help-link appendix."""
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error).strip().splitlines()
    return text[0] if text else type(error).__name__


def resolve_store_url(url: str | None = None) -> str:
    """The URL to use: the one given, else `$PAVEDROAD_DATABASE_URL` (or `$PAVEDROAD_STORE_URL`), else
    the default SQLite file."""
    return url or os.environ.get(DATABASE_URL_ENV) or os.environ.get(STORE_URL_ENV) or DEFAULT_STORE_URL


def _parse_url(text: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

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
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

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
    from pavedroad.store.migrate import migrate

    text = resolve_store_url(url)
    parsed = _parse_url(text)
    shown = parsed.render_as_string(hide_password=True)
    if url is None and text == DEFAULT_STORE_URL and parsed.database:
        os.makedirs(os.path.dirname(parsed.database), exist_ok=True)  # the default is ~/...: never ""
    store = Store(_create_engine(parsed, shown), shown)
    try:
        with store.errors_named():
            migrate(store.engine, shown)
    except BaseException:
        store.close()
        raise
    return store


class ReadableStore(Protocol):
    """What a read-only query needs: plain-SQL reads in one snapshot, and the URL to name."""

    url: str

    def reading(self) -> AbstractContextManager[Fetch]:
        """See `Store.reading`."""
        ...


class SqliteReader:
    """A current SQLite store read through sqlite3 alone: no SQLAlchemy, no migration check
    beyond one query. Made by `open_for_reading`; never writes."""

    def __init__(self, connection: sqlite3.Connection, url: str) -> None:
        self._connection = connection
        self.url = url

    @contextmanager
    def reading(self) -> Iterator[Fetch]:
        """Plain-SQL reads in one read transaction (one WAL snapshot); errors become StoreError."""
        try:
            self._connection.execute("BEGIN")
            try:
                yield lambda sql, parameters: self._connection.execute(sql, parameters).fetchall()
            finally:
                self._connection.rollback()
        except sqlite3.Error as error:
            raise StoreError(f"{self.url}: {_reason(error)}") from error

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


# `sqlite:///PATH` with a path SQLAlchemy neither unquotes nor renders quoted; any other URL
# (a query string, `:memory:`, percent escapes...) takes the ordinary path.
_PLAIN_SQLITE_URL = re.compile(r"sqlite(?:\+pysqlite)?:///(?P<path>[A-Za-z0-9_ ./~+-]+)")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./+-]+")  # also needs no quoting in a `file:` URI


def _open_current_sqlite(text: str) -> SqliteReader | None:
    """A reader for an existing SQLite store at READER_REVISION; None when anything differs."""
    found = _PLAIN_SQLITE_URL.fullmatch(text)
    if found is None:
        return None
    path = os.path.expanduser(found["path"])
    if not _PLAIN_PATH.fullmatch(path) or not os.path.isfile(path):
        return None
    try:
        # mode=rw: never create a file here; isolation_level=None: `reading()` opens its own transaction.
        uri = f"file:{os.path.abspath(path)}?mode=rw"
        connection = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        revision = []  # not a store, damaged, or from before migrations: open_store says which
    if revision != [(READER_REVISION,)]:
        connection.close()
        return None
    return SqliteReader(connection, f"sqlite:///{path}")


def open_for_reading(url: str | None = None) -> SqliteReader | Store:
    """The store at `url` (see `resolve_store_url`) for read-only plain-SQL queries.

    An existing SQLite store at READER_REVISION is read through sqlite3 alone, which starts
    in a few milliseconds; anything else (another database, a store to create or migrate,
    a file that is not a store) is opened by `open_store`, with its checks and errors.
    """
    reader = _open_current_sqlite(resolve_store_url(url))
    return reader if reader is not None else open_store(url)
