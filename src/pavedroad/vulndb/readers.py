"""Reading advisory files: directories, OSV export zips, JSON, JSON Lines (plain or gzip), CSV.

A record that does not decode is yielded with its error and location, so the import can
skip it and say where it was. A file that cannot be read at all (missing, truncated
archive, bad CRC) raises ImportFailedError: the import stops and keeps the old database.
Nothing is extracted to disk, and every record is size-limited.
"""

from __future__ import annotations

import gzip
import json
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pavedroad.vulndb.errors import ImportFailedError

MAX_RECORD_BYTES = 32 * 1024 * 1024
OSV_SUFFIXES = (".jsonl.gz", ".jsonl", ".json", ".zip")
CSV_SUFFIXES = (".csv.gz", ".csv")
_FILE_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)


@dataclass(frozen=True, slots=True)
class DecodedValue:
    """One JSON value read from a file, or the reason it could not be decoded, and where."""

    data: object = None
    error: str | None = None
    line: int | None = None
    member: str | None = None


def suffix_of(path: Path) -> str | None:
    """The recognised suffix of an input file (`.jsonl.gz`, `.zip`, `.csv`...), or None."""
    name = path.name.lower()
    return next((suffix for suffix in (*OSV_SUFFIXES, *CSV_SUFFIXES) if name.endswith(suffix)), None)


def input_files(paths: Sequence[Path]) -> list[Path]:
    """The files to import: named files as given, directories walked (hidden entries skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    found
                    for found in path.rglob("*")
                    if found.is_file()
                    and suffix_of(found)
                    and not any(part.startswith(".") for part in found.relative_to(path).parts)
                )
            )
        elif path.exists():  # a regular file, or a named pipe such as `<(zcat export.jsonl.gz)`
            if suffix_of(path) is None:
                raise ImportFailedError(
                    f"{path}: not an advisory file (expected .json, .jsonl, .jsonl.gz, .zip, .csv or .csv.gz)"
                )
            files.append(path)
        else:
            raise ImportFailedError(f"{path}: no such file or directory")
    return files


def _decode(raw: bytes, line: int | None = None, member: str | None = None) -> DecodedValue:
    if len(raw) > MAX_RECORD_BYTES:
        return DecodedValue(error=f"record larger than {MAX_RECORD_BYTES // 1048576} MiB", line=line, member=member)
    try:
        return DecodedValue(json.loads(raw), line=line, member=member)
    except (ValueError, RecursionError) as error:
        return DecodedValue(error=f"invalid JSON: {error}", line=line, member=member)


def _json_lines(path: Path) -> Iterator[DecodedValue]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as stream:
        number = 0
        while line := stream.readline(MAX_RECORD_BYTES + 1):
            number += 1
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                while (rest := stream.readline(MAX_RECORD_BYTES + 1)) and not rest.endswith(b"\n"):
                    pass  # never hold more than one record's worth of an overlong line in memory
                yield DecodedValue(error=f"record larger than {MAX_RECORD_BYTES // 1048576} MiB", line=number)
            elif line.strip():
                yield _decode(line, line=number)


def _zip_members(path: Path) -> Iterator[DecodedValue]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue
            if info.file_size > MAX_RECORD_BYTES:
                yield DecodedValue(error=f"member larger than {MAX_RECORD_BYTES // 1048576} MiB", member=info.filename)
                continue
            with archive.open(info) as member:
                yield _decode(member.read(MAX_RECORD_BYTES + 1), member=info.filename)


def _json_document(path: Path) -> Iterator[DecodedValue]:
    yield _decode(path.read_bytes())


def json_values(path: Path) -> Iterator[DecodedValue]:
    """Every JSON value in an advisory file: one per line, per zip member, or the whole document."""
    suffix = suffix_of(path)
    reader = {".zip": _zip_members, ".json": _json_document}.get(suffix or "", _json_lines)
    try:
        yield from reader(path)
    except _FILE_ERRORS as error:
        raise ImportFailedError(f"{path}: cannot be read: {error}") from error


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a text file, gzip-compressed or not; undecodable bytes are replaced."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            for number, line in enumerate(stream, start=1):
                yield number, line.decode("utf-8", errors="replace").rstrip("\r\n")
    except _FILE_ERRORS as error:
        raise ImportFailedError(f"{path}: cannot be read: {error}") from error
