"""The SCA analyzer: every manifest and lockfile of the project, matched against advisories."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pavedroad.analyzers.sca import parsers
from pavedroad.analyzers.sca.checking import DEFAULT_MAX_AGE_DAYS, match_components
from pavedroad.analyzers.sca.findings import match_finding
from pavedroad.analyzers.sca.licenses import license_findings, policy_from_options
from pavedroad.analyzers.sca.rules import RULES
from pavedroad.core.analyzer import AnalysisContext, AnalyzerIssue, ProjectOutcome, Target
from pavedroad.core.components import Component
from pavedroad.core.findings import Rule
from pavedroad.vulndb.errors import VulnDbError

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


def collect_components(targets: Sequence[Target], root: Path, outcome: ProjectOutcome) -> list[Component]:
    """Parse every manifest among `targets`; unreadable or malformed ones become issues."""
    resolved_root = root.resolve()

    def read_sibling(relpath: str) -> bytes | None:
        candidate = (resolved_root / relpath).resolve()
        if not candidate.is_relative_to(resolved_root) or not candidate.is_file():
            return None
        return candidate.read_bytes()

    components: list[Component] = []
    for target in targets:
        if not parsers.wants(target.relpath):
            continue
        try:
            data = target.read_bytes()
        except OSError as error:
            outcome.issues.append(AnalyzerIssue(target.relpath, f"unreadable: {error.strerror or error}"))
            continue
        found, problems = parsers.parse_manifest(target.relpath, data, read_sibling)
        components.extend(found)
        outcome.issues.extend(AnalyzerIssue(problem.path, problem.message, problem.line) for problem in problems)
    # A requirements file included with `-r` by another is read twice: keep each entry once.
    return list(dict.fromkeys(components))
