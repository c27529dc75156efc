"""Delivery measures: security build-failure rate per week and deployment frequency.

A security build failure is a recorded gate run that failed on policy in enforce mode; runs
in monitor mode that would have failed are counted separately ("would fail"), so a team can
see what enforce mode would cost before switching it on. Deployments come from `pavedroad
event deploy` records, or from git tags matching a pattern when a repository is given.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from pavedroad.store.metrics.scope import WEEK, MetricsScope, project_filter, week_index
from pavedroad.store.schema import Deployment, Scan


@dataclass(frozen=True, slots=True)
class GateWeek:
    runs: int
    failed: int
    would_fail: int

    @property
    def failure_rate(self) -> float | None:
        return round(self.failed / self.runs, 4) if self.runs else None


def gate_runs_per_week(connection: Connection, scope: MetricsScope) -> list[GateWeek]:
    """Recorded gate outcomes per week of the window."""
    week = week_index(Scan.finished_at, scope, connection.dialect.name)
    query = (
        select(week, Scan.gate_outcome, func.count())
        .where(
            Scan.gate_outcome.is_not(None),
            Scan.finished_at >= scope.start,
            Scan.finished_at < scope.now,
            project_filter(Scan.project_id, scope),
        )
        .group_by(week, Scan.gate_outcome)
    )
    counts = [[0, 0, 0] for _ in range(scope.weeks)]
    for index, outcome, count in connection.execute(query):
        if 0 <= index < scope.weeks:
            counts[index][0] += count
            counts[index][1] += count if outcome == "failed" else 0
            counts[index][2] += count if outcome == "would_fail" else 0
    return [GateWeek(*week_counts) for week_counts in counts]


def deployments_per_week(connection: Connection, scope: MetricsScope) -> list[int]:
    """Recorded deployments per week of the window."""
    week = week_index(Deployment.deployed_at, scope, connection.dialect.name)
    query = (
        select(week, func.count())
        .where(
            Deployment.deployed_at >= scope.start,
            Deployment.deployed_at < scope.now,
            project_filter(Deployment.project_id, scope),
        )
        .group_by(week)
    )
    weekly = [0] * scope.weeks
    for index, count in connection.execute(query):
        if 0 <= index < scope.weeks:
            weekly[index] += count
    return weekly


def tag_deployments_per_week(tags: list[tuple[str, str]], pattern: str, scope: MetricsScope) -> list[int]:
    """Deployments per week from git tags (name, ISO date) whose name matches the glob `pattern`."""
    weekly = [0] * scope.weeks
    for name, date in tags:
        if not fnmatch.fnmatchcase(name, pattern):
            continue
        moment = datetime.fromisoformat(date)
        if scope.start <= moment < scope.now:
            weekly[min(int((moment - scope.start) / WEEK), scope.weeks - 1)] += 1
    return weekly
