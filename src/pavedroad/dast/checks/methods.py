"""Insecure HTTP methods: TRACE that echoes the request back."""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, RequestSpec


def check_trace(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """Confirmed when a random header we send comes back in the body."""
    value = token()
    probe = context.client.send(RequestSpec("TRACE", endpoint.url.split("{")[0], headers=(("X-Pvd-Trace", value),)))
    if probe.status < 300 and value in probe.body:
        return [build_finding(
            "insecure-http-method", probe, f"TRACE {endpoint.path} echoes the request back",
            payload="TRACE", focus=value, path=endpoint.path, key=f"TRACE {endpoint.path}",
            confirmation=f"the header X-Pvd-Trace: {value} came back in the response body",
        )]  # fmt: skip
    return []
