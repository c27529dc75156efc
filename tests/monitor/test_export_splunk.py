"""Splunk HEC export against a local HEC: batching, retries, outages, restarts and crashes lose no alert.

Delivery guarantee under test: at-least-once, with pending alerts deduplicated by alert id.
When the receiver refuses connections (nothing reached it un-acknowledged) each alert is
asserted to arrive exactly once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from receivers import SplunkHecReceiver, make_alert

from pavedroad.monitor.export import QueuedSink, build_sinks

TOKEN = "test-hec-token-1"


@pytest.fixture
def hec(monkeypatch: pytest.MonkeyPatch) -> Iterator[SplunkHecReceiver]:
    monkeypatch.setenv("PAVEDROAD_TEST_HEC_TOKEN", TOKEN)
    receiver = SplunkHecReceiver(TOKEN)
    receiver.start()
    yield receiver
    receiver.stop()


def hec_config(receiver: SplunkHecReceiver, **extra: Any) -> dict[str, Any]:
    table = {"type": "splunk_hec", "url": receiver.url, "token_env": "PAVEDROAD_TEST_HEC_TOKEN",
             "index": "security", "host": "sensor-1", "batch_size": 2, "max_retries": 2, **extra}  # fmt: skip
    return {"export": [table]}


def build(config: dict[str, Any], waits: list[float] | None = None) -> QueuedSink:
    recorded = waits if waits is not None else []
    (sink,) = build_sinks(config, background=False, sleep=recorded.append)
    assert isinstance(sink, QueuedSink)
    return sink


def test_events_are_batched_with_hec_fields_and_auth(hec: SplunkHecReceiver) -> None:
    sink = build(hec_config(hec))
    alerts = [make_alert(number) for number in range(5)]
    for alert in alerts:
        sink.send(alert)
    assert hec.requests == 0  # send() only queues
    assert sink.flush()
    assert hec.requests == 3  # batches of 2, 2, 1
    assert hec.alert_ids() == [alert.id for alert in alerts]
    first = hec.events[0]
    assert first == {"time": 1740830700.0, "source": "pavedroad", "sourcetype": "pavedroad:alert",
                     "host": "sensor-1", "index": "security", "event": alerts[0].to_dict()}  # fmt: skip
    assert sink.stats() == {"delivered": 5, "pending": 0, "dropped": 0, "dead_letters": 0}
    sink.close()


def test_server_busy_is_retried_with_exponential_backoff(hec: SplunkHecReceiver) -> None:
    waits: list[float] = []
    sink = build(hec_config(hec, backoff_seconds=0.5), waits)
    hec.fail_next(2, 503, SplunkHecReceiver.BUSY)
    sink.send(make_alert())
    assert sink.flush()
    assert waits == [0.5, 1.0]
    assert hec.requests == 3 and len(hec.events) == 1
    sink.close()


def test_retries_are_bounded_and_the_batch_stays_queued(hec: SplunkHecReceiver) -> None:
    waits: list[float] = []
    sink = build(hec_config(hec, backoff_seconds=1, backoff_max_seconds=3, max_retries=4), waits)
    hec.fail_next(5, 503, SplunkHecReceiver.BUSY)
    sink.send(make_alert())
    assert not sink.flush()
    assert waits == [1.0, 2.0, 3.0, 3.0]
    assert sink.stats()["pending"] == 1
    assert sink.flush()
    assert len(hec.events) == 1
    sink.close()


def test_a_wrong_token_keeps_alerts_queued_until_it_is_fixed(
    hec: SplunkHecReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    hec.token = "rotated-token"
    sink = build(hec_config(hec, max_retries=0))
    sink.send(make_alert())
    with caplog.at_level(logging.DEBUG):
        assert not sink.flush()
    assert 'delivery failed (HTTP 403: {"text": "Invalid token", "code": 4}); 1 alerts kept for retry' in caplog.text
    assert TOKEN not in caplog.text
    assert sink.stats()["pending"] == 1 and hec.events == []
    hec.token = TOKEN
    assert sink.flush()
    assert len(hec.events) == 1
    sink.close()


def test_invalid_event_number_acknowledges_earlier_events_and_dead_letters_the_bad_one(hec: SplunkHecReceiver) -> None:
    sink = build(hec_config(hec, batch_size=3))
    alerts = [make_alert(number) for number in range(3)]
    for alert in alerts:
        sink.send(alert)
    hec.fail_next(1, 400, {"text": "Invalid data format", "code": 6, "invalid-event-number": 1})
    assert sink.flush()
    # Request 1 indexed nothing (scripted), alert 0 is acknowledged, alert 1 refused, alert 2 re-sent.
    assert hec.alert_ids() == [alerts[2].id]
    assert sink.queue.dead_letters() == [(alerts[1].id, 'HEC 400: {"text": "Invalid data format", "code": 6, '
                                                        '"invalid-event-number": 1}')]  # fmt: skip
    sink.close()


def test_receiver_outage_and_exporter_restart_lose_nothing(hec: SplunkHecReceiver, tmp_path: Path) -> None:
    config = hec_config(hec, queue_dir=str(tmp_path / "queue"))
    sink = build(config)
    alerts = [make_alert(number) for number in range(12)]
    for alert in alerts[:4]:
        sink.send(alert)
    assert sink.flush()

    hec.stop()  # mid-stream outage: connections are refused
    for alert in alerts[4:8]:
        sink.send(alert)
    assert not sink.flush()
    sink.close()  # the exporter goes away with 4 alerts undelivered

    restarted = build(config)
    assert restarted.stats()["pending"] == 4
    for alert in alerts[8:]:
        restarted.send(alert)
    hec.start()  # same port
    assert restarted.flush()
    assert hec.alert_ids() == [alert.id for alert in alerts]  # all, in order, each exactly once
    restarted.close()


def test_alerts_queued_by_a_killed_process_reach_the_next_one(hec: SplunkHecReceiver, tmp_path: Path) -> None:
    config = hec_config(hec, queue_dir=str(tmp_path / "queue"))
    hec.stop()
    child = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from receivers import make_alert
        from pavedroad.monitor.export import build_sinks
        (sink,) = build_sinks({config!r}, background=False)
        for number in range(20):
            sink.send(make_alert(number))
        os._exit(0)  # no close(), no flush: only what send() committed survives
    """)
    subprocess.run([sys.executable, "-c", child], check=True, timeout=60, env=dict(os.environ))
    hec.start()
    sink = build(config)
    assert sink.flush()
    assert hec.alert_ids() == [make_alert(number).id for number in range(20)]
    sink.close()


def test_the_delivery_thread_sends_a_full_batch_without_flush(hec: SplunkHecReceiver) -> None:
    (sink,) = build_sinks(hec_config(hec, flush_seconds=3600))
    for number in range(2):
        sink.send(make_alert(number))
    assert hec.wait_for(lambda: len(hec.events) == 2)
    sink.close()
    assert hec.requests == 1


def test_close_tries_once_more_and_leaves_the_rest_on_disk(hec: SplunkHecReceiver, tmp_path: Path) -> None:
    config = hec_config(hec, queue_dir=str(tmp_path / "queue"), flush_seconds=3600, batch_size=100)
    (sink,) = build_sinks(config)
    sink.send(make_alert(0))
    sink.close()
    assert hec.alert_ids() == [make_alert(0).id]
    hec.stop()
    (sink,) = build_sinks(config)
    sink.send(make_alert(1))
    sink.close()
    reopened = build(config)
    assert reopened.stats()["pending"] == 1
    reopened.close()
