"""`db import`: formats, malformed records, and all-or-nothing replacement of the database file."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import TextIO

import pytest
from conftest import match, osv, write_jsonl

from pavedroad.vulndb.errors import CorruptDatabaseError, ImportFailedError, MissingDatabaseError
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.store import VulnerabilityDatabase

GOOD = [osv(f"GOOD-{n}", "PyPI", f"pkg{n}", ("introduced", "0"), ("fixed", "2.0")) for n in range(3)]


def advisory_ids(path: Path) -> set[str]:
    with VulnerabilityDatabase(path) as db:
        return {item.id for n in range(10) for item in match(db, "PyPI", f"pkg{n}", "1.0")} | {
            item.id for item in match(db, "npm", "fresh", "1.0.0")
        }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".importing"))


def open_writer_when_read(fifo: Path, reader: subprocess.Popen[bytes]) -> TextIO:
    """Open the pipe for writing once the reader has opened it (fails instead of hanging)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and reader.poll() is None:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: nobody reads it yet
            time.sleep(0.05)
            continue
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "w")
    reader.kill()
    raise AssertionError(f"the import never opened {fifo} (exit code {reader.poll()})")


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A database holding GOOD-0..2."""
    database = tmp_path / "db" / "vulndb.sqlite3"
    import_paths(database, [write_jsonl(tmp_path / "good.jsonl", GOOD)])
    return database


def test_directories_zips_json_and_jsonl_gz(tmp_path: Path) -> None:
    folder = tmp_path / "osv"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "GOOD-0.json").write_text(json.dumps(GOOD[0]))
    write_jsonl(folder / "more.jsonl.gz", [GOOD[1]])
    with zipfile.ZipFile(folder / "all.zip", "w") as archive:
        archive.writestr("GOOD-2.json", json.dumps(GOOD[2]))
    (folder / "package.json").write_text('{"name": "not-an-advisory"}')
    (folder / "inventory.csv").write_text("name,version\nrequests,2.19.1\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD.json").write_text("{broken")
    report = import_paths(tmp_path / "vulndb.sqlite3", [folder])
    assert (report.records, report.skipped, report.problems) == (3, 0, ())
    assert report.ignored == (str(folder / "inventory.csv"), str(folder / "package.json"))
    assert advisory_ids(tmp_path / "vulndb.sqlite3") == {"GOOD-0", "GOOD-1", "GOOD-2"}


def test_malformed_records_are_reported_with_their_place_and_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD[0]),
        '{"id": "TRUNCATED", "modified": "2026-01-01T00:00:00Z", "affected": [',
        json.dumps({"id": "NO-MODIFIED", "affected": []}),
        json.dumps(osv("BAD-EVENT", "PyPI", "x", ("introduced", "0"), ("fixed_in", "1.0"))),
        json.dumps({**GOOD[1], "aliases": "CVE-2026-1"}),
        json.dumps(GOOD[2]),
    ]
    source = write_jsonl(tmp_path / "mixed.jsonl.gz", lines)
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("BROKEN.json", "[1, 2")
        archive.writestr("OK.json", json.dumps(osv("OK", "npm", "fresh", ("introduced", "0"))))
    report = import_paths(tmp_path / "vulndb.sqlite3", [source, tmp_path / "export.zip"])
    assert (report.records, report.skipped) == (3, 5)
    described = [problem.describe() for problem in report.problems]
    assert described[0].startswith(f"{source}:2: invalid JSON: ")
    assert described[1:4] == [
        f"{source}:3: malformed OSV record skipped: NO-MODIFIED: missing `modified`",
        f"{source}:4: malformed OSV record skipped: BAD-EVENT: affected[0]: ranges[0]: `events[1]` is not an OSV "
        "event: 'fixed_in'",
        f"{source}:5: malformed OSV record skipped: GOOD-1: `aliases` must be a list, not str",
    ]
    assert described[4].startswith(f"{tmp_path / 'export.zip'}!BROKEN.json: invalid JSON: ")
    assert advisory_ids(tmp_path / "vulndb.sqlite3") == {"GOOD-0", "GOOD-2", "OK"}


def test_a_file_that_breaks_half_way_leaves_the_previous_database(tmp_path: Path, existing: Path) -> None:
    before = existing.read_bytes()
    fresh = write_jsonl(tmp_path / "a-fresh.jsonl", [osv("FRESH", "npm", "fresh", ("introduced", "0"))])
    whole = gzip.compress(
        "".join(json.dumps(osv(f"T{n}", "npm", "t", ("introduced", "0"))) + "\n" for n in range(500)).encode()
    )
    truncated = tmp_path / "b-truncated.jsonl.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFailedError, match=f"{truncated}: cannot be read: Compressed file ended"):
        import_paths(existing, [fresh, truncated])  # FRESH was already written to the new file
    assert existing.read_bytes() == before
    assert advisory_ids(existing) == {"GOOD-0", "GOOD-1", "GOOD-2"}
    assert leftovers(existing.parent) == []


def test_a_killed_import_leaves_the_previous_database_and_its_leftover_is_cleaned(
    tmp_path: Path, existing: Path
) -> None:
    before = existing.read_bytes()
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    code = (
        "import sys; from pathlib import Path; from pavedroad.vulndb.importer import import_paths;"
        "import_paths(Path(sys.argv[1]), [Path(sys.argv[2])])"
    )
    importer = subprocess.Popen([sys.executable, "-c", code, str(existing), str(fifo)])
    with open_writer_when_read(fifo, importer) as writer:
        writer.write(json.dumps(osv("FRESH", "npm", "fresh", ("introduced", "0"))) + "\n")
        writer.flush()
        deadline = time.monotonic() + 30
        while not leftovers(existing.parent) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert leftovers(existing.parent), "the import never started its temporary file"
        importer.send_signal(signal.SIGKILL)  # half-way: the stream is still open
        importer.wait(timeout=30)
    assert existing.read_bytes() == before
    assert advisory_ids(existing) == {"GOOD-0", "GOOD-1", "GOOD-2"}
    import_paths(existing, [write_jsonl(tmp_path / "next.jsonl", [osv("FRESH", "npm", "fresh", ("introduced", "0"))])])
    assert leftovers(existing.parent) == []
    assert advisory_ids(existing) == {"GOOD-0", "GOOD-1", "GOOD-2", "FRESH"}


def test_importing_again_adds_and_replaces_by_id_and_replace_starts_over(tmp_path: Path, existing: Path) -> None:
    changed = osv("GOOD-0", "PyPI", "pkg0", ("introduced", "0"), ("fixed", "1.0"))  # 1.0 no longer affected
    import_paths(
        existing, [write_jsonl(tmp_path / "update.jsonl", [changed, osv("FRESH", "npm", "fresh", ("introduced", "0"))])]
    )
    assert advisory_ids(existing) == {"GOOD-1", "GOOD-2", "FRESH"}
    import_paths(existing, [tmp_path / "update.jsonl"], replace=True)
    assert advisory_ids(existing) == {"FRESH"}


def test_a_corrupt_database_is_a_clear_error_and_is_left_alone(tmp_path: Path, existing: Path) -> None:
    existing.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    damaged = existing.read_bytes()
    with pytest.raises(CorruptDatabaseError, match=f"{existing}: not a pavedroad vulnerability database"):
        VulnerabilityDatabase(existing)
    source = write_jsonl(tmp_path / "new.jsonl", [GOOD[0]])
    with pytest.raises(CorruptDatabaseError, match=r"the existing database is damaged .*use `--replace`"):
        import_paths(existing, [source])
    assert existing.read_bytes() == damaged
    import_paths(existing, [source], replace=True)
    assert advisory_ids(existing) == {"GOOD-0"}


def test_a_half_written_database_file_is_an_error_not_an_empty_result(tmp_path: Path, existing: Path) -> None:
    existing.write_bytes(existing.read_bytes()[:4096])  # the first page only
    with pytest.raises(CorruptDatabaseError, match=re.escape(str(existing))), VulnerabilityDatabase(existing) as db:
        match(db, "PyPI", "pkg0", "1.0")


def test_missing_inputs_are_errors_before_anything_changes(tmp_path: Path, existing: Path) -> None:
    with pytest.raises(ImportFailedError, match=f"{tmp_path / 'nope'}: no such file or directory"):
        import_paths(existing, [tmp_path / "nope"])
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ImportFailedError, match=r"notes\.txt: not an advisory file"):
        import_paths(existing, [tmp_path / "notes.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportFailedError, match="no advisory files"):
        import_paths(existing, [tmp_path / "empty"])
    with pytest.raises(MissingDatabaseError, match="no vulnerability database here"):
        VulnerabilityDatabase(tmp_path / "absent.sqlite3")
    assert advisory_ids(existing) == {"GOOD-0", "GOOD-1", "GOOD-2"}


def test_malformed_kev_and_epss_rows_are_reported(tmp_path: Path) -> None:
    kev = tmp_path / "kev.json"
    kev.write_text(
        json.dumps({"catalogVersion": "1", "vulnerabilities": [{"cveID": "CVE-2024-1234"}, {"cveID": "nope"}]})
    )
    epss = tmp_path / "epss.csv"
    epss.write_text("#model_version:v1,score_date:2026-11-28T00:00:00+0000\ncve,epss,percentile\nCVE-2024-1234,0.5,0.9\n"
                    "CVE-2024-9999,1.5,0.9\nCVE-2024-10000,abc,0.1\n")  # fmt: skip
    report = import_paths(tmp_path / "vulndb.sqlite3", [kev, epss])
    assert [problem.describe() for problem in report.problems] == [
        f"{kev}![1]: KEV entry without a valid `cveID`",
        f"{epss}:4: EPSS row skipped: EPSS score 1.5 is outside 0..1",
        f"{epss}:5: EPSS row skipped: could not convert string to float: 'abc'",
    ]
    with VulnerabilityDatabase(tmp_path / "vulndb.sqlite3") as db:
        assert db.counts()["known_exploited"] == 1 and db.counts()["epss"] == 1


def test_an_oversized_record_is_skipped_without_holding_it_in_memory(tmp_path: Path) -> None:
    source = tmp_path / "huge.jsonl.gz"
    with gzip.open(source, "wb") as stream:  # a 33 MiB line compresses to a few KiB: a bomb in miniature
        stream.write(json.dumps(GOOD[0]).encode() + b"\n" + b"x" * (33 * 1024 * 1024) + b"\n")
        stream.write(json.dumps(GOOD[1]).encode() + b"\n")
    report = import_paths(tmp_path / "vulndb.sqlite3", [source])
    assert [problem.describe() for problem in report.problems] == [f"{source}:2: record larger than 32 MiB"]
    assert advisory_ids(tmp_path / "vulndb.sqlite3") == {"GOOD-0", "GOOD-1"}
