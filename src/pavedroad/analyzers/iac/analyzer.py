"""The IaC analyzer: Terraform (modules and plans), Kubernetes, CloudFormation, Dockerfile, Compose.

Project-level, because Terraform modules span files and directories and some checks
look across resources (a bucket and its encryption resource, a namespace and its
NetworkPolicy). Each file is parsed once; a file that does not parse is an error entry
naming it and the line, and every other file is still checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pavedroad.analyzers.iac.check import Check, Project
from pavedroad.analyzers.iac.engine import CheckIndex, failure_issue, run_checks
from pavedroad.core.analyzer import AnalysisContext, ProjectOutcome, Target
from pavedroad.core.findings import Rule


def _builtin_checks() -> tuple[Check, ...]:
    from pavedroad.analyzers.iac.checks import IAC_CHECKS

    return IAC_CHECKS


class IacAnalyzer:
    name = "iac"
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
        from pavedroad.analyzers.iac.collect import collect_resources

        outcome = ProjectOutcome()
        resources, source_lines = collect_resources(targets, Path(context.root), outcome)
        if not resources:
            return outcome
        findings, failures = run_checks(self.name, Project(resources), CheckIndex(self.checks), source_lines)
        outcome.findings.extend(findings)
        outcome.issues.extend(failure_issue(resource, check, error) for resource, check, error in failures)
        return outcome
