"""The server's handle on the store, opened on first use so the server starts while the database is down.

Until the database answers, every request that needs it fails with a clean 503 and the next
request tries again.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event

from pavedroad.store.connection import Store, open_store


class StoreHolder:
    """Opens the store at `url` once it can; thread-safe."""

    def __init__(self, url: str, sqlite_busy_timeout_ms: int) -> None:
        self.url = url
        self.sqlite_busy_timeout_ms = sqlite_busy_timeout_ms
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The open store; raises StoreError (→ 503) when the database cannot be reached."""
        if self._store is not None:
            return self._store
        with self._lock:
            if self._store is None:
                store = open_store(self.url)
                if store.engine.dialect.name == "sqlite":
                    self._limit_sqlite_wait(store)
                self._store = store
        return self._store

    def _limit_sqlite_wait(self, store: Store) -> None:
        # Registered after the store's own pragmas, so this timeout wins: a request waits at
        # most this long for another writer, then answers 503 instead of hanging.
        timeout = int(self.sqlite_busy_timeout_ms)

        def set_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout={timeout}")
            finally:
                cursor.close()

        event.listen(store.engine, "connect", set_busy_timeout)
        store.engine.dispose()  # connections made while migrating had the old timeout

    def close(self) -> None:
        """Release the database connections."""
        if self._store is not None:
            self._store.close()
            self._store = None
