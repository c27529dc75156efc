"""Alembic environment: migrations run on the connection pavedroad opened (see store/migrate.py).

Run by hand with `alembic -c src/pavedroad/store/migrations/alembic.ini -x url=URL upgrade head`
when a DBA wants to migrate outside pavedroad; otherwise opening the store migrates it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from pavedroad.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database with -x url=URL")
    with create_engine(url).begin() as opened:
        _run(opened)
