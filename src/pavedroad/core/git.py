"""The few git questions a scan asks, through the git command line (never a library)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pavedroad.core.errors import UsageError


def _git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    completed = subprocess.run(
        ["git", "-C", str(root), *args],
        input=input_bytes,
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed in {root}: {message[-1] if message else 'unknown error'}")
    return completed.stdout


def toplevel(path: Path) -> Path | None:
    """The work tree root holding `path`, or None outside a git repository."""
    completed = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True, check=False
    )
    if completed.returncode != 0:
        return None
    return Path(completed.stdout.decode().strip())


def require_toplevel(path: Path, flag: str) -> Path:
    top = toplevel(path)
    if top is None:
        raise UsageError(f"{flag} needs a git repository, and {path} is not inside one")
    return top


def has_commits(top: Path) -> bool:
    return (
        subprocess.run(
            ["git", "-C", str(top), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True, check=False
        ).returncode
        == 0
    )


def changed_since(top: Path, ref: str) -> set[str]:
    """Paths (relative to the work tree root) added or changed since `ref`, plus untracked files."""
    if not has_commits(top):
        raise UsageError(f"--since {ref}: the repository at {top} has no commits yet")
    changed = _git(top, "diff", "--name-only", "-z", "--diff-filter=d", ref, "--")
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard")
    return {name for name in (changed + untracked).decode("utf-8", "surrogateescape").split("\0") if name}


def staged_files(top: Path) -> dict[str, bytes]:
    """The content in the index of every added or modified path: what the next commit holds."""
    names = [
        name
        for name in _git(top, "diff", "--cached", "--name-only", "-z", "--diff-filter=d")
        .decode("utf-8", "surrogateescape")
        .split("\0")
        if name
    ]
    if not names:
        return {}
    request = "".join(f":{name}\n" for name in names).encode("utf-8", "surrogateescape")
    output = _git(top, "cat-file", "--batch", input_bytes=request)
    contents: dict[str, bytes] = {}
    cursor = 0
    for name in names:
        header_end = output.index(b"\n", cursor)
        header = output[cursor:header_end].split()
        if len(header) < 3 or header[1] != b"blob":
            cursor = header_end + 1
            continue
        size = int(header[2])
        contents[name] = output[header_end + 1 : header_end + 1 + size]
        cursor = header_end + 1 + size + 1
    return contents


def _output(root: Path, *args: str) -> str | None:
    completed = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return None
    return completed.stdout.strip() or None


def head_commit_and_branch(path: Path) -> tuple[str | None, str | None]:
    """HEAD's commit and branch when `path` is in a git work tree with commits (else None)."""
    top = toplevel(path)
    if top is None or not has_commits(top):
        return None, None
    return _output(top, "rev-parse", "HEAD"), _output(top, "symbolic-ref", "--short", "-q", "HEAD")


def tags_with_dates(path: Path) -> list[tuple[str, str]]:
    """Every tag of the repository at `path` with its (tagger or commit) date, ISO 8601."""
    top = toplevel(path)
    if top is None:
        return []
    listing = _output(top, "for-each-ref", "--format=%(refname:short)\t%(creatordate:iso-strict)", "refs/tags")
    tags = []
    for line in (listing or "").splitlines():
        name, separator, date = line.partition("\t")
        if separator:
            tags.append((name, date))
    return tags
