"""The generic JSON webhook exporter against a local receiver."""

from __future__ import annotations

import pytest
from receivers import WebhookReceiver, make_alert

from pavedroad.monitor.export import QueuedSink, build_sinks


def test_a_batch_is_one_json_post_with_plain_and_secret_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAVEDROAD_TEST_HOOK_AUTH", "Bearer hook-test")
    receiver = WebhookReceiver()
    receiver.start()
    table = {"type": "webhook", "url": receiver.url + "/hooks/alerts", "headers": {"X-Source": "sensor-1"},
             "headers_env": {"Authorization": "PAVEDROAD_TEST_HOOK_AUTH"}, "batch_size": 3}  # fmt: skip
    (sink,) = build_sinks({"export": [table]}, background=False)
    assert isinstance(sink, QueuedSink)
    alerts = [make_alert(number) for number in range(4)]
    for alert in alerts:
        sink.send(alert)
    assert sink.flush()
    sink.close()
    receiver.stop()
    bodies = [body for _, body in receiver.received]
    assert bodies == [
        {"source": "pavedroad", "alerts": [alert.to_dict() for alert in alerts[:3]]},
        {"source": "pavedroad", "alerts": [alerts[3].to_dict()]},
    ]
    headers = receiver.received[0][0]
    assert headers["X-Source"] == "sensor-1" and headers["Authorization"] == "Bearer hook-test"
    assert headers["Content-Type"] == "application/json"


def test_a_client_error_dead_letters_the_batch() -> None:
    receiver = WebhookReceiver()
    receiver.start()
    receiver.fail_next(1, 422, {"error": "schema"})
    (sink,) = build_sinks({"export": [{"type": "webhook", "url": receiver.url}]}, background=False)
    assert isinstance(sink, QueuedSink)
    sink.send(make_alert())
    assert sink.flush()
    assert sink.queue.dead_letters() == [(make_alert().id, 'HTTP 422: {"error": "schema"}')]
    sink.close()
    receiver.stop()
