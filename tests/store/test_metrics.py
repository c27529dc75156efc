"""KPIs computed from a known history, on SQLite and PostgreSQL: every number checked exactly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from findings_factory import T0, finding, record
from sqlalchemy import select

from pavedroad.core.findings import Severity
from pavedroad.store import Store, open_store
from pavedroad.store.deployments import DeploymentEvent, record_deployment
from pavedroad.store.metrics import MetricsScope, compute_metrics
from pavedroad.store.metrics.remediation import Durations
from pavedroad.store.schema import FindingRecord
from pavedroad.store.triage import TriageDecision, TriageError, triage_finding

DAY = timedelta(days=1)
NOW = T0 + 14 * DAY
A = finding("sast/python-eval", line=1, content="eval(a)", severity=Severity.HIGH)
B = finding("sast/python-command-injection", line=2, content="os.system(b)", severity=Severity.CRITICAL)
C = finding("sast/python-weak-hash", line=3, content="md5(c)", severity=Severity.MEDIUM)
D = finding("sast/python-assert", line=4, content="assert d", severity=Severity.LOW)


@pytest.fixture
def history(database_url: str) -> Iterator[Store]:
    """Two weeks of one project: B fixed after 2 days, A after 10, C still open, D new in week 2."""
    with open_store(database_url) as store:
        record(store, [A, B, C], T0, gate_outcome="passed")
        record(store, [A, C], T0 + 2 * DAY, gate_outcome="failed")
        record(store, [C], T0 + 10 * DAY, gate_outcome="failed")
        record(store, [C, D], T0 + 11 * DAY, gate_outcome="passed")
        record(store, [], T0, project="other", complete=False, gate_outcome=None)
        for days in (1, 3, 8):
            record_deployment(store, DeploymentEvent("shop", T0 + days * DAY, version=f"1.{days}"))
        yield store


def test_remediation_times_and_percentiles(history: Store) -> None:
    metrics = compute_metrics(history, MetricsScope(now=NOW, project="shop", weeks=2))
    mttr = metrics.time_to_remediation
    assert mttr["overall"] == pytest.approx(Durations(2, 6.0, 6.0, 9.2))
    assert mttr["critical"] == Durations(1, 2.0, 2.0, 2.0)
    assert mttr["high"] == Durations(1, 10.0, 10.0, 10.0)
    assert mttr["medium"] == Durations(0, None, None, None)


def test_weekly_trend_gate_failures_and_deployments(history: Store) -> None:
    metrics = compute_metrics(history, MetricsScope(now=NOW, project="shop", weeks=2))
    assert [(w.week_start, w.new, w.fixed, w.open_at_end) for w in metrics.weeks] == [
        (T0, 3, 1, 2),
        (T0 + 7 * DAY, 1, 1, 2),
    ]
    assert [(w.gate_runs, w.gate_failed, w.gate_failure_rate) for w in metrics.weeks] == [(2, 1, 0.5), (2, 1, 0.5)]
    assert metrics.security_build_failure_rate == 0.5
    assert [w.deployments for w in metrics.weeks] == [2, 1]
    assert metrics.deployments_per_week == 1.5
    tags = [("v1.4", (T0 + 4 * DAY).isoformat()), ("nightly-5", (T0 + 5 * DAY).isoformat())]
    with_tags = compute_metrics(history, MetricsScope(now=NOW, project="shop", weeks=2), tags=tags, tag_pattern="v*")
    assert [w.deployments for w in with_tags.weeks] == [3, 1]


def test_open_ages_sla_and_density(history: Store) -> None:
    scope = MetricsScope(now=NOW, project="shop", weeks=2, sla_days={"medium": 10, "low": 180})
    metrics = compute_metrics(history, scope)
    assert metrics.open.open_by_severity == {"critical": 0, "high": 0, "medium": 1, "low": 1, "info": 0}
    assert metrics.open.by_band["8-30 days"] == {"medium": 1}
    assert metrics.open.by_band["0-7 days"] == {"low": 1}
    assert metrics.open.sla_breaches == {"medium": 1, "low": 0}
    assert (metrics.density.lines_of_code, metrics.density.open_findings, metrics.density.per_kloc) == (2000, 2, 1.0)
    assert metrics.density.by_analyzer == {"sast": 1.0}
    assert [w.density_per_kloc for w in metrics.weeks] == [1.0, 1.0]
    document = metrics.to_dict()
    assert document["open_by_severity"]["medium"] == 1
    assert document["weeks"][0]["week_start"] == T0.isoformat()


def test_triage_takes_findings_out_of_open_risk_until_an_acceptance_expires(history: Store) -> None:
    with history.transaction() as connection:
        ids = dict(connection.execute(select(FindingRecord.rule_id, FindingRecord.id)).all())
    triage_finding(
        history, ids["sast/python-assert"], TriageDecision("false_positive", "alice", "test code only"), NOW
    )
    triage_finding(
        history,
        ids["sast/python-weak-hash"],
        TriageDecision("accepted_risk", "bob", "legacy checksum", owner="bob", expires_at=NOW + DAY),
        NOW,
    )
    assert compute_metrics(history, MetricsScope(now=NOW, project="shop", weeks=2)).open.open_by_severity["low"] == 0
    assert compute_metrics(history, MetricsScope(now=NOW, project="shop")).open.open_by_severity["medium"] == 0
    later = compute_metrics(history, MetricsScope(now=NOW + 2 * DAY, project="shop"))
    assert later.open.open_by_severity["medium"] == 1  # the acceptance expired


def test_triage_rules(history: Store) -> None:
    with history.transaction() as connection:
        finding_id = connection.execute(select(FindingRecord.id).limit(1)).scalar_one()
    with pytest.raises(TriageError, match="needs a justification"):
        triage_finding(history, finding_id, TriageDecision("false_positive", "alice"), NOW)
    with pytest.raises(TriageError, match="needs an owner"):
        triage_finding(history, finding_id, TriageDecision("accepted_risk", "alice", "why"), NOW)
    with pytest.raises(TriageError, match="expiry date in the future"):
        triage_finding(history, finding_id, TriageDecision("accepted_risk", "a", "why", "a", NOW - DAY), NOW)
    with pytest.raises(TriageError, match="unknown triage state"):
        triage_finding(history, finding_id, TriageDecision("ignored", "alice", "why"), NOW)
    with pytest.raises(TriageError, match="no finding 999999"):
        triage_finding(history, 999999, TriageDecision("confirmed", "alice"), NOW)


def test_all_projects_and_an_unknown_project(history: Store) -> None:
    everything = compute_metrics(history, MetricsScope(now=NOW, weeks=2))
    assert sum(everything.open.open_by_severity.values()) == 2
    assert compute_metrics(history, MetricsScope(now=NOW, project="missing")).density.per_kloc is None
