"""Reading a results file: a size limit first, then JSON with errors that name file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

from pavedroad.importers.model import ImportFileError

#: Results files above this size are refused rather than loaded into memory.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def read_json(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> object:
    """The parsed JSON document at `path`; ImportFileError for a missing, oversized or invalid file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror or error}") from None
    if size > max_bytes:
        raise ImportFileError(
            f"{path}: {_megabytes(size)} is above the import limit of {_megabytes(max_bytes)};"
            " split the report or raise the limit"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path}: not UTF-8 text (byte {error.start}); results files are JSON") from None
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise ImportFileError(f"{path}: JSON nested too deeply to be a results file") from None


def _megabytes(size: int) -> str:
    # Small limits (tests, constrained CI) read better in bytes than as "0.0 MB".
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
