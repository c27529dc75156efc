"""Secrets in git history: every added line of every commit on all refs, read once.

`git log --all -p` visits each commit once and shows only what it changed, so the work
is proportional to the history's diffs, not to (commits × files). A secret that was
committed and deleted later is still a finding: it must be rotated.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pavedroad.analyzers.secrets.analyzer import findings_from_matches
from pavedroad.analyzers.secrets.engine import SecretsEngine
from pavedroad.core.filekinds import is_test_path
from pavedroad.core.findings import Finding, Fix

_COMMIT_MARK = "\x1ecommit\x1f"
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


@dataclass(slots=True)
class _FileDiff:
    """The added lines of one file in one commit, with their line numbers in that commit."""

    path: str
    lines: list[bytes] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CommitInfo:
    sha: str
    date: str
    author: str


def scan_history(top: Path, engine: SecretsEngine, subdirectory: str = "") -> Iterator[Finding]:
    """Findings for secrets ever added on any ref, oldest introduction of each kept once.

    `top` is the work tree root; with `subdirectory` only paths below it are examined, and
    reported relative to it, as a scan of that directory reports them.
    """
    command = [
        "git", "-C", str(top), "log", "--all", "--reverse", "-p", "--no-color", "--no-ext-diff",
        "--unified=0", "--no-renames", "--diff-filter=AM", f"--format={_COMMIT_MARK}%H%x1f%aI%x1f%an",
        "--", subdirectory or ".",
    ]  # fmt: skip
    prefix = f"{subdirectory}/" if subdirectory else ""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    seen: set[str] = set()
    commit: CommitInfo | None = None
    diff: _FileDiff | None = None
    next_line = 0
    mark = _COMMIT_MARK.encode()
    try:
        for raw in process.stdout:
            line = raw.rstrip(b"\n")
            if line.startswith(mark):
                yield from _scan_diff(engine, commit, diff, seen)
                diff = None
                sha, date, author = line[len(mark) :].decode("utf-8", "replace").split("\x1f", 2)
                commit = CommitInfo(sha, date, author)
            elif line.startswith(b"+++ "):
                yield from _scan_diff(engine, commit, diff, seen)
                target = line[4:].decode("utf-8", "surrogateescape")
                path = target[2:] if target.startswith("b/") else None
                diff = _FileDiff(path[len(prefix) :]) if path and path.startswith(prefix) else None
            elif line.startswith(b"@@"):
                hunk = _HUNK.match(line)
                next_line = int(hunk[1]) if hunk else 0
            elif diff is not None and line.startswith(b"+"):
                diff.lines.append(line[1:])
                diff.numbers.append(next_line)
                next_line += 1
        yield from _scan_diff(engine, commit, diff, seen)
    finally:
        process.stdout.close()
        process.wait()


def _scan_diff(
    engine: SecretsEngine, commit: CommitInfo | None, diff: _FileDiff | None, seen: set[str]
) -> Iterator[Finding]:
    if commit is None or diff is None or not diff.lines:
        return
    data = b"\n".join(diff.lines)
    matches = engine.find(data, in_test_path=is_test_path(diff.path))
    for finding in findings_from_matches(matches, data, diff.path):
        if finding.fingerprint in seen:
            continue
        seen.add(finding.fingerprint)
        real_line = diff.numbers[finding.location.start_line - 1]
        span = finding.location.end_line - finding.location.start_line
        yield replace(
            finding,
            message=f"{finding.message} (added in commit {commit.sha[:12]} by {commit.author} on {commit.date[:10]})",
            location=replace(finding.location, start_line=real_line, end_line=real_line + span),
            fix=Fix(
                "This secret is in the git history: deleting or rewriting the file does not remove it from"
                " clones and forks. Revoke and rotate it now; purge history (git filter-repo) only after that."
            ),
            properties=(("commit", commit.sha), ("date", commit.date), ("author", commit.author)),
        )
