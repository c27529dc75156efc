"""Deployment events: the denominator of "how often do we ship" (deployment frequency)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert

from pavedroad.store.connection import Store
from pavedroad.store.recording import project_id_for
from pavedroad.store.schema import Deployment


@dataclass(frozen=True, slots=True)
class DeploymentEvent:
    project: str
    deployed_at: datetime
    environment: str = "production"
    version: str | None = None
    commit: str | None = None
    source: str = "event"


def record_deployment(store: Store, event: DeploymentEvent) -> int:
    """Store one deployment (the project is created if new); returns its id."""
    with store.transaction() as connection:
        project_id = project_id_for(connection, event.project, None, event.deployed_at)
        statement = insert(Deployment).values(
            project_id=project_id,
            deployed_at=event.deployed_at,
            environment=event.environment,
            version=event.version,
            commit_sha=event.commit,
            source=event.source,
        )
        return int(connection.execute(statement.returning(Deployment.id)).scalar_one())
