"""The files to inventory: the same walk a scan makes (core.workspace), so both agree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pavedroad.core.errors import ScanError, Skip
from pavedroad.core.workspace import Scope, Workspace

# Discovery reads only what it needs (manifests, heads of files) and skips large files itself.
NO_SIZE_LIMIT = 1 << 62


@dataclass(frozen=True, slots=True)
class WalkResult:
    """The files to inventory ("/"-separated, sorted), what was passed over and why, and errors met."""

    files: tuple[str, ...]
    skipped: tuple[Skip, ...]
    problems: tuple[ScanError, ...]


def walk_repository(root: Path) -> WalkResult:
    """Every regular file under `root` that the ignore rules do not exclude."""
    workspace = Workspace(Scope(root.resolve()), max_file_size=NO_SIZE_LIMIT)
    files = sorted(target.relpath for target in workspace.targets())
    problems = tuple(
        ScanError(problem.path, problem.message, line=problem.line) for problem in workspace.ignore_problems
    )
    skipped = tuple(sorted(workspace.skipped, key=lambda skip: skip.path))
    return WalkResult(tuple(files), skipped, problems)
