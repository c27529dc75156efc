"""Splunk HTTP Event Collector: newline-separated JSON events POSTed to /services/collector/event.

Splunk indexes the events of a batch up to the first malformed one and names it in
`invalid-event-number`; those before it are acknowledged, that one is refused, the rest retried.
"""

from __future__ import annotations

import json
import socket
from datetime import datetime

import httpx

from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import BatchOutcome
from pavedroad.monitor.export.http import HTTP_KEYS, HttpRequest, HttpTransport, http_client, status_outcome, with_path
from pavedroad.monitor.export.queue import QueuedAlert

ENDPOINT = "/services/collector/event"
KEYS = (*HTTP_KEYS, "token_env", "index", "source", "sourcetype", "host")


class SplunkHecProtocol:
    """Builds HEC event batches and reads HEC answers."""

    def __init__(self, url: str, token: str, fields: dict[str, str]) -> None:
        self.url = with_path(url, ENDPOINT)
        self._headers = {"Authorization": f"Splunk {token}", "Content-Type": "application/json"}
        self.fields = fields

    def build(self, batch: list[QueuedAlert]) -> HttpRequest:
        """One JSON object per alert, newline-separated, with `time` taken from the alert's window end."""
        events = (
            json.dumps({"time": _epoch(entry.payload["window_end"]), **self.fields, "event": entry.payload})
            for entry in batch
        )
        return HttpRequest(self.url, self._headers, "\n".join(events).encode())

    def interpret(self, batch: list[QueuedAlert], response: httpx.Response) -> BatchOutcome:
        """HEC's answer, honouring `invalid-event-number` on a 400."""
        invalid = _invalid_event_number(response)
        if response.status_code == 400 and invalid is not None and 0 <= invalid < len(batch):
            return BatchOutcome(
                delivered=frozenset(entry.seq for entry in batch[:invalid]),
                rejected={batch[invalid].seq: f"HEC 400: {response.text[:200]}"},
                retry_reason="events after a refused one were not indexed",
            )
        return status_outcome(batch, response)


def build_transport(table: Table) -> HttpTransport:
    """The HEC exporter from its config table; the token comes from the variable `token_env` names."""
    fields = {
        "source": table.string("source", "pavedroad"),
        "sourcetype": table.string("sourcetype", "pavedroad:alert"),
        "host": table.string("host", socket.gethostname()),
    }
    index = table.optional_string("index")
    if index is not None:
        fields["index"] = index
    protocol = SplunkHecProtocol(table.url("url"), table.secret("token_env"), fields)
    return HttpTransport(protocol, http_client(table))


def _epoch(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp).timestamp()


def _invalid_event_number(response: httpx.Response) -> int | None:
    try:
        number = response.json().get("invalid-event-number")
    except (ValueError, AttributeError):
        return None
    return number if isinstance(number, int) else None
