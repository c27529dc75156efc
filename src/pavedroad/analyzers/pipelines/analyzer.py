"""The pipelines analyzer: the same check engine as IaC, over CI/CD definitions."""

from __future__ import annotations

from collections.abc import Sequence

from pavedroad.analyzers.iac.check import Check, Project
from pavedroad.analyzers.iac.engine import CheckIndex, failure_issue, run_checks
from pavedroad.core.analyzer import AnalysisContext, ProjectOutcome, Target
from pavedroad.core.findings import Rule


def _builtin_checks() -> tuple[Check, ...]:
    from pavedroad.analyzers.pipelines.checks import PIPELINE_CHECKS

    return PIPELINE_CHECKS


class PipelinesAnalyzer:
    """Project-level: a workflow's risk can depend on the reusable workflows and actions it calls."""

    name = "pipelines"
    version = "1"
    project_level = True

    def __init__(self, checks: Sequence[Check] | None = None) -> None:
        self._checks = tuple(checks) if checks is not None else None

    @property
    def checks(self) -> tuple[Check, ...]:
        if self._checks is None:
            self._checks = _builtin_checks()
        return self._checks

    @property
    def rules(self) -> Sequence[Rule]:
        return [check.rule for check in self.checks]

    def analyze_project(self, targets: Sequence[Target], context: AnalysisContext) -> ProjectOutcome:
        from pavedroad.analyzers.iac.collect import read_formats
        from pavedroad.analyzers.pipelines.sources import PIPELINE_FORMATS

        outcome = ProjectOutcome()
        resources, source_lines = read_formats(targets, PIPELINE_FORMATS, outcome)
        if not resources:
            return outcome
        findings, failures = run_checks(self.name, Project(resources), CheckIndex(self.checks), source_lines)
        outcome.findings.extend(findings)
        outcome.issues.extend(failure_issue(resource, check, error) for resource, check, error in failures)
        return outcome
