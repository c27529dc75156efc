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
from pavedroad.analyzers.iac.engine import CheckIndex, failure_issue, make_finding, run_checks
from pavedroad.analyzers.iac.model import Resource
from pavedroad.core.analyzer import AnalysisContext, AnalyzerIssue, ProjectOutcome, Target
from pavedroad.core.findings import Finding, Rule

CHECKS_ENTRY_POINT_GROUP = "pavedroad.iac_checks"


def _builtin_checks() -> tuple[Check, ...]:
    """The built-in checks plus those third parties publish as `pavedroad.iac_checks` entry points
    (each names a sequence of Check objects; see docs/custom-checks.md)."""
    from importlib.metadata import entry_points

    from pavedroad.analyzers.iac.checks import IAC_CHECKS

    plugins = [check for entry in entry_points(group=CHECKS_ENTRY_POINT_GROUP) for check in entry.load()]
    return (*IAC_CHECKS, *plugins)


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
        options = context.options.get("iac", {})
        settings = options if isinstance(options, dict) else {}
        var_files = [str(path) for path in settings.get("var_files", ())]
        resources, source_lines = collect_resources(targets, Path(context.root), outcome, var_files)
        if not resources:
            return outcome
        findings, failures = run_checks(self.name, Project(resources), CheckIndex(self.checks), source_lines)
        outcome.findings.extend(findings)
        outcome.issues.extend(failure_issue(resource, check, error) for resource, check, error in failures)
        policies = [str(path) for path in settings.get("policies", ())]
        if policies:
            outcome.findings.extend(
                self._custom_findings(resources, Path(context.root), policies, source_lines, outcome)
            )
        return outcome

    def _custom_findings(
        self,
        resources: list[Resource],
        root: Path,
        policies: list[str],
        source_lines: dict[str, list[str]],
        outcome: ProjectOutcome,
    ) -> list[Finding]:
        from pavedroad.analyzers.iac.custom_rego import RegoChecks, RegoPolicyError, policy_files

        try:
            rego = RegoChecks(policy_files(root, policies))
        except RegoPolicyError as error:
            outcome.issues.append(AnalyzerIssue(error.path, str(error)))
            return []
        return [
            make_finding(self.name, check, resource, violation, source_lines.get(resource.path, []))
            for resource in resources
            for check, violation in rego.violations(resource)
        ]
