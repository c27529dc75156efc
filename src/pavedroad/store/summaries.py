"""Per-project summaries: open risk by severity, kept on the project row.

Counting a project's open findings is an indexed GROUP BY; counting every project's on each
dashboard view is not (a million findings). So the counts are refreshed for one project
whenever something changes them — a recorded scan, a triage decision — and read as stored.
Time alone changes them too (an accepted risk expires), so a summary older than
SUMMARY_MAX_AGE is recomputed when it is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select, update

from pavedroad.store.metrics.remediation import SEVERITIES
from pavedroad.store.metrics.scope import counts_as_open
from pavedroad.store.schema import FindingRecord, Project

SUMMARY_MAX_AGE = timedelta(hours=1)


def count_open(connection: Connection, project_id: int, now: datetime) -> dict[str, int]:
    """A project's open-risk findings per severity, counted now."""
    query = (
        select(FindingRecord.severity, func.count())
        .where(FindingRecord.project_id == project_id, counts_as_open(now))
        .group_by(FindingRecord.severity)
    )
    counts = dict.fromkeys(SEVERITIES, 0)
    for severity, count in connection.execute(query):
        counts[severity] = int(count)
    return counts


def refresh_summary(connection: Connection, project_id: int, now: datetime) -> dict[str, int]:
    """Recount a project's open findings and store the counts on the project; returns them."""
    counts = count_open(connection, project_id, now)
    connection.execute(
        update(Project).where(Project.id == project_id).values(open_counts=counts, summary_updated_at=now)
    )
    return counts


def current_summaries(connection: Connection, project_ids: Iterable[int], now: datetime) -> dict[int, dict[str, int]]:
    """The open counts of each project, refreshing the missing and the stale ones first."""
    wanted = list(project_ids)
    rows = connection.execute(
        select(Project.id, Project.open_counts, Project.summary_updated_at).where(Project.id.in_(wanted))
    ).all()
    summaries: dict[int, dict[str, int]] = {}
    for project_id, counts, updated in rows:
        if counts is not None and updated is not None and now - updated < SUMMARY_MAX_AGE:
            summaries[project_id] = dict(counts)
        else:
            summaries[project_id] = refresh_summary(connection, project_id, now)
    return summaries
