"""The inventory store: recorded component inventories, `affected` queries and rechecks.

SQLAlchemy 2 over SQLite by default (any SQLAlchemy URL works); tables in `schema`.
"""

from pavedroad.store.affected import AffectedRow, affected
from pavedroad.store.connection import (
    DATABASE_URL_ENV,
    DEFAULT_STORE_URL,
    STORE_URL_ENV,
    Store,
    open_store,
    resolve_store_url,
)
from pavedroad.store.errors import InvalidSelectionError, StoreError
from pavedroad.store.recheck import NewlyVulnerable, VulnerablePackage, recheck
from pavedroad.store.recording import record_inventory

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_STORE_URL",
    "STORE_URL_ENV",
    "AffectedRow",
    "InvalidSelectionError",
    "NewlyVulnerable",
    "Store",
    "StoreError",
    "VulnerablePackage",
    "affected",
    "open_store",
    "recheck",
    "record_inventory",
    "resolve_store_url",
]
