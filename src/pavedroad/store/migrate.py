"""Bringing a store's schema up to date with Alembic, on open.

The common case — a store already at the newest revision — costs one small query and never
imports Alembic. A store made by pavedroad before migrations existed (schema version 1 in
`store_info`, no `alembic_version`) is stamped as revision 0001 and upgraded from there.
SQLite rebuilds a table to change its constraints, so foreign keys are switched off around
the migration there (otherwise dropping the old table would cascade) and checked after.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from pavedroad.store.errors import StoreError
from pavedroad.store.revision import HEAD_REVISION, KNOWN_REVISIONS

VERSION_TABLE = "alembic_version"
MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(connection: Connection) -> str | None:
    """The store's Alembic revision; "0001" for a pre-migration store; None when empty."""
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE in tables:
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return str(found) if found else None
    if "store_info" in tables:
        return "0001"
    if tables:
        raise StoreError("this database is not a pavedroad store (it has other tables)")
    return None


def _upgrade(connection: Connection, revision: str | None) -> None:
    # Imported only when a migration is due: opening a current store never loads Alembic.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    if revision is not None and not set(inspect(connection).get_table_names()) & {VERSION_TABLE}:
        command.stamp(config, revision)
    command.upgrade(config, "head")


def migrate(engine: Engine, shown: str) -> None:
    """Bring the store at `engine` to HEAD_REVISION; StoreError if it is newer or not a store."""
    with engine.connect() as connection:
        try:
            revision = current_revision(connection)
        except StoreError as error:
            raise StoreError(f"{shown}: {error}") from None
        connection.rollback()
        if revision == HEAD_REVISION:
            return
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise StoreError(
                f"{shown}: store schema revision {revision} is newer than this pavedroad understands ({HEAD_REVISION})"
            )
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # SQLite ignores this pragma inside a transaction
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    # Two processes opening a new store at once: the second waits, then finds it done.
                    connection.execute(text("SELECT pg_advisory_xact_lock(7410221)"))
                    if current_revision(connection) == HEAD_REVISION:
                        return
                _upgrade(connection, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(f"{shown}: migration left rows with broken references; nothing was changed")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
