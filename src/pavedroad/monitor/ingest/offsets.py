"""Where each followed file was read up to, kept across restarts in the state directory."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from pavedroad.core.errors import UsageError

# Identity of a file beyond its inode: inodes are reused when a file is deleted and another created.
HEAD_BYTES = 64


@dataclass(frozen=True, slots=True)
class FileState:
    """A file's identity (device, inode, hash of its first bytes) and the resume point."""

    device: int
    inode: int
    offset: int
    lines: int
    head_length: int
    head_sha1: str


def head_fingerprint(descriptor: int) -> tuple[int, str]:
    """(length, sha1) of the first HEAD_BYTES bytes of an open file."""
    head = os.pread(descriptor, HEAD_BYTES, 0)
    return len(head), hashlib.sha1(head, usedforsecurity=False).hexdigest()


def same_file(state: FileState, path: Path) -> bool:
    """Whether `path` is the file `state` describes: same inode and the same first bytes."""
    try:
        stat = path.stat()
        if (stat.st_dev, stat.st_ino) != (state.device, state.inode):
            return False
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        head = os.pread(descriptor, state.head_length, 0)
    finally:
        os.close(descriptor)
    return hashlib.sha1(head, usedforsecurity=False).hexdigest() == state.head_sha1


class OffsetStore:
    """A JSON file of FileStates by path, written atomically (temp file + rename) on `save`.

    With no path (no --state-dir) it keeps offsets in memory only.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._states: dict[str, FileState] = {}
        self._dirty = False
        if path is not None and path.exists():
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
                self._states = {name: FileState(**fields) for name, fields in document["files"].items()}
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise UsageError(f"{path}: unreadable offsets file ({error}); delete it to start over") from error

    def get(self, name: str) -> FileState | None:
        """The saved state of a source by name, if any."""
        return self._states.get(name)

    def put(self, name: str, state: FileState) -> None:
        """Remember a state; written on the next `save`."""
        if self._states.get(name) != state:
            self._states[name] = state
            self._dirty = True

    def save(self) -> None:
        """Write the states if anything changed; atomic so that a crash never leaves half a file."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        document = {"files": {name: asdict(state) for name, state in sorted(self._states.items())}}
        temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)
        self._dirty = False
