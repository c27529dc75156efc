"""A generic JSON webhook: one POST per batch, `{"source": "pavedroad", "alerts": [...]}`, any 2xx acknowledges."""

from __future__ import annotations

import json

import httpx

from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import BatchOutcome
from pavedroad.monitor.export.http import HTTP_KEYS, HttpRequest, HttpTransport, http_client, status_outcome
from pavedroad.monitor.export.queue import QueuedAlert

KEYS = (*HTTP_KEYS, "headers", "headers_env")


class WebhookProtocol:
    """Posts alerts as a JSON document; headers from the file, secret headers from the environment."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url = url
        self._headers = {**headers, "Content-Type": "application/json"}

    def build(self, batch: list[QueuedAlert]) -> HttpRequest:
        """The alerts of the batch in their public JSON form."""
        body = {"source": "pavedroad", "alerts": [dict(entry.payload) for entry in batch]}
        return HttpRequest(self.url, self._headers, json.dumps(body).encode())

    def interpret(self, batch: list[QueuedAlert], response: httpx.Response) -> BatchOutcome:
        """All or nothing: a webhook says nothing per alert."""
        return status_outcome(batch, response)


def build_transport(table: Table) -> HttpTransport:
    """The webhook exporter from its config table."""
    headers = {**table.string_map("headers"), **table.secret_headers("headers_env")}
    return HttpTransport(WebhookProtocol(table.url("url"), headers), http_client(table))
