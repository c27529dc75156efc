"""The response audit log: one JSON line per action considered, appended and fsync'd before moving on."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class AuditLog:
    """Append-only JSON lines; safe to share between playbooks and threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, entry: Mapping[str, Any]) -> None:
        """Write `entry` with the current UTC time first; fields that are None are left out."""
        line = {
            "time": datetime.now(UTC).isoformat(),
            **{key: value for key, value in entry.items() if value is not None},
        }
        data = (json.dumps(line, default=str) + "\n").encode()
        with self._lock:
            # O_APPEND keeps concurrent writers' lines whole; fsync makes the record survive a crash.
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, data)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
