"""The KPIs a security programme is judged by, computed from the findings store.

`compute_metrics` runs a handful of aggregate queries (each a GROUP BY on the database, so the
cost grows with the number of weeks and severities, not with the number of findings, except
for MTTR percentiles, which read one duration per finding fixed in the window).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text

from pavedroad.store.connection import Store
from pavedroad.store.metrics.delivery import (
    GateWeek,
    deployments_per_week,
    gate_runs_per_week,
    tag_deployments_per_week,
)
from pavedroad.store.metrics.density import Density, current_density, lines_history, weekly_density
from pavedroad.store.metrics.remediation import (
    Durations,
    OpenAges,
    new_and_fixed_per_week,
    open_ages,
    open_before,
    time_to_remediation,
)
from pavedroad.store.metrics.scope import DEFAULT_SLA_DAYS, WEEK, MetricsScope

__all__ = ["DEFAULT_SLA_DAYS", "Metrics", "MetricsScope", "WeekMetrics", "compute_metrics"]


@dataclass(frozen=True, slots=True)
class WeekMetrics:
    """One week of the trend."""

    week_start: datetime
    new: int
    fixed: int
    open_at_end: int
    density_per_kloc: float | None
    gate_runs: int
    gate_failed: int
    gate_would_fail: int
    gate_failure_rate: float | None
    deployments: int


@dataclass(frozen=True, slots=True)
class Metrics:
    """Every KPI for one scope."""

    scope: MetricsScope
    time_to_remediation: dict[str, Durations]
    open: OpenAges
    density: Density
    weeks: list[WeekMetrics]

    @property
    def security_build_failure_rate(self) -> float | None:
        runs = sum(week.gate_runs for week in self.weeks)
        return round(sum(week.gate_failed for week in self.weeks) / runs, 4) if runs else None

    @property
    def deployments_per_week(self) -> float:
        return round(sum(week.deployments for week in self.weeks) / max(1, len(self.weeks)), 2)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON form (`pavedroad metrics --format json` and the API)."""
        return {
            "schema_version": 1,
            "generated_at": self.scope.now.isoformat(),
            "project": self.scope.project,
            "window_weeks": self.scope.weeks,
            "sla_days": dict(self.scope.sla_days),
            "time_to_remediation_days": {key: asdict(value) for key, value in self.time_to_remediation.items()},
            "open_by_severity": self.open.open_by_severity,
            "open_by_age": self.open.by_band,
            "sla_breaches": self.open.sla_breaches,
            "density": asdict(self.density),
            "security_build_failure_rate": self.security_build_failure_rate,
            "deployments_per_week": self.deployments_per_week,
            "weeks": [{**asdict(week), "week_start": week.week_start.isoformat()} for week in self.weeks],
        }


def compute_metrics(
    store: Store, scope: MetricsScope, *, tags: list[tuple[str, str]] | None = None, tag_pattern: str | None = None
) -> Metrics:
    """Every KPI for `scope`. Deployments come from recorded events, plus git `tags` matching
    `tag_pattern` when both are given.

    On a database server, time to remediation (a sort of every duration fixed in the window, the
    costliest query) runs on a second connection while this one computes the rest: a server has
    cores to spare, and the two read the same committed data (KPIs need no single snapshot).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        on_server = store.engine.dialect.name == "postgresql"
        pending = pool.submit(_remediation_on_its_own_connection, store, scope) if on_server else None
        with store.transaction() as connection:
            ages = open_ages(connection, scope)
            history = lines_history(connection, scope)
            density = current_density(ages.open_by_analyzer, scope, history)
            weekly_counts = new_and_fixed_per_week(connection, scope)
            still_open = open_before(connection, scope)
            gates = gate_runs_per_week(connection, scope)
            deployments = deployments_per_week(connection, scope)
            remediation = pending.result() if pending is not None else time_to_remediation(connection, scope)
    if tags and tag_pattern:
        from_tags = tag_deployments_per_week(tags, tag_pattern, scope)
        deployments = [event + tag for event, tag in zip(deployments, from_tags, strict=True)]
    open_at_end = []
    for new, fixed in weekly_counts:
        still_open += new - fixed
        open_at_end.append(still_open)
    starts = scope.week_starts()
    densities = weekly_density(open_at_end, [start + WEEK for start in starts], history)
    weeks = [
        _week(start, counts, open_count, density, gate, deployed)
        for start, counts, open_count, density, gate, deployed in zip(
            starts, weekly_counts, open_at_end, densities, gates, deployments, strict=True
        )
    ]
    return Metrics(scope, remediation, ages, density, weeks)


def _remediation_on_its_own_connection(store: Store, scope: MetricsScope) -> dict[str, Durations]:
    with store.transaction() as connection:
        # The percentiles sort every duration in the window; let that sort stay in memory.
        connection.execute(text("SET LOCAL work_mem = '64MB'"))
        return time_to_remediation(connection, scope)


def _week(
    start: datetime, counts: tuple[int, int], open_count: int, density: float | None, gate: GateWeek, deployed: int
) -> WeekMetrics:
    return WeekMetrics(
        week_start=start,
        new=counts[0],
        fixed=counts[1],
        open_at_end=open_count,
        density_per_kloc=density,
        gate_runs=gate.runs,
        gate_failed=gate.failed,
        gate_would_fail=gate.would_fail,
        gate_failure_rate=gate.failure_rate,
        deployments=deployed,
    )
