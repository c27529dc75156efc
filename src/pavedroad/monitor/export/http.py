"""POSTing a batch over HTTP for every HTTP exporter; each exporter only builds the request and reads the answer."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import BatchOutcome
from pavedroad.monitor.export.queue import QueuedAlert

# Worth retrying: the receiver is busy or down, or misconfigured in a way an operator fixes
# (wrong token, wrong path) — keeping the alerts queued until then loses none of them.
RETRYABLE_STATUS = frozenset({401, 403, 404, 408, 425, 429, 500, 502, 503, 504})

# Keys every HTTP exporter accepts besides its own.
HTTP_KEYS = ("url", "timeout_seconds", "verify_tls", "ca_file")


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One POST: where, which headers, what body."""

    url: str
    headers: Mapping[str, str]
    body: bytes


class HttpProtocol(Protocol):
    """What distinguishes one HTTP receiver from another."""

    def build(self, batch: list[QueuedAlert]) -> HttpRequest: ...

    def interpret(self, batch: list[QueuedAlert], response: httpx.Response) -> BatchOutcome: ...


def status_outcome(batch: list[QueuedAlert], response: httpx.Response) -> BatchOutcome:
    """The answer read from the status code alone: 2xx delivered, RETRYABLE_STATUS retried, other codes refused."""
    if response.is_success:
        return BatchOutcome.all_delivered(batch)
    reason = f"HTTP {response.status_code}: {response.text[:200]}"
    if response.status_code in RETRYABLE_STATUS:
        return BatchOutcome.retry(reason)
    return BatchOutcome.all_rejected(batch, reason)


class HttpTransport:
    """A Transport that POSTs what an HttpProtocol builds, on one reused connection pool."""

    def __init__(self, protocol: HttpProtocol, client: httpx.Client) -> None:
        self.protocol = protocol
        self.client = client

    def deliver(self, batch: list[QueuedAlert]) -> BatchOutcome:
        """POST the batch; network errors and timeouts mean "retry"."""
        request = self.protocol.build(batch)
        try:
            response = self.client.post(request.url, headers=dict(request.headers), content=request.body)
        except httpx.HTTPError as error:
            # The class name only: messages can carry request details we do not want in logs.
            return BatchOutcome.retry(f"{type(error).__name__} talking to {request.url}")
        return self.protocol.interpret(batch, response)

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()


def http_client(table: Table) -> httpx.Client:
    """An httpx client from the shared keys: timeout_seconds (10), verify_tls (true), ca_file."""
    timeout = table.number("timeout_seconds", 10.0, minimum=0.1)
    verify: bool | ssl.SSLContext = table.boolean("verify_tls", True)
    ca_file = table.optional_string("ca_file")
    if ca_file is not None:
        verify = ssl.create_default_context(cafile=ca_file)
    return httpx.Client(timeout=timeout, verify=verify, follow_redirects=False)


def with_path(url: str, path: str) -> str:
    """`url` with `path` appended unless it already ends with it (users paste either form)."""
    trimmed = url.rstrip("/")
    return trimmed if trimmed.endswith(path) else trimmed + path
