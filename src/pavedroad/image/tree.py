"""The merged filesystem of an image's layers, as an in-memory tree of where each file lives.

Nothing is extracted: a file node records which layer and which member (by position in the
layer's tar) hold its bytes. Paths are "/"-separated and relative to the image root.
Symbolic links are resolved inside this tree only, clamped to its root, so a link can never
lead a read to the host's filesystem.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"


class NodeKind(str, Enum):
    DIRECTORY = "directory"
    FILE = "file"
    SYMLINK = "symlink"


@dataclass(slots=True)
class Node:
    """One path in the merged tree. `layer`/`ordinal` locate a file's bytes; `target` is a link's."""

    kind: NodeKind
    layer: int = -1
    ordinal: int = -1
    size: int = 0
    target: str = ""  # a symlink's target, normalised and relative to the root
    children: dict[str, Node] = field(default_factory=dict)


class UnsafePathError(ValueError):
    """A member name or link target that would leave the image root."""


def member_path(name: str) -> str:
    """A tar member name as a root-relative path; UnsafePathError for absolute names or `..`.

    Real layers never contain either, so both are refused rather than reinterpreted.
    """
    if name.startswith("/"):
        raise UnsafePathError("absolute path")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafePathError("path with '..' segments")
    return "/".join(parts)


def link_target(link_path: str, target: str) -> str:
    """A symlink's target as a root-relative path; UnsafePathError if it climbs above the root.

    An absolute target is relative to the image root (as inside the container).
    """
    if not target:
        raise UnsafePathError("empty link target")
    base = "" if target.startswith("/") else posixpath.dirname(link_path)
    parts: list[str] = []
    for part in posixpath.join(base, target.lstrip("/")).split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise UnsafePathError(f"link target {target!r} escapes the image root")
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


class FileTree:
    """Layers applied in order: whiteouts delete lower entries, later members replace earlier."""

    def __init__(self, max_link_hops: int = 40) -> None:
        self.root = Node(NodeKind.DIRECTORY)
        self.max_link_hops = max_link_hops

    def add(self, path: str, node: Node) -> None:
        """Put `node` at `path`, creating parent directories and resolving linked parents."""
        parent_path, _, name = path.rpartition("/")
        if not name:
            return  # the root itself
        parent = self._directory(parent_path, create=True)
        if parent is None:
            return
        existing = parent.children.get(name)
        if node.kind is NodeKind.DIRECTORY and existing is not None and existing.kind is NodeKind.DIRECTORY:
            return  # re-declaring a directory keeps what lower layers put inside it
        parent.children[name] = node

    def remove(self, path: str) -> None:
        """A whiteout: delete `path` and everything below it."""
        parent_path, _, name = path.rpartition("/")
        parent = self._directory(parent_path, create=False)
        if parent is not None:
            parent.children.pop(name, None)

    def make_opaque(self, path: str) -> None:
        """An opaque whiteout: the directory keeps only what its own layer adds."""
        directory = self._directory(path, create=False)
        if directory is not None:
            directory.children.clear()

    def lookup(self, path: str, follow: bool = True) -> Node | None:
        """The node at `path`, following symlinks (inside the tree) unless `follow` is false for the last part."""
        return self._resolve(path.split("/") if path else [], follow_last=follow)

    def resolved_path(self, path: str) -> str | None:
        """Where `path` really lives after following links, or None if it does not exist."""
        parts = path.split("/") if path else []
        resolved: list[str] = []
        node = self.root
        hops = 0
        while parts:
            name = parts.pop(0)
            child = node.children.get(name) if node.kind is NodeKind.DIRECTORY else None
            if child is None:
                return None
            if child.kind is NodeKind.SYMLINK:
                hops += 1
                if hops > self.max_link_hops:
                    return None
                parts = (child.target.split("/") if child.target else []) + parts
                resolved, node = [], self.root
                continue
            resolved.append(name)
            node = child
        return "/".join(resolved)

    def files(self) -> Iterator[tuple[str, Node]]:
        """Every regular file, with its path; links are not followed, so nothing is listed twice."""
        stack: list[tuple[str, Node]] = [("", self.root)]
        while stack:
            prefix, directory = stack.pop()
            for name, child in sorted(directory.children.items(), reverse=True):
                path = f"{prefix}{name}"
                if child.kind is NodeKind.DIRECTORY:
                    stack.append((f"{path}/", child))
                elif child.kind is NodeKind.FILE:
                    yield path, child

    def _directory(self, path: str, create: bool) -> Node | None:
        node = self._resolve(path.split("/") if path else [], follow_last=True, create=create)
        return node if node is not None and node.kind is NodeKind.DIRECTORY else None

    def _resolve(self, parts: list[str], follow_last: bool, create: bool = False) -> Node | None:
        node = self.root
        parts = list(parts)
        hops = 0
        while parts:
            name = parts.pop(0)
            child = node.children.get(name)
            if child is None or (create and child.kind is NodeKind.FILE and parts):
                if not create:
                    return None
                # A missing parent (or a file where a directory must go) becomes a directory,
                # as when a tar is extracted.
                child = node.children[name] = Node(NodeKind.DIRECTORY)
            if child.kind is NodeKind.SYMLINK and (parts or follow_last):
                hops += 1
                if hops > self.max_link_hops:
                    return None
                parts = (child.target.split("/") if child.target else []) + parts
                node = self.root
                continue
            if parts and child.kind is not NodeKind.DIRECTORY:
                return None
            node = child
        return node
