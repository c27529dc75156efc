"""Monitoring alerts kept with the findings: one row per alert id, repeats update it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from pavedroad.store.connection import Store
from pavedroad.store.recording import project_id_for
from pavedroad.store.schema import AlertRecord


def record_alert(store: Store, alert: dict[str, Any], received_at: datetime, project: str | None = None) -> bool:
    """Store an alert in its public form (`Alert.to_dict()`); True when it is new.

    An alert id is stable for a rule, entity and window start, so a replayed or re-sent alert
    updates its row (count, window end, evidence) instead of adding one.
    """
    values = {
        "rule_id": alert["rule_id"],
        "title": alert["title"],
        "severity": alert["severity"],
        "entity": alert["entity"],
        "window_start": datetime.fromisoformat(alert["window_start"]),
        "window_end": datetime.fromisoformat(alert["window_end"]),
        "count": int(alert["count"]),
        "received_at": received_at,
        "data": alert,
    }
    with store.transaction() as connection:
        if project is not None:
            values["project_id"] = project_id_for(connection, project, None, received_at)
        exists = connection.execute(select(AlertRecord.id).where(AlertRecord.id == alert["id"])).first()
        if exists is None:
            connection.execute(insert(AlertRecord).values(id=alert["id"], **values))
            return True
        connection.execute(update(AlertRecord).where(AlertRecord.id == alert["id"]).values(**values))
        return False
