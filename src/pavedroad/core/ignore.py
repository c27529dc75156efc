"""Ignore rules with git semantics: .gitignore at every level, .pavedroadignore, config globs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pathspec

ALWAYS_SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".pavedroad"})
IGNORE_FILES = (".gitignore", ".pavedroadignore")


@dataclass(frozen=True, slots=True)
class IgnoreLayer:
    """The ignore patterns of one directory, relative to that directory."""

    base: str
    spec: pathspec.GitIgnoreSpec

    def matches(self, relpath: str, is_directory: bool) -> bool:
        if self.base:
            if not relpath.startswith(self.base + "/"):
                return False
            relpath = relpath[len(self.base) + 1 :]
        return bool(self.spec.match_file(relpath + "/" if is_directory else relpath))


@dataclass(frozen=True, slots=True)
class IgnoreProblem:
    """An ignore file line git would not accept either; it is left out, as git does."""

    path: str
    line: int
    message: str


def read_layer(directory: Path, base: str, problems: list[IgnoreProblem] | None = None) -> IgnoreLayer | None:
    """The combined ignore files of `directory`; None when it has none. Bad lines go to `problems`."""
    sources = [directory / name for name in IGNORE_FILES]
    if base == "":
        sources.append(directory / ".git" / "info" / "exclude")
    lines: list[str] = []
    for source in sources:
        if not source.is_file() or source.is_symlink():
            continue
        relative = f"{base}/{source.name}" if base else source.relative_to(directory).as_posix()
        for number, line in enumerate(source.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            try:
                _spec([line])
            except ValueError:  # pathspec's GitIgnorePatternError is a ValueError
                if problems is not None:
                    problems.append(IgnoreProblem(relative, number, f"invalid ignore pattern {line!r}, left out"))
                continue
            lines.append(line)
    if not lines:
        return None
    return IgnoreLayer(base, _spec(lines))


def config_layer(patterns: Iterable[str]) -> IgnoreLayer | None:
    """Exclude globs from configuration or the command line, relative to the scan root."""
    patterns = list(patterns)
    return IgnoreLayer("", _spec(patterns)) if patterns else None


def _spec(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    # Compiling a Hyperscan database per .gitignore costs ~15 ms; re compiles in microseconds.
    return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")


def is_ignored(layers: Iterable[IgnoreLayer], relpath: str, is_directory: bool) -> bool:
    return any(layer.matches(relpath, is_directory) for layer in layers)
