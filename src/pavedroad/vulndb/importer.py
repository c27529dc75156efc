"""`db import`: load advisory files into the database, all or nothing.

The new database is built in a temporary file beside the target (a copy of the current one,
unless `replace`), and moved over it with `os.replace` only when everything was read. An
import that fails or is interrupted half-way leaves the previous database untouched; a
temporary file left by a killed import is removed by the next one. Malformed records are
reported with file and line (or archive member) and skipped; the rest is imported.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pavedroad.vulndb.errors import CorruptDatabaseError, ImportFailedError
from pavedroad.vulndb.exploits import is_kev_catalogue, parse_epss, parse_kev
from pavedroad.vulndb.freshness import trustworthy
from pavedroad.vulndb.osv import MalformedRecordError, parse_advisory
from pavedroad.vulndb.readers import CSV_SUFFIXES, DecodedValue, input_files, json_values, suffix_of, text_lines
from pavedroad.vulndb.report import ImportProblem, ImportReport, SourceSummary
from pavedroad.vulndb.store import SCHEMA_VERSION
from pavedroad.vulndb.writer import DatabaseWriter, utc_now

Progress = Callable[[str], None]
_TEMPORARY_SUFFIX = ".importing"


@dataclass(frozen=True, slots=True)
class ImportSource:
    """An input with how `db status` should name it (a download's URL, the bundled snapshot...).

    `data_date` overrides the newest `modified` date found in its records (used for the
    snapshot, whose build records how current its data is).
    """

    path: Path
    name: str | None = None
    location: str | None = None
    data_date: str | None = None
    found_in_directory: bool = False


@dataclass(slots=True)
class _Tally:
    records: int = 0
    skipped: int = 0
    newest: datetime | None = None
    newest_text: str | None = None

    def saw_modified(self, modified: str) -> None:
        moment = trustworthy(modified)
        if moment is not None and (self.newest is None or moment > self.newest):
            self.newest, self.newest_text = moment, modified


def import_paths(
    database: Path,
    inputs: Sequence[Path | ImportSource],
    *,
    replace: bool = False,
    progress: Progress | None = None,
    meta: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import OSV files/directories/zips, KEV JSON and EPSS CSV into `database`, atomically.

    With `replace` the result holds only these inputs; otherwise they are added to the current
    database (an advisory id imported again replaces the earlier record). Raises
    ImportFailedError (the old database kept) when an input cannot be read at all.
    """
    started = time.perf_counter()
    sources = _expand(inputs)
    database.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(database)
    handle, name = tempfile.mkstemp(
        prefix=f".{database.name}.{os.getpid()}.", suffix=_TEMPORARY_SUFFIX, dir=database.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        summaries, problems, ignored = _build(temporary, database, sources, replace, progress, meta or {})
        _flush_to_disk(temporary)
        os.replace(temporary, database)
        _flush_to_disk(database.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    elapsed = time.perf_counter() - started
    return ImportReport(database, tuple(summaries), tuple(problems), elapsed, tuple(ignored))


def _expand(inputs: Sequence[Path | ImportSource]) -> list[ImportSource]:
    sources: list[ImportSource] = []
    for item in inputs:
        source = item if isinstance(item, ImportSource) else ImportSource(item)
        found = input_files([source.path])
        if source.path.is_dir():
            sources.extend(ImportSource(path, found_in_directory=True) for path in found)
        else:
            sources.append(source)
    if not sources:
        shown = ", ".join(str(item.path if isinstance(item, ImportSource) else item) for item in inputs)
        raise ImportFailedError(f"{shown}: no advisory files (.json, .jsonl, .jsonl.gz, .zip, .csv) to import")
    return sources


def _build(
    temporary: Path,
    database: Path,
    sources: list[ImportSource],
    replace: bool,
    progress: Progress | None,
    meta: Mapping[str, str],
) -> tuple[list[SourceSummary], list[ImportProblem], list[str]]:
    connection = sqlite3.connect(temporary)
    try:
        # The temporary file is thrown away on any failure, so no journal is needed.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        writer = DatabaseWriter(connection)
        if replace or not database.exists():
            writer.create_schema()
        else:
            _copy_existing(database, connection)
        summaries: list[SourceSummary] = []
        problems: list[ImportProblem] = []
        ignored: list[str] = []
        for number, source in enumerate(sources, start=1):
            if progress is not None:
                progress(f"importing {source.path} ({number}/{len(sources)})")
            summary = _import_source(writer, source, problems)
            if summary is None:
                ignored.append(str(source.path))
            else:
                summaries.append(summary)
        for key, value in {"updated_at": utc_now(), **meta}.items():
            writer.set_meta(key, value)
        connection.commit()
        return summaries, problems, ignored
    except sqlite3.Error as error:
        message = f"{database}: could not write the new database ({error}); nothing was changed"
        raise ImportFailedError(message) from error
    finally:
        connection.close()


def _copy_existing(database: Path, connection: sqlite3.Connection) -> None:
    hint = "nothing was changed; use `--replace` to build a new database from the inputs"
    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as existing:
            found = existing.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if found is None or found[0] != SCHEMA_VERSION:
                raise CorruptDatabaseError(f"{database}: not a current pavedroad vulnerability database; {hint}")
            existing.backup(connection)
    except sqlite3.DatabaseError as error:
        raise CorruptDatabaseError(f"{database}: the existing database is damaged ({error}); {hint}") from error


def _looks_like_advisory_data(value: DecodedValue) -> bool:
    """Whether a JSON document found in a directory is OSV or KEV data (not, say, a manifest)."""
    data = value.data
    first = data[0] if isinstance(data, list) and data else data
    is_osv = isinstance(first, dict) and "id" in first and "modified" in first
    return value.error is not None or is_osv or is_kev_catalogue(data)


def _is_epss_csv(path: Path) -> bool:
    """Whether a CSV file found in a directory starts like FIRST's EPSS file."""
    for _, line in text_lines(path):
        if line.strip() and not line.startswith("#"):
            return line.startswith("cve,epss")
    return False


def _import_source(writer: DatabaseWriter, source: ImportSource, problems: list[ImportProblem]) -> SourceSummary | None:
    """Import one file; None when a JSON document found in a directory is not advisory data."""
    location = source.location or str(source.path)
    name = source.name or source.path.name
    suffix = suffix_of(source.path)
    values = json_values(source.path)
    if suffix == ".json" and source.found_in_directory:
        document = list(values)
        if not all(map(_looks_like_advisory_data, document)):
            return None
        values = iter(document)
    is_csv = suffix in CSV_SUFFIXES
    if is_csv and source.found_in_directory and not _is_epss_csv(source.path):
        return None
    kind = "epss" if is_csv else "osv"
    rowid = writer.start_source(kind, name, location)
    tally = _Tally()
    if is_csv:
        scores, score_date, rejected = parse_epss(text_lines(source.path))
        writer.replace_epss(scores, score_date)
        tally.records, tally.skipped, tally.newest_text = len(scores), len(rejected), score_date
        problems.extend(ImportProblem(location, row.message, line=row.position) for row in rejected)
    else:
        for value in values:
            if is_kev_catalogue(value.data):
                assert isinstance(value.data, dict)
                kind = "kev"
                entries, rejected = parse_kev(value.data)
                writer.replace_known_exploited(entries)
                tally.records, tally.skipped = len(entries), len(rejected)
                tally.newest_text = str(value.data.get("dateReleased") or "") or None
                problems.extend(ImportProblem(location, r.message, member=f"[{r.position}]") for r in rejected)
            else:
                _import_records(writer, value, rowid, location, tally, problems)
    newest = source.data_date or tally.newest_text
    writer.connection.execute("UPDATE sources SET kind = ? WHERE rowid = ?", (kind, rowid))
    writer.finish_source(rowid, tally.records, tally.skipped, newest)
    return SourceSummary(kind, name, location, tally.records, tally.skipped, newest)


def _import_records(
    writer: DatabaseWriter,
    value: DecodedValue,
    source: int,
    location: str,
    tally: _Tally,
    problems: list[ImportProblem],
) -> None:
    """One decoded value: an OSV record, or a JSON array of them."""
    if value.error is not None:
        tally.skipped += 1
        problems.append(ImportProblem(location, value.error, line=value.line, member=value.member))
        return
    records = value.data if isinstance(value.data, list) else [value.data]
    for index, data in enumerate(records):
        try:
            advisory = parse_advisory(data)
        except MalformedRecordError as error:
            tally.skipped += 1
            member = value.member if not isinstance(value.data, list) else f"{value.member or ''}[{index}]"
            problems.append(ImportProblem(location, f"malformed OSV record skipped: {error}", value.line, member))
            continue
        writer.add_advisory(advisory, source)
        tally.records += 1
        tally.saw_modified(advisory.modified)


def _flush_to_disk(path: Path) -> None:
    """fsync a file or directory, so a crash after `os.replace` cannot leave a half-written file."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some filesystems refuse fsync on directories; the rename is still atomic
    finally:
        os.close(descriptor)


def _remove_stale_temporaries(database: Path) -> None:
    """Delete temporary files of imports whose process no longer exists (killed half-way)."""
    pattern = f".{glob.escape(database.name)}.*{_TEMPORARY_SUFFIX}"
    for leftover in database.parent.glob(pattern):
        pid_text = leftover.name[len(database.name) + 2 :].partition(".")[0]
        if pid_text.isdigit() and not _process_exists(int(pid_text)):
            leftover.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
