"""Findings: the filtered list (keyset pages), one finding with its history, and triage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import AwareDatetime, BaseModel, Field

from pavedroad.server.api.common import (
    NO_NUL,
    Cursor,
    EmptyAsNone,
    Limit,
    OptionalProject,
    OptionalText,
    RecordId,
    optional_project_id,
    store_of,
)
from pavedroad.server.queries.finding_detail import finding_detail, finding_exists
from pavedroad.server.queries.findings import FindingFilter, FindingPage, list_findings
from pavedroad.server.security.authorization import current_principal
from pavedroad.server.security.roles import API
from pavedroad.store.schema import utc_now
from pavedroad.store.triage import TriageDecision, triage_finding

router = APIRouter(prefix=API, tags=["findings"])

Status = Literal["open", "fixed"]
SeverityName = Literal["critical", "high", "medium", "low", "info"]
TriageState = Literal["untriaged", "confirmed", "false_positive", "accepted_risk", "mitigated"]


@dataclass(frozen=True, slots=True)
class FindingQuery:
    """The findings list's parameters, shared by the API and the dashboard page."""

    project: str | None
    status: str | None
    severity: str | None
    rule: str | None
    tool: str | None
    triage_state: str | None
    q: str | None
    cursor: int | None
    limit: int


def finding_query(
    project: OptionalProject = None,
    status: Annotated[Status | None, EmptyAsNone] = None,
    severity: Annotated[SeverityName | None, EmptyAsNone] = None,
    rule: OptionalText = None,
    tool: OptionalText = None,
    triage_state: Annotated[TriageState | None, EmptyAsNone] = None,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Text in title, message, path or rule.")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> FindingQuery:
    """The list's query parameters (a dependency, so both surfaces validate them alike)."""
    return FindingQuery(project, status, severity, rule, tool, triage_state, q or None, cursor, limit)


def findings_page(request: Request, query: FindingQuery) -> FindingPage:
    """The page of findings `query` asks for (404 for an unknown project)."""
    with store_of(request).transaction() as connection:
        selection = FindingFilter(
            project_id=optional_project_id(connection, query.project),
            status=query.status,
            severity=query.severity,
            rule_id=query.rule,
            tool=query.tool,
            triage_state=query.triage_state,
            text=query.q,
        )
        return list_findings(connection, selection, query.cursor, query.limit)


@router.get("/findings", summary="Findings, newest first, filtered")
def get_findings(request: Request, query: Annotated[FindingQuery, Depends(finding_query)]) -> dict[str, Any]:
    """A page of findings; pass `next_cursor` back as `cursor` for the next (null on the last page)."""
    page = findings_page(request, query)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/findings/{finding_id}", summary="One finding with trace, fix and history")
def get_finding(request: Request, finding_id: RecordId) -> dict[str, Any]:
    """The finding (`data` holds its public JSON form with trace and fix), the scans that saw it,
    its severity changes and its audit trail."""
    with store_of(request).transaction() as connection:
        detail = finding_detail(connection, finding_id)
    if detail is None:
        raise HTTPException(404, f"no finding {finding_id}")
    return detail


class TriageRequest(BaseModel):
    """A triage decision. false_positive and mitigated need a justification; accepted_risk
    also needs an owner and a future expiry."""

    state: TriageState
    justification: str | None = Field(default=None, max_length=4000, pattern=NO_NUL)
    owner: str | None = Field(default=None, max_length=255, pattern=NO_NUL)
    expires_at: AwareDatetime | None = None


@router.post("/findings/{finding_id}/triage", summary="Triage a finding (triager or admin)")
def post_triage(request: Request, finding_id: RecordId, decision: TriageRequest) -> dict[str, Any]:
    """Apply the decision and record it in the finding's audit trail; returns the new triage state."""
    actor = current_principal(request).name
    return apply_triage(request, finding_id, decision, actor)


def apply_triage(request: Request, finding_id: int, decision: TriageRequest, actor: str) -> dict[str, Any]:
    """Shared by the API and the dashboard form: 404 for no finding, 422 for a broken rule."""
    with store_of(request).transaction() as connection:
        if not finding_exists(connection, finding_id):
            raise HTTPException(404, f"no finding {finding_id}")
    triage = TriageDecision(decision.state, actor, decision.justification, decision.owner, decision.expires_at)
    return triage_finding(store_of(request), finding_id, triage, utc_now())
