"""One walk of the tree: ignore rules, size limits, symlink safety, scope selection."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pavedroad.core import git
from pavedroad.core.analyzer import Target
from pavedroad.core.errors import Skip, UsageError
from pavedroad.core.ignore import (
    ALWAYS_SKIPPED_DIRECTORIES,
    IGNORE_FILES,
    IgnoreLayer,
    IgnoreProblem,
    config_layer,
    is_ignored,
    read_layer,
)

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Scope:
    """Which files a scan looks at. `only` limits the walk to these root-relative paths."""

    root: Path
    only: frozenset[str] | None = None
    staged: dict[str, bytes] | None = None
    description: dict[str, object] = field(default_factory=dict)


def resolve_scope(path: str, since: str | None = None, staged: bool = False) -> Scope:
    """Turn the command line's path and git options into a Scope, or a clear UsageError."""
    given = Path(path)
    if not given.exists():
        raise UsageError(f"{path}: no such file or directory")
    resolved = given.resolve()
    root = resolved if resolved.is_dir() else resolved.parent
    only: set[str] | None = None if resolved.is_dir() else {resolved.name}
    description: dict[str, object] = {"path": str(given)}
    staged_content: dict[str, bytes] | None = None
    if since or staged:
        top = git.require_toplevel(root, "--staged" if staged else "--since")
        prefix = root.relative_to(top).as_posix()

        def under_root(names: Iterable[str]) -> dict[str, str]:
            if prefix in ("", "."):
                return {name: name for name in names}
            return {name: name[len(prefix) + 1 :] for name in names if name.startswith(prefix + "/")}

        if staged:
            content = git.staged_files(top)
            mapping = under_root(content)
            staged_content = {relative: content[name] for name, relative in mapping.items()}
            selected = set(staged_content)
            description["staged"] = True
        else:
            assert since is not None
            selected = set(under_root(git.changed_since(top, since)).values())
            description["since"] = since
        only = selected if only is None else only & selected
    return Scope(root, frozenset(only) if only is not None else None, staged_content, description)


class Workspace:
    """Yields Targets for a scope and records why anything else was left out.

    Targets are not classified here: the pipeline classifies each file from its path and
    first bytes when it reads it (or takes the classification from the cache), so an
    unchanged tree is walked with nothing but stat calls.
    """

    def __init__(
        self,
        scope: Scope,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        exclude: Iterable[str] = (),
    ) -> None:
        self.scope = scope
        self.root = scope.root
        self.max_file_size = max_file_size
        self.skipped: list[Skip] = []
        self.ignore_problems: list[IgnoreProblem] = []
        self._exclude = config_layer(exclude)
        self._only_directories = (
            {parent.as_posix() for path in scope.only for parent in Path(path).parents}
            if scope.only is not None
            else None
        )

    def targets(self) -> Iterator[Target]:
        if self.scope.staged is not None:
            yield from self._staged_targets(self.scope.staged)
            return
        layers: list[IgnoreLayer] = [self._exclude] if self._exclude else []
        # An explicit stack, not recursion: deep trees cost no generator chain per file.
        pending: list[tuple[str, str, list[IgnoreLayer]]] = [(str(self.root), "", layers)]
        while pending:
            directory, base, inherited = pending.pop()
            yield from self._directory(directory, base, inherited, pending)

    def _staged_targets(self, staged: dict[str, bytes]) -> Iterator[Target]:
        layers = [layer for layer in (read_layer(self.root, "", self.ignore_problems), self._exclude) if layer]
        for relpath in sorted(staged):
            content = staged[relpath]
            if is_ignored(layers, relpath, False):
                continue
            if len(content) > self.max_file_size:
                self.skipped.append(Skip(relpath, f"larger than {self.max_file_size} bytes"))
                continue
            yield Target(str(self.root / relpath), relpath, len(content), content=content)

    def _directory(
        self,
        directory: str,
        base: str,
        inherited: list[IgnoreLayer],
        pending: list[tuple[str, str, list[IgnoreLayer]]],
    ) -> Iterator[Target]:
        """The files of one directory; its subdirectories go onto `pending`."""
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as error:
            self.skipped.append(Skip(base or ".", f"unreadable directory: {error.strerror}"))
            return
        # Read ignore files only where the listing shows one: no extra stat per directory.
        layer = (
            read_layer(Path(directory), base, self.ignore_problems)
            if base == "" or any(entry.name in IGNORE_FILES for entry in entries)
            else None
        )
        layers = [*inherited, layer] if layer else inherited
        for entry in entries:
            relpath = f"{base}/{entry.name}" if base else entry.name
            if entry.is_symlink():
                if not is_ignored(layers, relpath, False):
                    self._skip_symlink(entry, relpath)
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name in ALWAYS_SKIPPED_DIRECTORIES or is_ignored(layers, relpath, True):
                    continue
                if self._only_directories is not None and relpath not in self._only_directories:
                    continue
                pending.append((entry.path, relpath, layers))
            elif entry.is_file(follow_symlinks=False):
                target = self._file_target(entry, relpath, layers)
                if target is not None:
                    yield target

    def _file_target(self, entry: os.DirEntry[str], relpath: str, layers: list[IgnoreLayer]) -> Target | None:
        if self.scope.only is not None and relpath not in self.scope.only:
            return None
        if is_ignored(layers, relpath, False):
            return None
        status = entry.stat(follow_symlinks=False)
        size = status.st_size
        if size > self.max_file_size:
            self.skipped.append(Skip(relpath, f"larger than the {self.max_file_size}-byte limit ({size} bytes)"))
            return None
        return Target(entry.path, relpath, size, mtime_ns=status.st_mtime_ns)

    def _skip_symlink(self, entry: os.DirEntry[str], relpath: str) -> None:
        try:
            resolved = Path(entry.path).resolve(strict=True)
        except (OSError, RuntimeError):
            self.skipped.append(Skip(relpath, "symlink loop or dangling symlink; not followed"))
            return
        if not resolved.is_relative_to(self.root):
            self.skipped.append(Skip(relpath, "symlink pointing outside the scan root; not followed"))
        else:
            self.skipped.append(Skip(relpath, "symlink inside the scan root; its target is scanned at its own path"))
