"""What a metrics query covers: the projects, the time window cut into weeks, and "now".

Weeks are counted from the window's start in whole 7-day steps, computed in SQL on the
database (one GROUP BY per measure instead of one query per week), with each dialect's way
of turning a timestamp into seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, cast, extract, func, literal, or_, select, true
from sqlalchemy.orm import QueryableAttribute

from pavedroad.store.schema import DISMISSED_STATES, OPEN, FindingRecord, Project

WEEK = timedelta(days=7)
# Defaults a team overrides in `[metrics] sla_days` (days to fix, per severity).
DEFAULT_SLA_DAYS = {"critical": 7, "high": 30, "medium": 90, "low": 180}
# Languages whose lines are prose or data, not code: left out of lines of code for density.
NON_CODE_LANGUAGES = frozenset({"markdown", "text", "restructuredtext", "csv", "json"})


@dataclass(frozen=True, slots=True)
class MetricsScope:
    """A metrics query: `project` None means every project; `weeks` of history up to `now`."""

    now: datetime
    project: str | None = None
    weeks: int = 12
    sla_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))

    @property
    def start(self) -> datetime:
        """The beginning of the first week of the window."""
        return self.now - self.weeks * WEEK

    def week_starts(self) -> list[datetime]:
        return [self.start + index * WEEK for index in range(self.weeks)]


def project_filter(column: QueryableAttribute[Any], scope: MetricsScope) -> ColumnElement[bool]:
    """`column` (a project id) restricted to the scope's project, if it names one."""
    if scope.project is None:
        return true()
    return column.in_(select(Project.id).where(Project.name == scope.project).scalar_subquery())


def week_index(column: QueryableAttribute[Any], scope: MetricsScope, dialect: str) -> ColumnElement[int]:
    """Which week of the window a timestamp falls in (0 = the first); only for rows inside it."""
    seconds = extract("epoch", column) - literal(scope.start.timestamp())
    weeks = seconds / literal(WEEK.total_seconds())
    # PostgreSQL rounds a numeric cast to integer; SQLite truncates (and may lack floor()).
    return cast(func.floor(weeks), Integer) if dialect == "postgresql" else cast(weeks, Integer)


def counts_as_open(now: datetime) -> ColumnElement[bool]:
    """Open risk: open, not dismissed in triage (an accepted risk counts again once it expires),
    and not suppressed inline or in config. Baselined findings count: accepted debt is still debt."""
    dismissed = and_(
        FindingRecord.triage_state.in_(DISMISSED_STATES),
        or_(FindingRecord.triage_expires_at.is_(None), FindingRecord.triage_expires_at > now),
    )
    return and_(
        FindingRecord.status == OPEN,
        ~dismissed,
        or_(FindingRecord.suppressed.is_(None), FindingRecord.suppressed == "baseline"),
    )
