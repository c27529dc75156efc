"""zstd-compressed layers (OCI `application/vnd.oci.image.layer.v1.tar+zstd`), read as a stream.

The `zstandard` package decompresses; it is imported only when a zstd layer is met, so an
installation without it still reads every gzip, bzip2, xz and plain layer and names the
zstd ones it could not read. Decompressed bytes go straight to the tar reader, so the same
member-header checks (size limits, bombs, unsafe paths) apply as to gzip layers.
"""

from __future__ import annotations

import io
from typing import IO

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# zstd's own default decoder limit (128 MiB): a frame asking for a larger window is refused, so a
# hostile header cannot make the scanner allocate gigabytes before a single member is seen.
MAX_WINDOW_BYTES = 1 << 27
READ_CHUNK_BYTES = 1 << 16


class ZstdUnavailableError(Exception):
    """A zstd layer met without the `zstandard` package installed."""


class _ZstdStream(io.RawIOBase):
    """A decompressing reader whose failures are OSErrors, which the layer reader already handles."""

    def __init__(self, reader: IO[bytes], error_type: type[Exception]) -> None:
        super().__init__()
        self._reader = reader
        self._error_type = error_type

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            return self._reader.read(size if size >= 0 else READ_CHUNK_BYTES)
        except self._error_type as error:
            raise OSError(f"zstd stream corrupt: {error}") from None

    def close(self) -> None:
        self._reader.close()
        super().close()


def zstd_reader(blob: IO[bytes]) -> io.RawIOBase:
    """A stream of the decompressed bytes of `blob`; ZstdUnavailableError without `zstandard`."""
    try:
        import zstandard
    except ImportError:
        raise ZstdUnavailableError(
            "zstd-compressed layer not read: the `zstandard` package is not installed (pip install zstandard)"
        ) from None
    decompressor = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW_BYTES)
    # Layers written in parallel (zstd -T, zstd:chunked) hold many frames: read through all of them.
    reader = decompressor.stream_reader(blob, read_size=READ_CHUNK_BYTES, read_across_frames=True)
    return _ZstdStream(reader, zstandard.ZstdError)
