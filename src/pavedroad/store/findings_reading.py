"""A project's open findings as Finding objects again, with triage applied.

A finding dismissed in triage (false positive, mitigated, an accepted risk until it expires)
comes back suppressed, so everything that judges findings — compliance posture, the gate —
treats it as the team decided.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from pavedroad.core.findings import Finding, Suppression
from pavedroad.report.json_reading import finding_from_dict
from pavedroad.store.connection import Store
from pavedroad.store.errors import StoreError
from pavedroad.store.schema import DISMISSED_STATES, OPEN, FindingRecord, Project


def open_findings(store: Store, project: str, now: datetime, branch: str | None = None) -> list[Finding]:
    """Every open finding of `project` (on `branch`, else on every branch); StoreError if unknown."""
    with store.transaction() as connection:
        project_id = connection.execute(select(Project.id).where(Project.name == project)).scalar()
        if project_id is None:
            raise StoreError(f"{store.url}: no project {project!r} in the store")
        query = select(
            FindingRecord.data,
            FindingRecord.triage_state,
            FindingRecord.triage_justification,
            FindingRecord.triage_expires_at,
        ).where(FindingRecord.project_id == project_id, FindingRecord.status == OPEN)
        if branch is not None:
            query = query.where(FindingRecord.branch == branch)
        rows = connection.execute(query.order_by(FindingRecord.id)).all()
    findings = []
    for data, state, justification, expires in rows:
        finding = finding_from_dict(data)
        if state in DISMISSED_STATES and (expires is None or expires > now):
            reason = justification or ""
            finding = replace(finding, suppression=Suppression(f"triage:{state}", reason, _date(expires)))
        findings.append(finding)
    return findings


def _date(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment else None
