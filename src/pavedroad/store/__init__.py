"""The inventory store: recorded component inventories, `affected` queries and rechecks.

SQLAlchemy 2 over SQLite by default (any SQLAlchemy URL works); tables in `schema`.
Recording and rechecks are imported on first use: `pavedroad affected` answers in a
zero-day and must load neither the ORM nor the vulnerability matcher (nor SQLAlchemy,
on SQLite: see `open_for_reading`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pavedroad.store.affected import AffectedRow, affected
from pavedroad.store.connection import (
    DATABASE_URL_ENV,
    DEFAULT_STORE_URL,
    STORE_URL_ENV,
    SqliteReader,
    Store,
    open_for_reading,
    open_store,
    resolve_store_url,
)
from pavedroad.store.errors import InvalidSelectionError, StoreError

if TYPE_CHECKING:
    from pavedroad.store.recheck import NewlyVulnerable, VulnerablePackage, recheck
    from pavedroad.store.recording import record_inventory

_LAZY_EXPORTS = {
    "NewlyVulnerable": "pavedroad.store.recheck",
    "VulnerablePackage": "pavedroad.store.recheck",
    "recheck": "pavedroad.store.recheck",
    "record_inventory": "pavedroad.store.recording",
}

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_STORE_URL",
    "STORE_URL_ENV",
    "AffectedRow",
    "InvalidSelectionError",
    "NewlyVulnerable",
    "SqliteReader",
    "Store",
    "StoreError",
    "VulnerablePackage",
    "affected",
    "open_for_reading",
    "open_store",
    "recheck",
    "record_inventory",
    "resolve_store_url",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY_EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(_LAZY_EXPORTS[name])
    # Bind every export of that module now: importing the submodule `recheck` has just set
    # this package's `recheck` attribute to the module, and callers want the function.
    globals().update(
        {export: getattr(module, export) for export, home in _LAZY_EXPORTS.items() if home == module.__name__}
    )
    return globals()[name]
