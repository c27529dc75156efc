"""Layer tarballs streamed into a `FileTree`, safely, and the few wanted files read back.

Each layer is read twice at most, as a stream (gzip, bzip2, xz, zstd or plain): once to index it
and, if it holds a wanted file, once more to read just those members. Nothing is written to
disk. Members that would escape the root (absolute names, `..`, links climbing out), device
files and FIFOs are refused with a problem; member headers are checked against the limits
*before* their data is decompressed, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import tarfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.tree import (
    OPAQUE_MARKER,
    WHITEOUT_PREFIX,
    FileTree,
    Node,
    NodeKind,
    UnsafePathError,
    link_target,
    member_path,
)
from pavedroad.image.zstd import ZSTD_MAGIC, ZstdUnavailableError, zstd_reader

TAR_HEADER_BYTES = 512
# What a broken or truncated stream raises, whichever compressor it went through.
STREAM_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, ValueError)


@dataclass(frozen=True, slots=True)
class LayerRef:
    """One layer blob inside the image tarball: `label` names it in problems (a digest or path)."""

    label: str
    member: str
    compressed_size: int


@dataclass(slots=True)
class _Budget:
    """Counts shared by every layer of one image, against the limits."""

    limits: ImageLimits
    total_bytes: int = 0
    members: int = 0

    def refuse(self, member: tarfile.TarInfo, layer_bytes: int, compressed_size: int) -> str | None:
        """Why reading must stop before this member's data is inflated, or None."""
        limits = self.limits
        self.members += 1
        self.total_bytes += member.size + TAR_HEADER_BYTES
        if self.members > limits.max_members:
            return f"more than {limits.max_members} members in the image; the rest of this layer is not read"
        if member.size > limits.max_member_bytes:
            return (
                f"member {member.name!r} claims {member.size} bytes, over the {limits.max_member_bytes}-byte "
                "per-file limit; the rest of this layer is not read"
            )
        if self.total_bytes > limits.max_total_bytes:
            return f"image inflates past {limits.max_total_bytes} bytes; the rest of this layer is not read"
        ratio = layer_bytes / max(compressed_size, 1)
        if layer_bytes > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
            return (
                f"decompression bomb: the layer inflates {ratio:.0f} times its {compressed_size}-byte size "
                f"at member {member.name!r} (limit {limits.max_compression_ratio:.0f}); the rest is not read"
            )
        return None


class _LayerIndex:
    """What one layer adds and removes, collected before it is applied (whiteouts hit lower layers only)."""

    def __init__(self, layer: int, label: str, tree: FileTree, problems: list[ImageProblem]) -> None:
        self.layer = layer
        self.label = label
        self.tree = tree
        self.problems = problems
        self.entries: dict[str, Node] = {}
        self.whiteouts: list[str] = []
        self.opaque: list[str] = []

    def add_member(self, member: tarfile.TarInfo, ordinal: int) -> None:
        try:
            path = member_path(member.name)
        except UnsafePathError as error:
            self._refuse(member, f"{error}; skipped")
            return
        directory, _, name = path.rpartition("/")
        if name == OPAQUE_MARKER:
            self.opaque.append(directory)
        elif name.startswith(WHITEOUT_PREFIX):
            self.whiteouts.append(f"{directory}/{name[len(WHITEOUT_PREFIX) :]}".lstrip("/"))
        elif member.isdir():
            self.entries[path] = Node(NodeKind.DIRECTORY)
        elif member.isreg():
            self.entries[path] = Node(NodeKind.FILE, self.layer, ordinal, member.size)
        elif member.issym():
            self._add_symlink(member, path)
        elif member.islnk():
            self._add_hardlink(member, path)
        else:
            kind = "device file" if member.ischr() or member.isblk() else "FIFO" if member.isfifo() else "special file"
            self._refuse(member, f"{kind}; skipped", is_error=False)

    def _add_symlink(self, member: tarfile.TarInfo, path: str) -> None:
        try:
            self.entries[path] = Node(NodeKind.SYMLINK, target=link_target(path, member.linkname))
        except UnsafePathError as error:
            self._refuse(member, f"symbolic link to {member.linkname!r}: {error}; skipped")

    def _add_hardlink(self, member: tarfile.TarInfo, path: str) -> None:
        try:
            target_path = member_path(member.linkname)
        except UnsafePathError as error:
            self._refuse(member, f"hard link to {member.linkname!r}: {error} outside the image root; skipped")
            return
        target = self.entries.get(target_path) or self.tree.lookup(target_path, follow=False)
        if target is None or target.kind is not NodeKind.FILE:
            self._refuse(member, f"hard link to {member.linkname!r}, which is not a file in the image; skipped")
            return
        self.entries[path] = Node(NodeKind.FILE, target.layer, target.ordinal, target.size)

    def apply(self) -> None:
        for path in self.whiteouts:
            self.tree.remove(path)
        for path in self.opaque:
            self.tree.make_opaque(path)
        for path, node in self.entries.items():
            self.tree.add(path, node)

    def _refuse(self, member: tarfile.TarInfo, message: str, is_error: bool = True) -> None:
        self.problems.append(ImageProblem(self.label, f"member {member.name!r}: {message}", is_error))


class LayeredFilesystem:
    """The merged filesystem of an image's layers, read from the image tarball on demand."""

    def __init__(self, archive: tarfile.TarFile, layers: Iterable[LayerRef], limits: ImageLimits) -> None:
        self.archive = archive
        self.layers = list(layers)
        self.limits = limits
        self.problems: list[ImageProblem] = []
        self.tree = FileTree(limits.max_link_hops)
        budget = _Budget(limits)
        for index, layer in enumerate(self.layers):
            self._index_layer(index, layer, budget)

    def file_paths(self) -> Iterator[str]:
        """Every regular file in the merged filesystem."""
        return (path for path, _ in self.tree.files())

    def read_files(self, paths: Iterable[str]) -> dict[str, bytes]:
        """The contents of those `paths` that are files (links followed inside the image); one pass per layer."""
        wanted: dict[int, dict[int, list[str]]] = {}
        for path in dict.fromkeys(paths):
            node = self.tree.lookup(path)
            if node is None or node.kind is not NodeKind.FILE:
                continue
            if node.size > self.limits.max_read_bytes:
                message = f"{node.size} bytes, over the {self.limits.max_read_bytes}-byte read limit; not read"
                self.problems.append(ImageProblem(path, message))
                continue
            wanted.setdefault(node.layer, {}).setdefault(node.ordinal, []).append(path)
        contents: dict[str, bytes] = {}
        for layer, ordinals in sorted(wanted.items()):
            self._read_layer(self.layers[layer], ordinals, contents)
        return contents

    def _open(self, layer: LayerRef) -> tarfile.TarFile:
        blob = self.archive.extractfile(layer.member)
        if blob is None:
            raise tarfile.ReadError("layer blob is not a file in the image tarball")
        if _peek(blob, len(ZSTD_MAGIC)) == ZSTD_MAGIC:
            # tarfile's "r|*" knows no zstd: decompress here and hand it a plain tar stream.
            return tarfile.open(fileobj=zstd_reader(blob), mode="r|")
        return tarfile.open(fileobj=blob, mode="r|*")

    def _index_layer(self, index: int, layer: LayerRef, budget: _Budget) -> None:
        collected = _LayerIndex(index, layer.label, self.tree, self.problems)
        layer_bytes = 0
        try:
            with self._open(layer) as tar:
                for ordinal, member in enumerate(_members(tar)):
                    layer_bytes += member.size + TAR_HEADER_BYTES
                    refusal = budget.refuse(member, layer_bytes, layer.compressed_size)
                    if refusal:
                        self.problems.append(ImageProblem(layer.label, refusal))
                        break
                    collected.add_member(member, ordinal)
        except ZstdUnavailableError as error:
            self.problems.append(ImageProblem(layer.label, str(error)))
        except STREAM_ERRORS as error:
            self.problems.append(
                ImageProblem(layer.label, f"layer unreadable or truncated ({_describe(error)}); kept what was read")
            )
        collected.apply()

    def _read_layer(self, layer: LayerRef, ordinals: dict[int, list[str]], contents: dict[str, bytes]) -> None:
        last = max(ordinals)
        try:
            with self._open(layer) as tar:
                for ordinal, member in enumerate(_members(tar)):
                    if ordinal in ordinals:
                        data = tar.extractfile(member)
                        if data is not None:
                            payload = data.read(self.limits.max_read_bytes)
                            contents.update(dict.fromkeys(ordinals[ordinal], payload))
                    if ordinal >= last:
                        break
        except STREAM_ERRORS as error:
            self.problems.append(ImageProblem(layer.label, f"layer unreadable on second read ({_describe(error)})"))


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (member := tar.next()) is not None:
        # A streamed TarFile remembers every header; forget them so a huge layer costs no memory.
        tar.members.clear()  # type: ignore[attr-defined]
        yield member


def _peek(blob: IO[bytes], size: int) -> bytes:
    peek = getattr(blob, "peek", None)
    if peek is None:
        return b""
    data: bytes = peek(size)
    return data[:size]


def _describe(error: BaseException) -> str:
    return str(error) or type(error).__name__
