"""Reflected and stored XSS, confirmed by the payload parsed back as an event-handler attribute.

A reflection alone proves nothing (it may be escaped or inert); the payload counts only
when an HTML parser reads it back as an `on*` attribute of a real tag — code a browser runs.
"""

from __future__ import annotations

from html.parser import HTMLParser

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, StoredProbe, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.http import HttpClient
from pavedroad.dast.model import Endpoint, Exchange, Parameter, RequestSpec

_STORED_PREFIX = "pvds"


class _HandlerFinder(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(name.startswith("on") and self.marker in (value or "") for name, value in attrs):
            self.found = True


def executes(body: str, marker: str) -> bool:
    """True when `marker` sits in an event-handler attribute of a parsed tag."""
    if marker not in body:
        return False
    finder = _HandlerFinder(marker)
    try:
        finder.feed(body)
        finder.close()
    except (AssertionError, ValueError):
        return False
    return finder.found


def _payloads(reflected_in: str, marker: str, function: str) -> list[str]:
    """Payloads in the order the reflection's context makes likely to work."""
    position = reflected_in.find(marker)
    before = reflected_in[:position]
    tag_payload = f"<svg onload={function}()>"
    in_tag = before.rfind("<") > before.rfind(">")
    in_script = before.lower().rfind("<script") > before.lower().rfind("</script")
    if in_tag:
        quote = '"' if before.count('"') % 2 else "'" if before.count("'") % 2 else ""
        return [f"{quote}>{tag_payload}", f"{quote} autofocus onfocus={function}() x={quote}"]
    if in_script:
        return [f"</script>{tag_payload}"]
    return [tag_payload, f"\">{tag_payload}"]


def check_reflected_xss(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Send a canary, read its context, send the matching payloads, confirm with the parser."""
    canary = "pvd" + token()
    reflected = context.inject(endpoint, parameter, canary)
    if canary not in reflected.body or not reflected.is_html:
        return []
    function = "pvd" + token()
    for payload in _payloads(reflected.body, canary, function):
        probe = context.inject(endpoint, parameter, payload)
        if probe.is_html and executes(probe.body, function):
            return [build_finding(
                "reflected-xss", probe,
                f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' is reflected into executable HTML",
                parameter=parameter.name, payload=payload, focus=function, path=endpoint.path,
                confirmation=f"the response parsed with the payload as an event handler calling {function}()",
            )]  # fmt: skip
    return []


def submit_stored_xss(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Submit a marked payload through a form; `confirm_stored_xss` looks for it on the pages later."""
    if endpoint.method == "GET" or parameter.location not in ("form", "json"):
        return []
    marker = _STORED_PREFIX + token()
    payload = f"<svg onload={marker}()>"
    context.inject(endpoint, parameter, payload)
    context.remember_stored(StoredProbe(endpoint, parameter, payload, marker))
    return []


def confirm_stored_xss(client: HttpClient, probes: list[StoredProbe], pages: list[str]) -> list[Finding]:
    """Fetch the crawled pages again; a stored marker parsed as an event handler is a finding."""
    findings: list[Finding] = []
    remaining = list(probes)
    for page in pages:
        if not remaining:
            break
        exchange: Exchange = client.fetch(RequestSpec("GET", page))
        if not exchange.is_html:
            continue
        for probe in [p for p in remaining if executes(exchange.body, p.marker)]:
            remaining.remove(probe)
            findings.append(build_finding(
                "stored-xss", exchange,
                f"{probe.endpoint.method} {probe.endpoint.path}: parameter '{probe.parameter.name}' is stored and "
                f"rendered unescaped on {exchange.path}",
                parameter=probe.parameter.name, payload=probe.payload, focus=probe.marker, path=probe.endpoint.path,
                confirmation=f"submitted to {probe.endpoint.method} {probe.endpoint.path}, later parsed as an event "
                f"handler on GET {exchange.path}",
                key=f"{probe.endpoint.method} {probe.endpoint.path}",
            ))  # fmt: skip
    return findings
