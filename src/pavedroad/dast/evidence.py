"""A finding with its proof: the trimmed request and response, credentials masked, and how it was confirmed."""

from __future__ import annotations

import functools
import re
import threading
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pavedroad.analyzers.secrets.detectors import ALL_DETECTORS
from pavedroad.analyzers.secrets.engine import SecretsEngine
from pavedroad.analyzers.secrets.noise import mask
from pavedroad.core.findings import Finding, Fix, Location, make_fingerprint
from pavedroad.dast.model import Exchange
from pavedroad.dast.rules import RULES_BY_ID

ANALYZER = "dast"
MAX_EVIDENCE = 2000  # characters of request and of response kept in a finding
_SECRET_HEADERS = frozenset(
    {"authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key", "x-auth-token"}
)
_SECRET_NAME = re.compile(r"pass|pwd|token|secret|api[-_]?key|session|auth|credential", re.IGNORECASE)


def mask_url(url: str) -> str:
    """The URL with the values of credential-like query parameters masked."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [(name, mask(value) if _SECRET_NAME.search(name) and value else value) for name, value in
             parse_qsl(parts.query, keep_blank_values=True)]  # fmt: skip
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="/:'\"<>(){}$;|`*")))


# The engine's hyperscan scratch space is not thread-safe; checks build findings from many threads.
_ENGINE_LOCK = threading.Lock()


@functools.cache
def _secrets_engine() -> SecretsEngine:
    return SecretsEngine(ALL_DETECTORS)


def mask_secrets(text: str) -> str:
    """`text` with every credential the secrets scanner recognises masked (bodies can hold keys, .env files...)."""
    data = text.encode("utf-8", "surrogatepass")
    with _ENGINE_LOCK:
        secrets = {match.secret for match in _secrets_engine().find(data)}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, mask(secret))
    return text


def _header_lines(headers: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{name}: {_mask_header(name, value)}" for name, value in headers]


def _mask_header(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered not in _SECRET_HEADERS:
        return value
    if lowered in ("cookie", "set-cookie"):
        # Keep cookie names and attributes (the evidence for cookie-flag findings); mask the values.
        return re.sub(r"(^|;\s*)([^=;\s]+)=([^;]*)", lambda m: f"{m[1]}{m[2]}={_mask_cookie(m[2], m[3])}", value)
    scheme, _, credential = value.partition(" ")
    return f"{scheme} {mask(credential)}" if credential else mask(value)


def _mask_cookie(name: str, value: str) -> str:
    attributes = {"path", "domain", "expires", "max-age", "samesite"}
    return value if name.lower() in attributes or not value else mask(value)


def _trim(text: str, focus: str | None) -> str:
    """At most MAX_EVIDENCE characters, centred on `focus` (the payload or matched text) when present."""
    if len(text) <= MAX_EVIDENCE:
        return text
    start = 0
    if focus and focus in text:
        start = max(0, text.index(focus) - MAX_EVIDENCE // 2)
    piece = text[start : start + MAX_EVIDENCE]
    return ("…" if start else "") + piece + ("…" if start + MAX_EVIDENCE < len(text) else "")


def request_text(exchange: Exchange) -> str:
    """The request as sent, masked and trimmed."""
    parts = urlsplit(exchange.url)
    target = mask_url(urlunsplit(("", "", parts.path, parts.query, "")))
    lines = [f"{exchange.request.method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += _header_lines(tuple((n, v) for n, v in exchange.sent_headers if n.lower() != "host"))
    body = exchange.request.body_text()
    return mask_secrets(_trim("\n".join(lines) + ("\n\n" + body if body else ""), None))


def response_text(exchange: Exchange, focus: str | None = None) -> str:
    """The response status, headers and body, masked and trimmed around `focus`."""
    head = "\n".join([f"HTTP/1.1 {exchange.status}", *_header_lines(exchange.headers)])
    body = _trim(exchange.body, focus) + (" [body cut at the size limit]" if exchange.truncated else "")
    return mask_secrets(_trim(head, None) + "\n\n" + body)


def build_finding(
    slug: str,
    exchange: Exchange,
    message: str,
    *,
    parameter: str = "",
    payload: str = "",
    confirmation: str = "",
    focus: str | None = None,
    path: str | None = None,
    key: str | None = None,
) -> Finding:
    """A Finding for rule `dast/<slug>` with the request/response pair and proof in its properties.

    `key` overrides what makes the finding unique (default: method, path and parameter) so a
    site-wide problem such as a missing header is one finding, not one per page.
    """
    rule = RULES_BY_ID[f"dast/{slug}"]
    where = path or exchange.path
    method = exchange.request.method
    properties = [
        ("method", method),
        ("url", mask_url(exchange.url)),
        ("parameter", parameter),
        ("payload", payload),
        ("confirmation", confirmation),
        ("status", str(exchange.status)),
        ("request", request_text(exchange)),
        ("response", response_text(exchange, focus or payload or None)),
    ]
    return Finding(
        rule_id=rule.id,
        analyzer=ANALYZER,
        severity=rule.severity,
        confidence=rule.confidence,
        title=rule.title,
        message=message,
        location=Location(path=where, snippet=f"{method} {mask_url(exchange.url)}"[:300]),
        fingerprint=make_fingerprint(rule.id, key or f"{method} {where}", parameter),
        cwe=rule.cwe,
        references=rule.references,
        fix=Fix(rule.fix),
        properties=tuple((name, value) for name, value in properties if value),
    )
