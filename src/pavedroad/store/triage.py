"""Triage: the team's verdict on a finding, with an audit event for every change.

States: untriaged, confirmed, false_positive, accepted_risk, mitigated. An accepted risk
needs a justification, an owner and an expiry date (after which the finding counts as open
risk again); a false positive or mitigation needs a justification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from pavedroad.store.connection import Store
from pavedroad.store.errors import StoreError
from pavedroad.store.schema import TRIAGE_STATES, AuditEvent, FindingRecord
from pavedroad.store.summaries import refresh_summary

NEEDS_JUSTIFICATION = ("false_positive", "accepted_risk", "mitigated")


class TriageError(StoreError):
    """A triage request that breaks the rules (unknown state, missing justification, no such finding)."""


@dataclass(frozen=True, slots=True)
class TriageDecision:
    state: str
    actor: str
    justification: str | None = None
    owner: str | None = None
    expires_at: datetime | None = None


def _check(decision: TriageDecision, now: datetime) -> None:
    if decision.state not in TRIAGE_STATES:
        raise TriageError(f"unknown triage state {decision.state!r}; one of {', '.join(TRIAGE_STATES)}")
    if decision.state in NEEDS_JUSTIFICATION and not (decision.justification or "").strip():
        raise TriageError(f"{decision.state} needs a justification")
    if decision.state == "accepted_risk":
        if not (decision.owner or "").strip():
            raise TriageError("accepted_risk needs an owner")
        if decision.expires_at is None or decision.expires_at <= now:
            raise TriageError("accepted_risk needs an expiry date in the future")


def _state_of(row: Any) -> dict[str, Any]:
    return {
        "triage_state": row.triage_state,
        "triage_owner": row.triage_owner,
        "triage_justification": row.triage_justification,
        "triage_expires_at": row.triage_expires_at.isoformat() if row.triage_expires_at else None,
    }


def triage_finding(store: Store, finding_id: int, decision: TriageDecision, now: datetime) -> dict[str, Any]:
    """Apply `decision` to the finding and record who changed what; returns the new triage state."""
    _check(decision, now)
    columns = (
        FindingRecord.project_id,
        FindingRecord.triage_state,
        FindingRecord.triage_owner,
        FindingRecord.triage_justification,
        FindingRecord.triage_expires_at,
    )
    with store.transaction() as connection:
        before = connection.execute(select(*columns).where(FindingRecord.id == finding_id)).first()
        if before is None:
            raise TriageError(f"no finding {finding_id}")
        values = {
            "triage_state": decision.state,
            "triage_owner": decision.owner,
            "triage_justification": decision.justification,
            "triage_expires_at": decision.expires_at,
        }
        connection.execute(update(FindingRecord).where(FindingRecord.id == finding_id).values(**values))
        after = connection.execute(select(*columns).where(FindingRecord.id == finding_id)).one()
        connection.execute(
            insert(AuditEvent).values(
                at=now,
                actor=decision.actor,
                action="triage",
                object_type="finding",
                object_id=str(finding_id),
                before=_state_of(before),
                after=_state_of(after),
                note=decision.justification,
            )
        )
        refresh_summary(connection, before.project_id, now)
    return _state_of(after)
