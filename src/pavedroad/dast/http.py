"""Every request a DAST scan sends goes through `HttpClient`: scope, budget, rate, deadline and size limits.

Checks never talk to httpx directly, so no check can leave the target's origin, exceed
the request budget, outlive the scan's deadline or read more than `max_body` bytes of a
response. Failures become `TargetError`s with a one-line reason a user can act on.
"""

from __future__ import annotations

import fnmatch
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from pavedroad.dast.model import Exchange, RequestSpec

USER_AGENT = "pavedroad-dast/1"


@dataclass(frozen=True, slots=True)
class ScanLimits:
    """How much a scan may do. `rate` is requests per second; 0 means unlimited."""

    max_requests: int = 3000
    max_time: float = 300.0
    concurrency: int = 8
    rate: float = 0.0
    timeout: float = 10.0
    max_body: int = 2_000_000
    max_redirects: int = 10


class TargetError(Exception):
    """A request that got no usable response: unreachable, TLS, timeout, too slow, redirect loop."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class BudgetExhausted(Exception):
    """The request budget or the scan's time bound is used up: stop sending, report what was done."""


class Identity(Protocol):
    """Who a request is sent as: credentials to add, and how to log in again when they expire."""

    def credentials(self) -> tuple[tuple[str, str], ...]: ...

    def expired(self, exchange: Exchange) -> bool: ...

    def refresh(self, client: HttpClient) -> bool: ...


def origin_of(url: str) -> str:
    """scheme://host:port with the default port made explicit, so two spellings compare equal."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


@dataclass(frozen=True, slots=True)
class Scope:
    """The origins a scan may touch and the path patterns it honours (globs on the URL path)."""

    origins: frozenset[str]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def allows(self, url: str) -> bool:
        """True for a URL on one of the origins whose path is included and not excluded."""
        if origin_of(url) not in self.origins:
            return False
        path = urlsplit(url).path or "/"
        if self.include and not any(fnmatch.fnmatchcase(path, pattern) for pattern in self.include):
            return False
        return not any(fnmatch.fnmatchcase(path, pattern) for pattern in self.exclude)


class _RateLimiter:
    """Spaces requests at least 1/rate seconds apart across all worker threads."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_slot = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


_DEFAULT = object()


class HttpClient:
    """A thread-safe client bound to a scope and limits; `on_exchange` sees every response."""

    def __init__(
        self,
        scope: Scope,
        limits: ScanLimits,
        *,
        verify_tls: bool = True,
        on_exchange: Callable[[Exchange], None] | None = None,
    ) -> None:
        self.scope = scope
        self.limits = limits
        self.identity: Identity | None = None
        self.on_exchange = on_exchange
        self.started = time.monotonic()
        self.deadline = self.started + limits.max_time
        self.sent = 0
        self._lock = threading.Lock()
        self._rate = _RateLimiter(limits.rate)
        # The transport, not httpx.Client: no cookie jar shared between identities, no
        # automatic redirects (open-redirect checks need the raw Location), explicit timeouts.
        pool = httpx.Limits(max_connections=limits.concurrency + 2, max_keepalive_connections=limits.concurrency)
        self._transport = httpx.HTTPTransport(verify=verify_tls, limits=pool)

    def close(self) -> None:
        """Close pooled connections."""
        self._transport.close()

    @property
    def remaining_time(self) -> float:
        return self.deadline - time.monotonic()

    def send(self, spec: RequestSpec, identity: object = _DEFAULT) -> Exchange:
        """Send one request as `identity` (default: the scan's), logging in again once if the session expired."""
        if not self.scope.allows(spec.url):
            raise TargetError("scope", f"{spec.url} is outside the scan's scope")
        who: Identity | None = self.identity if identity is _DEFAULT else identity  # type: ignore[assignment]
        exchange = self._send_once(_with_credentials(spec, who))
        if who is not None and who.expired(exchange) and who.refresh(self):
            exchange = self._send_once(_with_credentials(spec, who))
        return exchange

    def fetch(self, spec: RequestSpec, identity: object = _DEFAULT) -> Exchange:
        """Send and follow redirects inside the scope; a loop or too many hops is a TargetError."""
        seen = [spec.url]
        exchange = self.send(spec, identity)
        while 300 <= exchange.status < 400 and exchange.header("location"):
            target = urljoin(exchange.url, exchange.header("location") or "")
            if not self.scope.allows(target):
                return exchange  # never follow to another host: the 3xx itself is the answer
            if target in seen or len(seen) > self.limits.max_redirects:
                chain = " → ".join([*seen[-3:], target])
                raise TargetError("redirect", f"redirect loop after {len(seen)} hops: {chain}")
            seen.append(target)
            exchange = self.send(RequestSpec("GET", target), identity)
        return exchange

    def _take_budget(self) -> None:
        with self._lock:
            if self.sent >= self.limits.max_requests:
                raise BudgetExhausted(f"request budget of {self.limits.max_requests} reached")
            if time.monotonic() >= self.deadline:
                raise BudgetExhausted(f"time bound of {self.limits.max_time:g} s reached")
            self.sent += 1

    def _send_once(self, spec: RequestSpec) -> Exchange:
        self._take_budget()
        self._rate.wait()
        timeout = max(0.1, min(self.limits.timeout, self.remaining_time))
        started = time.monotonic()
        try:
            request = _build_request(spec, timeout)
            response = self._transport.handle_request(request)
            try:
                body, truncated = self._read_body(spec, response, started, timeout)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise TargetError("timeout", f"{spec.method} {spec.url}: no response within {timeout:g} s") from None
        except httpx.ConnectError as error:
            raise _connect_error(spec, error) from None
        except (httpx.HTTPError, ValueError) as error:
            raise TargetError("protocol", f"{spec.method} {spec.url}: {error or type(error).__name__}") from None
        exchange = Exchange(
            request=spec,
            url=str(request.url),
            status=response.status_code,
            headers=_raw_headers(response.headers),
            body=body,
            elapsed=time.monotonic() - started,
            truncated=truncated,
            sent_headers=_raw_headers(request.headers),
        )
        if self.on_exchange is not None:
            self.on_exchange(exchange)
        return exchange

    def _read_body(
        self, spec: RequestSpec, response: httpx.Response, started: float, timeout: float
    ) -> tuple[str, bool]:
        """Stream the body: stop at max_body bytes, and give up on a server dripping bytes past the timeout."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.limits.max_body:
                return b"".join(chunks)[: self.limits.max_body].decode("utf-8", "replace"), True
            if time.monotonic() - started > timeout:
                raise TargetError("slow", f"{spec.method} {spec.url}: body still arriving after {timeout:g} s")
        return b"".join(chunks).decode("utf-8", "replace"), False


def _build_request(spec: RequestSpec, timeout: float) -> httpx.Request:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    headers.update(spec.headers)
    if spec.content_type:
        headers["Content-Type"] = spec.content_type
    body: dict[str, object] = {}
    if spec.form is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        body["content"] = spec.body_text().encode()
    elif spec.json_body is not None:
        body["json"] = spec.json_body
    elif spec.content is not None:
        body["content"] = spec.content.encode()
    request = httpx.Request(
        spec.method,
        spec.url,
        params=list(spec.params) if spec.params else None,
        headers=headers,
        extensions={"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}},
        **body,  # type: ignore[arg-type]
    )
    return request


def _raw_headers(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    """Headers as sent on the wire, names in their original case (evidence should look like the traffic)."""
    return tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw)


def _with_credentials(spec: RequestSpec, identity: Identity | None) -> RequestSpec:
    if identity is None:
        return spec
    return replace(spec, headers=(*spec.headers, *identity.credentials()))


def _connect_error(spec: RequestSpec, error: httpx.ConnectError) -> TargetError:
    text = str(error)
    cause = error.__cause__ or error.__context__
    if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text:
        reason = "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in text else text
        return TargetError("tls", f"{spec.url}: TLS error ({reason}); use --insecure only for a test server")
    return TargetError("unreachable", f"{spec.url}: cannot connect ({text or 'connection refused'})")
