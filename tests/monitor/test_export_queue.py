"""The disk queue: durable across reopen, deduplicated by alert id, bounded with counted drops."""

from __future__ import annotations

from pathlib import Path

import pytest

from pavedroad.core.errors import UsageError
from pavedroad.monitor.export.queue import DiskQueue


def test_pending_alerts_survive_reopening_and_acknowledged_ones_do_not(tmp_path: Path) -> None:
    queue = DiskQueue(tmp_path, "siem", max_entries=10)
    for number in range(4):
        assert queue.put(f"id-{number}", {"n": number})
    queue.ack(entry.seq for entry in queue.peek(2))
    queue.close()

    reopened = DiskQueue(tmp_path, "siem", max_entries=10)
    assert reopened.depth == 2
    assert [(entry.alert_id, entry.payload) for entry in reopened.peek(10)] == [("id-2", {"n": 2}), ("id-3", {"n": 3})]
    reopened.close()


def test_an_alert_already_pending_is_not_queued_twice(tmp_path: Path) -> None:
    queue = DiskQueue(tmp_path, "siem", max_entries=10)
    assert queue.put("same", {"n": 1})
    assert queue.put("same", {"n": 2})
    assert [entry.payload for entry in queue.peek(10)] == [{"n": 1}]
    queue.close()


def test_a_full_queue_drops_new_alerts_keeps_old_ones_and_counts_across_restarts(tmp_path: Path) -> None:
    queue = DiskQueue(tmp_path, "siem", max_entries=2)
    assert [queue.put(f"id-{number}", {}) for number in range(4)] == [True, True, False, False]
    assert queue.put("id-0", {})  # already pending: not a drop
    assert queue.dropped == 2
    queue.close()
    reopened = DiskQueue(tmp_path, "siem", max_entries=2)
    assert [entry.alert_id for entry in reopened.peek(10)] == ["id-0", "id-1"]
    assert reopened.dropped == 2
    reopened.close()


def test_rejected_alerts_move_to_dead_letters_with_their_reason(tmp_path: Path) -> None:
    queue = DiskQueue(tmp_path, "siem", max_entries=10)
    queue.put("good", {})
    queue.put("bad", {})
    bad = queue.peek(10)[1]
    queue.reject({bad.seq: "HTTP 400 mapper_parsing_exception"})
    assert queue.depth == 1
    assert queue.dead_letters() == [("bad", "HTTP 400 mapper_parsing_exception")]
    queue.close()


def test_two_exporters_cannot_drain_one_queue_file(tmp_path: Path) -> None:
    first = DiskQueue(tmp_path, "siem", max_entries=10)
    with pytest.raises(UsageError, match=r"siem\.lock: the export queue is in use by another pavedroad process"):
        DiskQueue(tmp_path, "siem", max_entries=10)
    first.close()
    DiskQueue(tmp_path, "siem", max_entries=10).close()


def test_without_a_directory_the_queue_lives_in_memory() -> None:
    queue = DiskQueue(None, "siem", max_entries=1)
    assert queue.put("a", {"k": "v"}) and not queue.put("b", {})
    assert [entry.payload for entry in queue.peek(5)] == [{"k": "v"}]
    queue.close()
