"""PostgreSQL: trigram indexes so the findings list's text search (ILIKE "%text%") uses an index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

`pg_trgm` ships with PostgreSQL but creating an extension needs the privilege to; without it
the search still works, by reading the table, and this migration says so instead of failing.
On other databases this revision changes nothing.
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCHED_COLUMNS = ("title", "message", "path", "rule_id")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    savepoint = bind.begin_nested()
    try:
        bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as error:
        savepoint.rollback()
        logging.getLogger("pavedroad.store").warning("text search will not be indexed: %s", error.orig)
        return
    savepoint.commit()
    for column in SEARCHED_COLUMNS:
        bind.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS ix_findings_{column}_trigram "
                f"ON findings USING gin ({column} gin_trgm_ops)"
            )
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        bind.execute(text(f"DROP INDEX IF EXISTS ix_findings_{column}_trigram"))
