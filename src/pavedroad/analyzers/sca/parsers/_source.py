"""The file a parser reads: its path, its text, its siblings, and the problems found while reading it."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from pavedroad.core.components import Component, ParseProblem

ReadSibling = Callable[[str], bytes | None]

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# No manifest or lockfile is anywhere near this; a file this size is refused unread.
MAX_MANIFEST_BYTES = 50 * 1024 * 1024


class ManifestError(Exception):
    """The file cannot be read at all; parse_manifest turns this into a ParseProblem."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode_text(data: bytes) -> str:
    """The bytes of a manifest as text: UTF-8 (BOM or not), or UTF-16 when it starts with a UTF-16 BOM.

    Undecodable bytes become U+FFFD rather than an error: a stray byte in a comment must not
    hide every package in the file.
    """
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


@dataclass(slots=True)
class ManifestFile:
    """One manifest or lockfile being parsed.

    `read_sibling` takes a path relative to the scan root and returns that file's bytes, or
    None when it is missing or outside the root; parsers never open files themselves.
    `partial` is set when the document was damaged and only a prefix of it could be read.
    """

    path: str
    text: str
    read_sibling: ReadSibling
    problems: list[ParseProblem] = field(default_factory=list)
    partial: bool = False

    @property
    def directory(self) -> str:
        """The directory holding this file, relative to the scan root ("" at the root)."""
        return posixpath.dirname(self.path)

    @property
    def name(self) -> str:
        """The file's own name, without its directory."""
        return posixpath.basename(self.path)

    def problem(self, message: str, line: int | None = None, path: str | None = None) -> None:
        """Record something that could not be read; `path` defaults to this file."""
        self.problems.append(ParseProblem(path or self.path, message, line))

    def note(self, message: str, line: int | None = None) -> None:
        """Record something the user should know that is not a failure to read this file."""
        self.problems.append(ParseProblem(self.path, message, line, note=True))

    def check_format(
        self,
        what: str,
        found: object,
        known: tuple[object, ...],
        read_as: str,
        line: int | None = 1,
        shown: object = None,
    ) -> None:
        """Record a problem when the file names a format version this parser does not know.

        The file is still read (as `read_as`): most new versions add fields rather than
        move them. A truncated file's missing version is not reported twice.
        """
        if found in known or (self.partial and found is None):
            return
        if found is None:
            self.problem(f"no {what}: the file may be incomplete; read as {read_as}", line)
        else:
            self.problem(f"unknown {what} {shown if shown is not None else found!r}; read as {read_as}", line)

    def relative_path(self, relative: str) -> str | None:
        """`relative` (as written in this file) resolved against its directory, or None if it leaves the root."""
        joined = posixpath.normpath(posixpath.join(self.directory, relative.replace("\\", "/")))
        if joined.startswith(("../", "/")) or joined == "..":
            return None
        return joined

    def read_relative(self, relative: str) -> tuple[str, str] | None:
        """The (path, text) of a file named relative to this one, or None when it cannot be read."""
        path = self.relative_path(relative)
        if path is None:
            return None
        data = self.read_path(path)
        if data is None:
            return None
        return path, decode_text(data)

    def read_path(self, path: str) -> bytes | None:
        """The bytes of another file in the scan (path relative to the root), refusing oversized ones."""
        data = self.read_sibling(path)
        if data is not None and len(data) > MAX_MANIFEST_BYTES:
            self.problem(f"{path} is larger than {MAX_MANIFEST_BYTES // (1024 * 1024)} MB; not read")
            return None
        return data

    def sibling(self, relative: str) -> ManifestFile | None:
        """A file beside this one, read for reference (the pyproject.toml beside a poetry.lock).

        Its problems are kept apart: that file reports them itself when it is parsed.
        """
        found = self.read_relative(relative)
        return None if found is None else ManifestFile(found[0], found[1], self.read_sibling)

    def derived(self, path: str, text: str) -> ManifestFile:
        """Another file read on behalf of this one (an include, a parent POM): problems land here."""
        return ManifestFile(path, text, self.read_sibling, self.problems)


Parser = Callable[[ManifestFile], list[Component]]
