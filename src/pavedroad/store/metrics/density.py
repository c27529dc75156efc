"""Vulnerability density: open findings per thousand lines of code, now, per analyzer, and weekly.

Lines of code are each project's latest complete pavedroad scan (non-blank lines, code
languages only); a project never scanned with line counts adds findings but no lines.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from pavedroad.store.metrics.scope import NON_CODE_LANGUAGES, MetricsScope, project_filter
from pavedroad.store.schema import Scan


@dataclass(frozen=True, slots=True)
class Density:
    lines_of_code: int
    open_findings: int
    per_kloc: float | None
    by_analyzer: dict[str, float | None]


def _code_lines(lines_by_language: dict[str, int] | None, fallback: int | None) -> int:
    if lines_by_language:
        return sum(count for language, count in lines_by_language.items() if language not in NON_CODE_LANGUAGES)
    return fallback or 0


def _per_kloc(count: int, lines: int) -> float | None:
    return round(count * 1000 / lines, 3) if lines else None


def lines_history(connection: Connection, scope: MetricsScope) -> dict[int, list[tuple[datetime, int]]]:
    """Each project's lines of code over time, from its complete scans that counted them."""
    query = (
        select(Scan.project_id, Scan.finished_at, Scan.lines_by_language, Scan.lines_of_code)
        .where(Scan.complete.is_(True), Scan.lines_of_code.is_not(None), project_filter(Scan.project_id, scope))
        .order_by(Scan.project_id, Scan.finished_at)
    )
    history: dict[int, list[tuple[datetime, int]]] = {}
    for project_id, finished, by_language, total in connection.execute(query):
        history.setdefault(project_id, []).append((finished, _code_lines(by_language, total)))
    return history


def lines_at(history: dict[int, list[tuple[datetime, int]]], moment: datetime) -> int:
    """Total lines of code of every project as of `moment` (its latest scan until then)."""
    total = 0
    for points in history.values():
        index = bisect_right([when for when, _ in points], moment)
        if index:
            total += points[index - 1][1]
    return total


def current_density(
    by_analyzer: dict[str, int], scope: MetricsScope, history: dict[int, list[tuple[datetime, int]]]
) -> Density:
    """Open findings per KLOC now, overall and per analyzer, from the open counts per analyzer."""
    lines = lines_at(history, scope.now)
    total = sum(by_analyzer.values())
    return Density(
        lines_of_code=lines,
        open_findings=total,
        per_kloc=_per_kloc(total, lines),
        by_analyzer={analyzer: _per_kloc(count, lines) for analyzer, count in sorted(by_analyzer.items())},
    )


def weekly_density(
    open_at_week_end: list[int], week_ends: list[datetime], history: dict[int, list[tuple[datetime, int]]]
) -> list[float | None]:
    """Density at the end of each week: findings open then over the lines of code then."""
    return [_per_kloc(count, lines_at(history, end)) for count, end in zip(open_at_week_end, week_ends, strict=True)]
