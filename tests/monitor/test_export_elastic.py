"""Elasticsearch bulk export against a local `_bulk` endpoint: per-item results, idempotent `_id`, auth."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from receivers import BulkReceiver, make_alert

from pavedroad.monitor.export import QueuedSink, build_sinks


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[BulkReceiver]:
    monkeypatch.setenv("PAVEDROAD_TEST_ES_PASSWORD", "pw-for-tests")
    receiver = BulkReceiver(username="pavedroad", password="pw-for-tests")
    receiver.start()
    yield receiver
    receiver.stop()


def build(receiver: BulkReceiver, waits: list[float] | None = None, **extra: Any) -> QueuedSink:
    table = {"type": "elasticsearch", "url": receiver.url, "index": "alerts-test", "username": "pavedroad",
             "password_env": "PAVEDROAD_TEST_ES_PASSWORD", "batch_size": 10, "max_retries": 1, **extra}  # fmt: skip
    (sink,) = build_sinks({"export": [table]}, background=False, sleep=(waits if waits is not None else []).append)
    assert isinstance(sink, QueuedSink)
    return sink


def test_alerts_are_indexed_under_their_id_with_a_timestamp(bulk: BulkReceiver) -> None:
    sink = build(bulk)
    alert = make_alert()
    sink.send(alert)
    assert sink.flush()
    assert bulk.documents == {("alerts-test", alert.id): {"@timestamp": "2025-03-01T12:05:00+00:00", **alert.to_dict()}}
    sink.close()


def test_partial_failure_acks_good_items_retries_busy_ones_and_dead_letters_bad_ones(bulk: BulkReceiver) -> None:
    waits: list[float] = []
    sink = build(bulk, waits)
    good, busy, bad = make_alert(0), make_alert(1), make_alert(2)
    bulk.busy[busy.id] = 1
    bulk.refuse[bad.id] = (400, "mapper_parsing_exception", "failed to parse field [count] of type [long]")
    for alert in (good, busy, bad):
        sink.send(alert)
    assert sink.flush()
    assert bulk.index_operations == [good.id, busy.id]  # the retry carried the busy item only
    assert bulk.requests == 2 and waits == [1.0]
    assert sink.queue.dead_letters() == [(bad.id, "HTTP 400 mapper_parsing_exception: failed to parse field [count] "
                                                  "of type [long]")]  # fmt: skip
    assert sink.stats() == {"delivered": 2, "pending": 0, "dropped": 0, "dead_letters": 1}
    sink.close()


def test_a_resent_alert_overwrites_its_document_instead_of_duplicating(bulk: BulkReceiver) -> None:
    sink = build(bulk)
    alert = make_alert()
    sink.send(alert)
    assert sink.flush()
    sink.send(alert)  # replayed after a restart, say
    assert sink.flush()
    assert bulk.index_operations == [alert.id, alert.id]
    assert list(bulk.documents) == [("alerts-test", alert.id)] and bulk.versions[("alerts-test", alert.id)] == 2
    sink.close()


def test_api_key_auth_and_a_503_for_the_whole_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAVEDROAD_TEST_ES_KEY", "a2V5LWZvci10ZXN0cw")
    receiver = BulkReceiver(api_key="a2V5LWZvci10ZXN0cw").start()
    assert isinstance(receiver, BulkReceiver)
    receiver.fail_next(1, 503, {"error": {"type": "unavailable_shards_exception"}, "status": 503})
    table = {"type": "elasticsearch", "url": receiver.url + "/", "api_key_env": "PAVEDROAD_TEST_ES_KEY"}
    waits: list[float] = []
    (sink,) = build_sinks({"export": [table]}, background=False, sleep=waits.append)
    assert isinstance(sink, QueuedSink)
    sink.send(make_alert())
    assert sink.flush()
    assert list(receiver.documents) == [("pavedroad-alerts", make_alert().id)] and waits == [1.0]
    sink.close()
    receiver.stop()


def test_wrong_credentials_keep_alerts_queued(bulk: BulkReceiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAVEDROAD_TEST_ES_PASSWORD", "stale")
    sink = build(bulk, max_retries=0)
    sink.send(make_alert())
    assert not sink.flush()
    assert sink.stats()["pending"] == 1 and bulk.documents == {}
    sink.close()
