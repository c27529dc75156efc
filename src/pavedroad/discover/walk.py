"""A small file walk with .gitignore semantics, until the shared workspace walker replaces it.

Only the root's .gitignore and .pavedroadignore are read; .git/ is always skipped and
symbolic links are never followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pathspec

from pavedroad.core.errors import ScanError, Skip

IGNORE_FILES = (".gitignore", ".pavedroadignore")
ALWAYS_SKIPPED_DIRECTORIES = frozenset({".git"})
_MAX_IGNORE_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WalkResult:
    """The files to inventory ("/"-separated, sorted), what was passed over and why, and errors met."""

    files: tuple[str, ...]
    skipped: tuple[Skip, ...]
    problems: tuple[ScanError, ...]


def walk_repository(root: Path) -> WalkResult:
    """Every regular file under `root` that the ignore files do not exclude."""
    ignored, problems = load_ignore_spec(root)
    files: list[str] = []
    skipped: list[Skip] = []
    pending = [""]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(root / directory) as scan:
                entries = list(scan)
        except OSError as error:
            skipped.append(Skip(directory or ".", f"directory not readable: {error.strerror or error}"))
            continue
        for entry in entries:
            relpath = f"{directory}/{entry.name}" if directory else entry.name
            if entry.is_symlink():
                if not ignored.match_file(relpath):
                    skipped.append(Skip(relpath, "symbolic link, not followed"))
            elif entry.is_dir():
                if entry.name not in ALWAYS_SKIPPED_DIRECTORIES and not ignored.match_file(f"{relpath}/"):
                    pending.append(relpath)
            elif entry.is_file() and not ignored.match_file(relpath):
                files.append(relpath)
    return WalkResult(
        tuple(sorted(files)), tuple(sorted(skipped, key=lambda skip: skip.path)), tuple(problems)
    )


def load_ignore_spec(root: Path) -> tuple[pathspec.GitIgnoreSpec, list[ScanError]]:
    """The root's ignore files as one .gitignore-style matcher, and an error per invalid pattern.

    Like git, an invalid pattern is left out rather than stopping the walk.
    """
    patterns: list[str] = []
    problems: list[ScanError] = []
    for name in IGNORE_FILES:
        path = root / name
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as handle:
            data = handle.read(_MAX_IGNORE_FILE_BYTES)
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except (ValueError, re.error):
                problems.append(
                    ScanError(name, f"invalid ignore pattern {line.strip()!r}, left out", line=number)
                )
            else:
                patterns.append(line)
    return pathspec.GitIgnoreSpec.from_lines(patterns), problems
