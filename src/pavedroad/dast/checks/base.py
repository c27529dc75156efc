"""What every active check gets: the client, cached baselines, random tokens and response comparison."""

from __future__ import annotations

import difflib
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pavedroad.core.findings import Finding
from pavedroad.dast.callback import CallbackListener
from pavedroad.dast.http import HttpClient
from pavedroad.dast.model import Endpoint, Exchange, Parameter

SIMILAR = 0.95  # body similarity above which two responses count as "the same page"
_COMPARED = 20_000  # characters compared; enough to tell pages apart, cheap enough per probe


@dataclass(slots=True)
class StoredProbe:
    """A payload submitted for the stored-XSS check, found later on another page."""

    endpoint: Endpoint
    parameter: Parameter
    payload: str
    marker: str


@dataclass(slots=True)
class CheckContext:
    """Shared by every check of one scan; thread-safe."""

    client: HttpClient
    callback: CallbackListener | None = None
    stored: list[StoredProbe] = field(default_factory=list)
    # Time-based checks run one at a time: a sleep payload in flight (holding a database lock,
    # say) would slow another check's probes and look like a delay it caused.
    timing: threading.Lock = field(default_factory=threading.Lock)
    _baselines: dict[object, Exchange | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def baseline(self, endpoint: Endpoint) -> Exchange | None:
        """The endpoint's response to its example values (sent once); None when it failed."""
        with self._lock:
            if endpoint.key in self._baselines:
                return self._baselines[endpoint.key]
        exchange = self.client.send(endpoint.request())
        with self._lock:
            self._baselines[endpoint.key] = exchange
        return exchange

    def inject(self, endpoint: Endpoint, parameter: Parameter, value: str, identity: object = None) -> Exchange:
        """The endpoint's request with one parameter replaced by `value`."""
        request = endpoint.request({parameter.name: value})
        if identity is None:
            return self.client.send(request)
        return self.client.send(request, identity)

    def remember_stored(self, probe: StoredProbe) -> None:
        with self._lock:
            self.stored.append(probe)


ParameterCheck = Callable[[CheckContext, Endpoint, Parameter], list[Finding]]
EndpointCheck = Callable[[CheckContext, Endpoint], list[Finding]]


def token(length: int = 8) -> str:
    """A random lowercase token that never occurs in a page by chance."""
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def same_page(first: Exchange, second: Exchange, *ignored: str) -> bool:
    """Same status and nearly the same body, once the reflected payloads (`ignored`) are removed."""
    if first.status != second.status:
        return False
    a, b = first.body[:_COMPARED], second.body[:_COMPARED]
    for text in ignored:
        if text:
            a, b = a.replace(text, ""), b.replace(text, "")
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def new_in(exchange: Exchange, baseline: Exchange | None, pattern: re.Pattern[str]) -> bool:
    """True when the pattern is in the probe's response and not in the baseline's."""
    return pattern.search(exchange.body) is not None and (baseline is None or pattern.search(baseline.body) is None)
