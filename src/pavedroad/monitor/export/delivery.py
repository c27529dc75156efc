"""Batching, retries with bounded exponential backoff, and the delivery thread — once, for every exporter.

An exporter is a `Transport` (how to hand a batch to one kind of receiver and read its
answer) wrapped in a `QueuedSink` (the AlertSink the runtime calls). `send()` only commits
the alert to the DiskQueue; delivery happens in `flush()`, which the background thread runs
every `flush_seconds` or as soon as a full batch waits. A batch the receiver does not
acknowledge stays queued: after `max_retries` quick retries the thread waits longer and
tries again, for as long as it takes. Delivery is therefore at-least-once; receivers that
key on the alert id (Elasticsearch `_id`) make it effectively exactly-once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pavedroad.monitor.export.queue import DiskQueue, QueuedAlert
from pavedroad.monitor.model import Alert

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What a receiver said about a batch: acknowledged seqs, refused seqs with reasons; the rest is retried."""

    delivered: frozenset[int] = frozenset()
    rejected: Mapping[int, str] = field(default_factory=dict)
    retry_reason: str = ""

    @staticmethod
    def all_delivered(batch: Iterable[QueuedAlert]) -> BatchOutcome:
        """The receiver took every alert."""
        return BatchOutcome(delivered=frozenset(entry.seq for entry in batch))

    @staticmethod
    def all_rejected(batch: Iterable[QueuedAlert], reason: str) -> BatchOutcome:
        """The receiver refused every alert for good (retrying cannot help)."""
        return BatchOutcome(rejected={entry.seq: reason for entry in batch})

    @staticmethod
    def retry(reason: str) -> BatchOutcome:
        """Nothing was acknowledged; try the whole batch again later."""
        return BatchOutcome(retry_reason=reason)


class Transport(Protocol):
    """Hands one batch to one kind of receiver and reports its answer. Never raises for network errors."""

    def deliver(self, batch: list[QueuedAlert]) -> BatchOutcome: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff, capped: base, 2·base, 4·base … up to `cap` seconds."""

    base: float = 1.0
    cap: float = 60.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (0-based)."""
        return min(self.cap, self.base * float(2 ** min(attempt, 32)))


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """The knobs every exporter shares (see docs/monitor-export.md)."""

    batch_size: int = 100
    flush_seconds: float = 5.0
    max_retries: int = 5
    backoff: Backoff = Backoff()


class QueuedSink:
    """An AlertSink that queues durably and delivers in batches through a Transport.

    With `background=True` a daemon thread delivers; with False nothing is sent until
    `flush()` is called, which keeps tests and one-shot runs deterministic. `sleep` waits
    between retries; it defaults to a wait that `close()` interrupts.
    """

    def __init__(
        self,
        name: str,
        transport: Transport,
        queue: DiskQueue,
        settings: DeliverySettings,
        *,
        background: bool = True,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.name = name
        self.transport = transport
        self.queue = queue
        self.settings = settings
        self.delivered = 0
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._flush_lock = threading.Lock()
        self._sleep = sleep or self._stopping.wait
        self._failed_cycles = 0
        self._worker: threading.Thread | None = None
        if background:
            self._worker = threading.Thread(target=self._run, name=f"pavedroad-export-{name}", daemon=True)
            self._worker.start()

    def send(self, alert: Alert) -> None:
        """Commit the alert to the queue (durable when the queue has a directory); never blocks on the network."""
        if not self.queue.put(alert.id, alert.to_dict()):
            dropped = self.queue.dropped
            # The first drop and every thousandth: a flood must not flood the log too.
            if dropped == 1 or dropped % 1000 == 0:
                log.warning(
                    "%s: export queue full (%d alerts); %d alerts dropped so far",
                    self.name,
                    self.queue.max_entries,
                    dropped,
                )
        if self.queue.depth >= self.settings.batch_size:
            self._wake.set()

    def flush(self, *, max_retries: int | None = None) -> bool:
        """Deliver everything queued; True when the queue is empty afterwards.

        Each batch is tried 1 + max_retries times with backoff between tries; a batch that
        still fails stays queued and ends this flush.
        """
        retries = self.settings.max_retries if max_retries is None else max_retries
        with self._flush_lock:
            while batch := self.queue.peek(self.settings.batch_size):
                if not self._deliver_with_retries(batch, retries):
                    return False
            return True

    def close(self) -> None:
        """Stop the thread, try once more to deliver, and close; what is left stays on disk for the next run."""
        self._stopping.set()
        self._wake.set()
        if self._worker is not None:
            # Bounded: a delivery in flight ends within the transport's own timeout.
            self._worker.join(timeout=60)
        self.flush(max_retries=0)
        self.transport.close()
        self.queue.close()

    def stats(self) -> dict[str, Any]:
        """Counters for status output: delivered this run, pending, dropped (queue full), dead letters."""
        return {
            "delivered": self.delivered,
            "pending": self.queue.depth,
            "dropped": self.queue.dropped,
            "dead_letters": len(self.queue.dead_letters()),
        }

    def _deliver_with_retries(self, batch: list[QueuedAlert], retries: int) -> bool:
        for attempt in range(retries + 1):
            if attempt:
                self._sleep(self.settings.backoff.delay(attempt - 1))
                if self._stopping.is_set():  # close() interrupted the wait: leave the rest on disk
                    return False
            outcome = self.transport.deliver(batch)
            self.queue.ack(outcome.delivered)
            self.queue.reject(outcome.rejected)
            self.delivered += len(outcome.delivered)
            for seq, reason in outcome.rejected.items():
                log.error("%s: receiver refused alert (queue seq %d): %s", self.name, seq, reason)
            settled = outcome.delivered | set(outcome.rejected)
            batch = [entry for entry in batch if entry.seq not in settled]
            if not batch:
                return True
            log.warning(
                "%s: delivery failed (%s); %d alerts kept for retry",
                self.name,
                outcome.retry_reason or "not acknowledged",
                len(batch),
            )
        return False

    def _run(self) -> None:
        while not self._stopping.is_set():
            timeout = self.settings.flush_seconds
            if self._failed_cycles:
                # Keep stretching the wait while the receiver stays down, up to the backoff cap.
                timeout = max(timeout, self.settings.backoff.delay(self.settings.max_retries + self._failed_cycles))
            self._wake.wait(timeout)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                emptied = self.flush()
            except Exception:  # a bug in one exporter must not kill delivery for good
                log.exception("%s: delivery thread error", self.name)
                emptied = False
            self._failed_cycles = 0 if emptied else self._failed_cycles + 1
