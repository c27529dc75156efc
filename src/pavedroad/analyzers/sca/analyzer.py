"""The SCA analyzer: every manifest and lockfile of the project, matched against advisories."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pavedroad.analyzers.sca.rules import RULES
from pavedroad.core.analyzer import AnalysisContext, AnalyzerIssue, ProjectOutcome, Target
from pavedroad.core.findings import Rule

DATABASE = "(vulnerability database)"


class ScaAnalyzer:
    """Project-level: reads all manifests once, matches all components in one database pass."""

    name = "sca"
    version = "1"
    project_level = True

    @property
    def rules(self) -> Sequence[Rule]:
        return RULES

    def analyze_project(self, targets: Sequence[Target], context: AnalysisContext) -> ProjectOutcome:
        # Imported here: parsers, the database and its version orders cost ~0.15 s to import,
        # which a secrets-only scan or a rescan served from the cache should not pay.
        from pavedroad.analyzers.sca.inventory import collect_components
        from pavedroad.analyzers.sca.licenses import license_findings, policy_from_options

        outcome = ProjectOutcome()
        components = collect_components(targets, Path(context.root), outcome)
        options = context.options.get("sca", {})
        assert isinstance(options, dict)
        licenses = context.options.get("licenses", {})
        outcome.findings.extend(
            license_findings(components, policy_from_options(licenses if isinstance(licenses, dict) else {}))
        )
        pinned = [component for component in components if component.version is not None]
        if not pinned:
            return outcome
        from pavedroad.analyzers.sca.checking import DEFAULT_MAX_AGE_DAYS, match_components
        from pavedroad.analyzers.sca.findings import match_finding
        from pavedroad.vulndb.errors import VulnDbError

        database_path = options.get("database")

        def warn(message: str) -> None:
            outcome.notes.append(AnalyzerIssue(DATABASE, message))

        try:
            result = match_components(
                pinned,
                Path(str(database_path)) if database_path else None,
                float(str(options.get("max_age_days", DEFAULT_MAX_AGE_DAYS))),
                warn,
            )
        except VulnDbError as error:
            outcome.issues.append(AnalyzerIssue(DATABASE, f"dependencies NOT checked: {error}"))
            return outcome
        outcome.findings.extend(match_finding(match, result.safe_upgrade(match.component)) for match in result)
        outcome.notes.extend(
            AnalyzerIssue(problem.component.source, problem.message, problem.component.line)
            for problem in result.problems
            if problem.kind != "unpinned"
        )
        return outcome
