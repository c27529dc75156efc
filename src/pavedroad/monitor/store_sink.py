"""An AlertSink that keeps alerts in the findings store, where the dashboard shows them."""

from __future__ import annotations

from datetime import UTC, datetime

from pavedroad.monitor.model import Alert
from pavedroad.store import Store
from pavedroad.store.alerts import record_alert


class StoredAlerts:
    """Writes each alert to the store in its own transaction (alerts are few; losing none matters)."""

    name = "store"

    def __init__(self, store: Store, project: str | None = None) -> None:
        self.store = store
        self.project = project
        self.new = 0
        self.updated = 0

    def send(self, alert: Alert) -> None:
        if record_alert(self.store, alert.to_dict(), datetime.now(UTC), self.project):
            self.new += 1
        else:
            self.updated += 1

    def close(self) -> None:
        self.store.close()
