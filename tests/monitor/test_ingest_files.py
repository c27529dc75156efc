"""Following files: offsets across restarts, rotation and truncation under the reader, line caps, bad bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pavedroad.core.errors import UsageError
from pavedroad.monitor.ingest.documents import RecordsDocumentSource
from pavedroad.monitor.ingest.files import FileSource
from pavedroad.monitor.ingest.lines import IngestCounters
from pavedroad.monitor.ingest.offsets import OffsetStore
from pavedroad.monitor.ingest.open import SourceRequest, open_sources


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(data)


def texts(source: FileSource | RecordsDocumentSource) -> list[str]:
    return [line.text for line in source.poll(10_000)]


class Reader:
    """A FileSource with its own counters and an offsets file in a state directory, like one run."""

    def __init__(self, path: Path, state: Path, *, follow: bool = True, max_line_bytes: int = 64 * 1024) -> None:
        self.counters = IngestCounters()
        self.offsets = OffsetStore(state / "offsets.json")
        self.source = FileSource(path, self.counters, self.offsets, follow=follow, max_line_bytes=max_line_bytes)

    def read(self) -> list[str]:
        lines = texts(self.source)
        self.source.commit()
        return lines


def test_a_restart_resumes_after_the_last_handled_line(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_bytes(b"one\ntwo\nthree\n")
    first = Reader(log, tmp_path)
    assert first.read() == ["one", "two", "three"]
    first.source.close()
    append(log, b"four\nfive\n")
    second = Reader(log, tmp_path)
    lines = second.source.poll(100)
    assert [line.text for line in lines] == ["four", "five"]
    assert [line.origin.position for line in lines] == ["4", "5"]  # numbering goes on too


def test_lines_returned_but_not_committed_are_read_again(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"a\nb\n")
    crashed = Reader(log, tmp_path)
    assert crashed.read() == ["a", "b"]
    append(log, b"c\n")
    assert texts(crashed.source) == ["c"]  # handed out, then the process died before commit
    assert Reader(log, tmp_path).read() == ["c"]


def test_an_unfinished_last_line_waits_for_its_newline_when_following(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"complete\nhalf")
    reader = Reader(log, tmp_path)
    assert reader.read() == ["complete"]
    append(log, b" and the rest\r\n")
    assert reader.read() == ["half and the rest"]
    assert reader.read() == []


def test_a_replay_ends_with_the_unfinished_last_line(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"first\nno newline at the end")
    reader = Reader(log, tmp_path, follow=False)
    assert reader.read() == ["first", "no newline at the end"]
    assert reader.source.exhausted


def test_rotation_while_following_reads_the_old_file_to_its_end_first(tmp_path: Path) -> None:
    log = tmp_path / "auth.log"
    log.write_bytes(b"1\n2\n")
    reader = Reader(log, tmp_path)
    assert reader.read() == ["1", "2"]
    append(log, b"3 written just before the rename\n")
    log.rename(tmp_path / "auth.log.1")
    log.write_bytes(b"4\n")
    assert reader.read() == ["3 written just before the rename", "4"]
    assert reader.counters.rotations == 1
    append(log, b"5\n")
    assert reader.read() == ["5"]


def test_rotation_while_stopped_reads_the_rest_of_the_renamed_file(tmp_path: Path) -> None:
    log = tmp_path / "auth.log"
    log.write_bytes(b"1\n2\n")
    first = Reader(log, tmp_path)
    assert first.read() == ["1", "2"]
    first.source.close()
    append(log, b"3\n")
    log.rename(tmp_path / "auth.log-20240305")
    log.write_bytes(b"4\n5\n")
    second = Reader(log, tmp_path)
    assert second.read() == ["3", "4", "5"]
    assert second.counters.rotations == 1
    second.source.close()
    assert Reader(log, tmp_path).read() == []


def test_truncation_in_place_starts_again_from_the_top(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"a long first line\nanother long line\n")
    reader = Reader(log, tmp_path)
    assert len(reader.read()) == 2
    with log.open("r+b") as handle:  # what logrotate's copytruncate does
        handle.truncate(0)
    append(log, b"new\n")
    assert reader.read() == ["new"]
    assert reader.counters.truncations == 1


def test_a_file_truncated_while_stopped_is_read_from_the_top(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"a long first line\nanother long line\n")
    first = Reader(log, tmp_path)
    first.read()
    first.source.close()
    with log.open("r+b") as handle:
        handle.truncate(0)
        handle.write(b"x\n")
    second = Reader(log, tmp_path)
    assert second.read() == ["x"]
    assert second.counters.truncations == 1


def test_a_new_file_on_a_reused_inode_is_not_mistaken_for_the_old_one(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"old content line\n")
    first = Reader(log, tmp_path)
    first.read()
    first.source.close()
    inode = log.stat().st_ino
    with log.open("r+b") as handle:  # same inode, different first bytes, longer than the saved offset
        handle.write(b"NEW content line\nsecond new line\n")
    assert log.stat().st_ino == inode
    assert Reader(log, tmp_path).read() == ["NEW content line", "second new line"]


def test_a_one_megabyte_line_is_cut_at_the_cap_and_counted(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"before\n" + b"A" * 1_000_000 + b"\nafter\n")
    reader = Reader(log, tmp_path, max_line_bytes=4096)
    lines = reader.read()
    assert lines == ["before", "A" * 4096, "after"]
    assert reader.counters.truncated == 1
    assert reader.counters.lines == 3


def test_an_endless_line_never_grows_the_buffer_past_the_cap(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"B" * 300_000)
    reader = Reader(log, tmp_path, max_line_bytes=1000)
    assert reader.read() == ["B" * 1000]
    append(log, b"B" * 300_000 + b"\nnext\n")
    assert reader.read() == ["next"]
    assert reader.counters.truncated == 1


def test_wrong_encodings_and_binary_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    latin1 = "café at 10:00".encode("latin-1")
    garbage = bytes(range(256)).replace(b"\n", b"")
    log.write_bytes(latin1 + b"\n" + garbage + b"\nplain\n")
    reader = Reader(log, tmp_path)
    first, second, third = reader.read()
    assert first == "caf\ufffd at 10:00"
    assert second.startswith("\x00\x01\x02") and "\ufffd" in second
    assert third == "plain"
    assert reader.counters.decode_errors == 2


def test_a_cloudtrail_document_is_split_into_records_once(tmp_path: Path, logs: Path) -> None:
    counters = IngestCounters()
    offsets = OffsetStore(tmp_path / "offsets.json")
    path = logs / "cloudtrail_records.json"
    (source,) = open_sources(SourceRequest(files=[path], follow=False), counters, offsets)
    assert isinstance(source, RecordsDocumentSource)
    lines = source.poll(100)
    assert [json.loads(line.text)["eventName"] for line in lines] == ["ConsoleLogin", "CreateAccessKey"]
    assert [line.origin.position for line in lines] == ["Records[0]", "Records[1]"]
    assert source.exhausted
    source.commit()
    (again,) = open_sources(
        SourceRequest(files=[path], follow=False), IngestCounters(), OffsetStore(tmp_path / "offsets.json")
    )
    assert again.poll(100) == []


def test_unreadable_files_are_one_line_errors_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.log"
    with pytest.raises(UsageError, match=r"missing\.log: cannot read: No such file or directory"):
        open_sources(SourceRequest(files=[missing]), IngestCounters(), OffsetStore(None))
    with pytest.raises(UsageError, match="is a directory"):
        open_sources(SourceRequest(files=[tmp_path]), IngestCounters(), OffsetStore(None))
    locked = tmp_path / "locked.log"
    locked.write_text("x\n")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as root: permissions do not stop reading")
    with pytest.raises(UsageError, match=r"locked\.log: cannot read: Permission denied"):
        open_sources(SourceRequest(files=[locked]), IngestCounters(), OffsetStore(None))


def test_a_corrupt_offsets_file_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "offsets.json").write_text("{not json")
    with pytest.raises(UsageError, match=r"offsets\.json: unreadable offsets file"):
        OffsetStore(tmp_path / "offsets.json")
