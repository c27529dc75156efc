"""SIEM outputs of `pavedroad monitor`: syslog/CEF, Splunk HEC, Elasticsearch bulk and JSON webhooks.

`build_sinks(config)` reads `config["export"]` (the `[[monitor.export]]` tables) and returns
one QueuedSink per table. Adding an output is one module with `KEYS` and `build_transport`,
and one line in EXPORTERS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from pavedroad.core.errors import UsageError
from pavedroad.monitor.export import elastic, splunk, syslog, webhook
from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import Backoff, DeliverySettings, QueuedSink, Transport
from pavedroad.monitor.export.queue import DiskQueue
from pavedroad.monitor.model import AlertSink

EXPORTERS: dict[str, ModuleType] = {
    "syslog": syslog,
    "splunk_hec": splunk,
    "elasticsearch": elastic,
    "webhook": webhook,
}
# Keys every exporter accepts: identity, batching, retries, the queue.
COMMON_KEYS = (
    "type", "name", "batch_size", "flush_seconds", "max_retries",
    "backoff_seconds", "backoff_max_seconds", "queue_dir", "max_queue",
)  # fmt: skip


def build_sinks(
    config: Mapping[str, Any],
    *,
    background: bool = True,
    sleep: Callable[[float], object] | None = None,
) -> list[AlertSink]:
    """One exporter per `[[monitor.export]]` table; a UsageError naming the key for any bad value.

    `background=False` starts no delivery threads (callers then call `flush()`); `sleep`
    replaces the wait between retries. Both exist for tests and one-shot runs.
    """
    tables = Table(config, "monitor").tables("export")
    names = [table.string("name", table.string("type")) for table in tables]
    sinks: list[AlertSink] = []
    try:
        for table, name in zip(tables, names, strict=True):
            if names.count(name) > 1:
                # The name keys the queue file: two exporters must not share one.
                raise UsageError(f"{table.where('name')}: {name!r} is used by two exporters; give each a unique name")
            sinks.append(_build_sink(table, name, background=background, sleep=sleep))
    except BaseException:
        for sink in sinks:
            sink.close()
        raise
    return sinks


def _build_sink(table: Table, name: str, *, background: bool, sleep: Callable[[float], object] | None) -> QueuedSink:
    kind = table.choice("type", EXPORTERS)
    module = EXPORTERS[kind]
    table.reject_unknown((*COMMON_KEYS, *module.KEYS))
    settings = DeliverySettings(
        batch_size=table.integer("batch_size", 100, minimum=1, maximum=10_000),
        flush_seconds=table.number("flush_seconds", 5.0, minimum=0.01),
        max_retries=table.integer("max_retries", 5, minimum=0, maximum=100),
        backoff=Backoff(
            base=table.number("backoff_seconds", 1.0, minimum=0.0),
            cap=table.number("backoff_max_seconds", 60.0, minimum=0.0),
        ),
    )
    max_queue = table.integer("max_queue", 100_000, minimum=1)
    queue_dir = table.optional_string("queue_dir")
    builder: Callable[[Table], Transport] = module.build_transport
    transport = builder(table)
    try:
        queue = DiskQueue(Path(queue_dir) if queue_dir is not None else None, name, max_queue)
    except BaseException:
        transport.close()
        raise
    return QueuedSink(name, transport, queue, settings, background=background, sleep=sleep)


__all__ = ["EXPORTERS", "QueuedSink", "build_sinks"]
