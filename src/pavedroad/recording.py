"""`scan --record`: a finished scan run stored in the findings store, with its inventory.

The run's facts (commit, branch, CI run, gate outcome, lines of code per language) become a
scan row; its findings advance their lifecycle (store.findings_recording). A scan is
complete — allowed to mark findings fixed — only when it looked at the whole project and no
file failed: a finding in a file that could not be read is not fixed, just unseen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pavedroad.core import git
from pavedroad.core.components import Component
from pavedroad.core.run import RunResult
from pavedroad.report.json_report import finding_to_dict, result_to_dict
from pavedroad.store import Store
from pavedroad.store.findings_recording import RecordedScan, ScanFacts, record_scan

# CI systems' run identifiers, first match wins (GitHub, GitLab, Jenkins, CircleCI, Buildkite).
CI_RUN_ID_VARIABLES = ("GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILD_TAG", "CIRCLE_WORKFLOW_ID", "BUILDKITE_BUILD_ID")


@dataclass(frozen=True, slots=True)
class RecordRequest:
    """Where and as what to record; None means "detect it" (directory name, git, CI variables)."""

    project: str | None = None
    branch: str | None = None
    commit: str | None = None
    ci_run_id: str | None = None


def gate_outcome_label(gate: dict[str, Any] | None) -> str | None:
    """"passed", "failed" (enforce mode stopped the build) or "would_fail" (monitor mode), from the
    report's `run.gate`."""
    if not gate:
        return None
    if not gate["failed"]:
        return "passed"
    return "failed" if gate["mode"] == "enforce" else "would_fail"


def detected_ci_run_id() -> str | None:
    """The CI run this process belongs to, from the CI system's own environment variables."""
    return next((os.environ[name] for name in CI_RUN_ID_VARIABLES if os.environ.get(name)), None)


def facts_from_report(
    report: dict[str, Any],
    project: str,
    started: datetime,
    finished: datetime,
    *,
    root: str | None = None,
    branch: str | None = None,
    commit: str | None = None,
    ci_run_id: str | None = None,
) -> ScanFacts:
    """What `record_scan` stores about a run, read off its public JSON report — the same for
    `scan --record` here and for a report CI uploads to the server.

    Complete (allowed to fix findings) only when the whole project was looked at and no file
    failed: a finding in a file that could not be read is not fixed, just unseen.
    """
    run = report["run"]
    scope = run["scope"]
    partial = bool(scope.get("since") or scope.get("staged"))
    gate = run["gate"]
    return ScanFacts(
        project=project,
        root=root,
        started_at=started,
        finished_at=max(started, finished),
        tool_version=str(report["tool"]["version"])[:64],
        branch=branch,
        commit=commit,
        ci_run_id=ci_run_id,
        complete=not partial and not report["errors"],
        analyzers={item["name"]: item["version"] for item in run["analyzers"]},
        mode=gate["mode"] if gate else None,
        gate_outcome=gate_outcome_label(gate),
        gate_reasons=tuple(gate["reasons"]) if gate else (),
        files_scanned=run["files_scanned"],
        lines_by_language=dict(run.get("lines_by_language") or {}),
    )


def record_run(store: Store, result: RunResult, request: RecordRequest) -> RecordedScan:
    """Store `result` as a scan of its project, with its dependency inventory when SCA ran."""
    root = Path(result.root)
    commit, branch = git.head_commit_and_branch(root)
    report = result_to_dict(result)
    facts = facts_from_report(
        report,
        request.project or root.resolve().name,
        datetime.fromisoformat(result.started),
        datetime.fromisoformat(result.finished),
        root=str(root.resolve()),
        branch=request.branch or branch,
        commit=request.commit or commit,
        ci_run_id=request.ci_run_id or detected_ci_run_id(),
    )
    partial = bool(result.scope.get("since") or result.scope.get("staged"))
    components = _inventory(root) if "sca" in facts.analyzers and not partial else None
    return record_scan(store, facts, result.findings, finding_to_dict, components=components)


def _inventory(root: Path) -> list[Component]:
    from pavedroad.analyzers.sca.inventory import collect_components
    from pavedroad.core.analyzer import ProjectOutcome
    from pavedroad.core.workspace import Workspace, resolve_scope

    scope = resolve_scope(str(root))
    return list(collect_components(list(Workspace(scope).targets()), scope.root, ProjectOutcome()))
