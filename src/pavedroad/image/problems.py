"""What can go wrong reading an image, and the limits that keep hostile input cheap."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True, slots=True)
class ImageProblem:
    """One thing that could not be read (or was refused), naming the layer or file and member.

    `is_error` problems mean the inventory may be incomplete (exit code 2); warnings are facts
    a user should know that do not (a FIFO skipped, an rpm database in a format not read).
    """

    path: str
    message: str
    is_error: bool = True
    line: int | None = None

    def describe(self) -> str:
        """`path:line: message`."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """Bounds on what one image may make the scanner do.

    Layers are streamed, so these bound work and memory, not disk: a member whose header
    claims more than `max_member_bytes`, a layer that inflates more than
    `max_compression_ratio` times its compressed size (once past `ratio_floor_bytes`), or an
    image past `max_total_bytes` or `max_members` stops reading that layer with a problem.
    """

    max_total_bytes: int = 32 * GIB
    max_member_bytes: int = 8 * GIB
    max_members: int = 2_000_000
    max_compression_ratio: float = 200.0
    ratio_floor_bytes: int = 32 * MIB
    max_read_bytes: int = 256 * MIB  # a file read into memory (an rpm database, a status file)
    max_json_bytes: int = 16 * MIB  # manifest.json, index.json, an image config
    max_layers: int = 512
    max_link_hops: int = 40
