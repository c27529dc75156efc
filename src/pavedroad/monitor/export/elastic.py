"""Elasticsearch / OpenSearch `_bulk`: NDJSON index actions with `_id` = alert id, answers read per item.

Indexing by alert id makes a re-sent alert overwrite itself instead of duplicating, so
at-least-once delivery ends as one document per alert.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from pavedroad.core.errors import UsageError
from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import BatchOutcome
from pavedroad.monitor.export.http import (
    HTTP_KEYS,
    RETRYABLE_STATUS,
    HttpRequest,
    HttpTransport,
    http_client,
    status_outcome,
    with_path,
)
from pavedroad.monitor.export.queue import QueuedAlert

KEYS = (*HTTP_KEYS, "index", "username", "password_env", "api_key_env")


class BulkProtocol:
    """Builds `_bulk` bodies and reads the per-item results."""

    def __init__(self, url: str, index: str, headers: dict[str, str]) -> None:
        self.url = with_path(url, "/_bulk")
        self.index = index
        self._headers = {**headers, "Content-Type": "application/x-ndjson"}

    def build(self, batch: list[QueuedAlert]) -> HttpRequest:
        """An index action and the document for each alert; `@timestamp` is the window end."""
        lines = []
        for entry in batch:
            lines.append(json.dumps({"index": {"_index": self.index, "_id": entry.alert_id}}))
            lines.append(json.dumps({"@timestamp": entry.payload["window_end"], **entry.payload}))
        return HttpRequest(self.url, self._headers, ("\n".join(lines) + "\n").encode())

    def interpret(self, batch: list[QueuedAlert], response: httpx.Response) -> BatchOutcome:
        """Items answer in request order: 2xx delivered, 429/5xx retried, other errors refused."""
        if not response.is_success:
            return status_outcome(batch, response)
        try:
            items = response.json()["items"]
        except (ValueError, KeyError, TypeError):
            return BatchOutcome.retry("bulk response without items")
        if not isinstance(items, list) or len(items) != len(batch):
            return BatchOutcome.retry("bulk response items do not match the request")
        delivered: set[int] = set()
        rejected: dict[int, str] = {}
        retry = ""
        for entry, item in zip(batch, items, strict=True):
            # Each item is {"index": {...}}: one key, the action, holding status and error.
            result: Any = next(iter(item.values()), {}) if isinstance(item, dict) else {}
            status = result.get("status") if isinstance(result, dict) else None
            status = status if isinstance(status, int) else 0
            if 200 <= status < 300:
                delivered.add(entry.seq)
            elif status in RETRYABLE_STATUS:
                retry = f"item {entry.alert_id}: HTTP {status} {_error_text(result)}"
            else:
                rejected[entry.seq] = f"HTTP {status} {_error_text(result)}"
        return BatchOutcome(frozenset(delivered), rejected, retry)


def build_transport(table: Table) -> HttpTransport:
    """The bulk exporter from its config table: basic auth (username + password_env), an API key, or none."""
    headers: dict[str, str] = {}
    username = table.optional_string("username")
    has_api_key = "api_key_env" in table.data
    if username is not None and has_api_key:
        raise UsageError(f"{table.path}: use either username/password_env or api_key_env, not both")
    if username is not None:
        credentials = f"{username}:{table.secret('password_env')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    elif "password_env" in table.data:
        raise UsageError(f"{table.where('password_env')}: needs username")
    elif has_api_key:
        headers["Authorization"] = "ApiKey " + table.secret("api_key_env")
    protocol = BulkProtocol(table.url("url"), table.string("index", "pavedroad-alerts"), headers)
    return HttpTransport(protocol, http_client(table))


def _error_text(result: object) -> str:
    error = result.get("error") if isinstance(result, dict) else None
    if isinstance(error, dict):
        return f"{error.get('type', '')}: {error.get('reason', '')}"[:200]
    return str(error or "")[:200]
