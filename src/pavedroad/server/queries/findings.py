"""The findings list: filters, and keyset pagination on the id (newest first; never OFFSET).

The cursor is the last id of the previous page: the next page is `id < cursor ORDER BY id DESC
LIMIT n`, which an index walks directly however deep the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select

from pavedroad.server.queries.rows import plain_rows
from pavedroad.store.schema import FindingRecord, Project

SUMMARY_COLUMNS = (
    FindingRecord.id,
    Project.name.label("project"),
    FindingRecord.branch,
    FindingRecord.rule_id,
    FindingRecord.tool,
    FindingRecord.analyzer,
    FindingRecord.severity,
    FindingRecord.confidence,
    FindingRecord.title,
    FindingRecord.path,
    FindingRecord.start_line,
    FindingRecord.status,
    FindingRecord.triage_state,
    FindingRecord.suppressed,
    FindingRecord.first_seen_at,
    FindingRecord.last_seen_at,
    FindingRecord.fixed_at,
)


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """What to list; None means any. `text` searches title, message, path and rule id."""

    project_id: int | None = None
    status: str | None = None
    severity: str | None = None
    rule_id: str | None = None
    tool: str | None = None
    triage_state: str | None = None
    text: str | None = None


def _conditions(selection: FindingFilter) -> list[ColumnElement[bool]]:
    equal = {
        FindingRecord.project_id: selection.project_id,
        FindingRecord.status: selection.status,
        FindingRecord.severity: selection.severity,
        FindingRecord.rule_id: selection.rule_id,
        FindingRecord.tool: selection.tool,
        FindingRecord.triage_state: selection.triage_state,
    }
    conditions = [column == value for column, value in equal.items() if value is not None]
    if selection.text:
        # autoescape: a user's % or _ is matched literally, not as a wildcard.
        conditions.append(
            or_(
                *(
                    column.icontains(selection.text, autoescape=True)
                    for column in (
                        FindingRecord.title,
                        FindingRecord.message,
                        FindingRecord.path,
                        FindingRecord.rule_id,
                    )
                )
            )
        )
    return conditions


@dataclass(frozen=True, slots=True)
class FindingPage:
    """One page and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: int | None


def list_findings(connection: Connection, selection: FindingFilter, before: int | None, limit: int) -> FindingPage:
    """Up to `limit` findings matching `selection` with ids below `before`, newest first."""
    query = (
        select(*SUMMARY_COLUMNS)
        .join(Project, Project.id == FindingRecord.project_id)
        .where(*_conditions(selection))
        .order_by(FindingRecord.id.desc())
        .limit(limit + 1)  # one more tells whether a next page exists, without counting
    )
    if before is not None:
        query = query.where(FindingRecord.id < before)
    rows = plain_rows(connection, query)
    more = len(rows) > limit
    items = rows[:limit]
    return FindingPage(items, items[-1]["id"] if more else None)
