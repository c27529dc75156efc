"""How fast findings are fixed and how old the open ones are: MTTR, age bands, SLA breaches,
and new versus fixed per week."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, extract, func, literal, select

from pavedroad.store.metrics.scope import MetricsScope, counts_as_open, project_filter, week_index
from pavedroad.store.schema import FIXED, FindingRecord

DAY_SECONDS = 86_400.0
SEVERITIES = ("critical", "high", "medium", "low", "info")
# (label, lower bound in days inclusive); a finding belongs to the last band it reaches.
AGE_BANDS = (("0-7 days", 0), ("8-30 days", 8), ("31-90 days", 31), ("91-365 days", 91), ("over 365 days", 366))


@dataclass(frozen=True, slots=True)
class Durations:
    """Time to remediation of a set of fixed findings, in days."""

    count: int
    mean: float | None
    p50: float | None
    p90: float | None

    @classmethod
    def of(cls, days: list[float]) -> Durations:
        if not days:
            return cls(0, None, None, None)
        ordered = sorted(days)
        return cls(len(ordered), statistics.fmean(ordered), _percentile(ordered, 0.5), _percentile(ordered, 0.9))


def _percentile(ordered: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (what PostgreSQL's percentile_cont does)."""
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def time_to_remediation(connection: Connection, scope: MetricsScope) -> dict[str, Durations]:
    """MTTR with percentiles for findings fixed in the window: "overall" and per severity.

    PostgreSQL computes the percentiles itself (percentile_cont, one pass, nothing shipped to
    Python); elsewhere the durations are read and `_percentile` interpolates the same way.
    """
    days = (extract("epoch", FindingRecord.fixed_at) - extract("epoch", FindingRecord.first_seen_at)) / DAY_SECONDS
    fixed_in_window = (
        FindingRecord.status == FIXED,
        FindingRecord.fixed_at >= scope.start,
        project_filter(FindingRecord.project_id, scope),
    )
    if connection.dialect.name == "postgresql":
        return _aggregated_in_database(connection, days, fixed_in_window)
    by_severity: dict[str, list[float]] = {}
    for severity, elapsed in connection.execute(select(FindingRecord.severity, days).where(*fixed_in_window)):
        by_severity.setdefault(severity, []).append(float(elapsed))
    everything = [value for values in by_severity.values() for value in values]
    result = {"overall": Durations.of(everything)}
    result.update({severity: Durations.of(by_severity.get(severity, [])) for severity in SEVERITIES})
    return result


def _aggregated_in_database(
    connection: Connection, days: ColumnElement[Any], where: tuple[ColumnElement[bool], ...]
) -> dict[str, Durations]:
    from sqlalchemy.dialects.postgresql import array

    # Both percentiles from one sort per group (an array of fractions), not one sort each.
    query = (
        select(
            FindingRecord.severity,
            func.count(),
            func.avg(days),
            func.percentile_cont(array([0.5, 0.9])).within_group(days),
        )
        .where(*where)
        .group_by(func.rollup(FindingRecord.severity))
    )
    result = {key: Durations(0, None, None, None) for key in ("overall", *SEVERITIES)}
    for severity, count, mean, percentiles in connection.execute(query):
        if count:  # ROLLUP's total row exists (with NULLs) even when nothing was fixed
            p50, p90 = percentiles
            result[severity or "overall"] = Durations(int(count), float(mean), float(p50), float(p90))
    return result


@dataclass(frozen=True, slots=True)
class OpenAges:
    """Open findings by severity and age band, and how many are past their SLA."""

    by_band: dict[str, dict[str, int]]  # band → severity → count
    sla_breaches: dict[str, int]  # severity → count past its SLA
    open_by_severity: dict[str, int]
    open_by_analyzer: dict[str, int]


def open_ages(connection: Connection, scope: MetricsScope) -> OpenAges:
    """One GROUP BY over open findings: by severity, age band, SLA breach and analyzer (the
    density per analyzer reads the same counts, so the open findings are read once)."""
    age_days = (literal(scope.now.timestamp()) - extract("epoch", FindingRecord.first_seen_at)) / DAY_SECONDS
    band = case(*((age_days >= lower, label) for label, lower in reversed(AGE_BANDS[1:])), else_=AGE_BANDS[0][0])
    sla = case(
        *((FindingRecord.severity == severity, days) for severity, days in scope.sla_days.items()),
        else_=None,
    )
    breach = case((age_days > sla, 1), else_=0)
    query = (
        select(FindingRecord.severity, band.label("band"), breach.label("breach"), FindingRecord.analyzer, func.count())
        .where(counts_as_open(scope.now), project_filter(FindingRecord.project_id, scope))
        .group_by(FindingRecord.severity, band, breach, FindingRecord.analyzer)
    )
    by_band: dict[str, dict[str, int]] = {label: {} for label, _ in AGE_BANDS}
    breaches = dict.fromkeys(scope.sla_days, 0)
    open_by_severity = dict.fromkeys(SEVERITIES, 0)
    open_by_analyzer: dict[str, int] = {}
    for severity, label, breached, analyzer, count in connection.execute(query):
        by_band[label][severity] = by_band[label].get(severity, 0) + count
        open_by_severity[severity] = open_by_severity.get(severity, 0) + count
        open_by_analyzer[analyzer] = open_by_analyzer.get(analyzer, 0) + count
        if breached:
            breaches[severity] = breaches.get(severity, 0) + count
    return OpenAges(by_band, breaches, open_by_severity, open_by_analyzer)


def new_and_fixed_per_week(connection: Connection, scope: MetricsScope) -> list[tuple[int, int]]:
    """(new, fixed) for each week of the window."""
    dialect = connection.dialect.name
    weekly = [[0, 0] for _ in range(scope.weeks)]
    for slot, column in enumerate((FindingRecord.first_seen_at, FindingRecord.fixed_at)):
        week = week_index(column, scope, dialect)
        query = (
            select(week, func.count())
            .where(column >= scope.start, column < scope.now, project_filter(FindingRecord.project_id, scope))
            .group_by(week)
        )
        for index, count in connection.execute(query):
            if 0 <= index < scope.weeks:
                weekly[index][slot] += count
    return [(new, fixed) for new, fixed in weekly]


def open_before(connection: Connection, scope: MetricsScope) -> int:
    """Findings open at the window's start: first seen before it, minus those fixed before it
    (a fix implies an earlier first sighting). Two counts on indexed columns instead of a scan."""
    in_scope = project_filter(FindingRecord.project_id, scope)
    seen = select(func.count()).where(FindingRecord.first_seen_at < scope.start, in_scope)
    fixed = select(func.count()).where(FindingRecord.fixed_at < scope.start, in_scope)
    return int(connection.execute(seen).scalar_one()) - int(connection.execute(fixed).scalar_one())
