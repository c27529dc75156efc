"""Every manifest and lockfile among a scan's targets, parsed into Components."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pavedroad.analyzers.sca import parsers
from pavedroad.core.analyzer import AnalyzerIssue, ProjectOutcome, Target
from pavedroad.core.components import Component


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
        for problem in problems:
            reported = outcome.notes if problem.note else outcome.issues
            reported.append(AnalyzerIssue(problem.path, problem.message, problem.line))
    # A requirements file included with `-r` by another is read twice: keep each entry once.
    return list(dict.fromkeys(components))
