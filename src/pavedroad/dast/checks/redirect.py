"""Open redirect: the Location header (or Refresh) sends the browser to a host the scanner chose."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange, Parameter

EVIL_HOST = "pvd-redirect.invalid"  # .invalid never resolves: a followed redirect goes nowhere
_PAYLOADS = (f"https://{EVIL_HOST}/", f"//{EVIL_HOST}/", f"/\\{EVIL_HOST}/")


def redirect_target(exchange: Exchange) -> str | None:
    """Where the response sends the browser: a 3xx Location or a Refresh header."""
    if 300 <= exchange.status < 400 and exchange.header("location"):
        return urljoin(exchange.url, exchange.header("location") or "")
    refresh = exchange.header("refresh")
    if refresh and "url=" in refresh.lower():
        return urljoin(exchange.url, refresh[refresh.lower().index("url=") + 4 :].strip())
    return None


def check_open_redirect(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Confirmed when the redirect's resolved host is exactly the scanner's .invalid host."""
    for payload in _PAYLOADS:
        probe = context.inject(endpoint, parameter, payload)
        target = redirect_target(probe)
        # Browsers treat a backslash like a slash, so resolve /\host as //host would be.
        if target and urlsplit(target.replace("\\", "/")).hostname == EVIL_HOST:
            return [build_finding(
                "open-redirect", probe,
                f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' redirects to any host",
                parameter=parameter.name, payload=payload, path=endpoint.path,
                confirmation=f"the response redirects to {target}",
            )]  # fmt: skip
    return []
