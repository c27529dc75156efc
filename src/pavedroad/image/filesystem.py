"""What an inventory reads from: an image's merged layers or a root filesystem directory.

A root filesystem is read like an image: symbolic links are resolved against the root
directory (an absolute link means the root's own /etc, never the host's), nothing outside
it is opened, and the walk stays on the root's own device.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.tree import UnsafePathError, link_target

# Kernel and runtime pseudo-filesystems: nothing installed lives there.
PSEUDO_DIRECTORIES = frozenset({"proc", "sys", "dev", "run"})


class Filesystem(Protocol):
    """The merged view an inventory reads from; `problems` collects what could not be read."""

    problems: list[ImageProblem]

    def file_paths(self) -> Iterator[str]:
        """Every regular file, root-relative and "/"-separated."""
        ...

    def read_files(self, paths: Iterable[str]) -> dict[str, bytes]:
        """The contents of those `paths` that exist as files (links followed inside the root)."""
        ...


class DirectoryFilesystem:
    """A root filesystem on disk (a mounted image, a chroot, this machine's own /)."""

    def __init__(self, root: Path, limits: ImageLimits) -> None:
        self.root = root
        self.limits = limits
        self.problems: list[ImageProblem] = []
        self._device = root.lstat().st_dev

    def file_paths(self) -> Iterator[str]:
        for directory, subdirectories, files in os.walk(self.root, onerror=self._walk_error):
            relative = Path(directory).relative_to(self.root).as_posix()
            prefix = "" if relative == "." else f"{relative}/"
            subdirectories[:] = sorted(name for name in subdirectories if self._descend(prefix, Path(directory, name)))
            for name in sorted(files):
                if stat.S_ISREG(Path(directory, name).lstat().st_mode):
                    yield f"{prefix}{name}"

    def read_files(self, paths: Iterable[str]) -> dict[str, bytes]:
        contents: dict[str, bytes] = {}
        for path in dict.fromkeys(paths):
            data = self._read(path)
            if data is not None:
                contents[path] = data
        return contents

    def _descend(self, prefix: str, directory: Path) -> bool:
        if not prefix and directory.name in PSEUDO_DIRECTORIES:
            return False
        try:
            return directory.lstat().st_dev == self._device
        except OSError:
            return False

    def _walk_error(self, error: OSError) -> None:
        where = Path(error.filename).relative_to(self.root).as_posix() if error.filename else "."
        self.problems.append(ImageProblem(where, f"unreadable: {error.strerror or error}", is_error=False))

    def _read(self, path: str) -> bytes | None:
        resolved = self._resolve(path)
        if resolved is None:
            return None
        try:
            # O_NOFOLLOW: the path was resolved inside the root; a link swapped in since is refused.
            descriptor = os.open(resolved, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            self.problems.append(ImageProblem(path, f"unreadable: {error.strerror or error}"))
            return None
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            size = os.fstat(stream.fileno()).st_size
            if size > self.limits.max_read_bytes:
                message = f"{size} bytes, over the {self.limits.max_read_bytes}-byte read limit; not read"
                self.problems.append(ImageProblem(path, message))
                return None
            return stream.read(self.limits.max_read_bytes)

    def _resolve(self, path: str) -> Path | None:
        """`path` with every link resolved against the root, or None if it does not exist or escapes."""
        parts = [part for part in path.split("/") if part]
        resolved: list[str] = []
        hops = 0
        while parts:
            name = parts.pop(0)
            candidate = self.root.joinpath(*resolved, name)
            try:
                mode = candidate.lstat().st_mode
            except OSError:
                return None
            if not stat.S_ISLNK(mode):
                resolved.append(name)
                continue
            hops += 1
            if hops > self.limits.max_link_hops:
                return None
            link_path = "/".join([*resolved, name])
            try:
                target = link_target(link_path, os.readlink(candidate))
            except (OSError, UnsafePathError) as error:
                self.problems.append(ImageProblem(link_path, f"symbolic link not followed: {error}", is_error=False))
                return None
            parts = [part for part in target.split("/") if part] + parts
            resolved = []
        return self.root.joinpath(*resolved)
