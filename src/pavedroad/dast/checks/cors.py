"""CORS misconfiguration: an arbitrary Origin reflected with credentials, and the null origin trusted.

Safe in passive mode: the requests are ordinary GETs with an Origin header.
"""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint

EVIL_ORIGIN = "https://pvd-cors.invalid"


def check_cors(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """Send the endpoint's request twice, with a foreign Origin and with Origin: null."""
    if endpoint.method != "GET":
        return []
    findings = []
    request = endpoint.request()
    probe = context.client.send(request.with_headers(("Origin", EVIL_ORIGIN)))
    credentials = (probe.header("access-control-allow-credentials") or "").lower() == "true"
    if probe.header("access-control-allow-origin") == EVIL_ORIGIN and credentials:
        findings.append(build_finding(
            "cors-reflected-origin", probe, f"{endpoint.path} lets any origin read it with the user's cookies",
            payload=f"Origin: {EVIL_ORIGIN}", path=endpoint.path,
            confirmation=f"Access-Control-Allow-Origin: {EVIL_ORIGIN} with Access-Control-Allow-Credentials: true",
        ))  # fmt: skip
    probe = context.client.send(request.with_headers(("Origin", "null")))
    if probe.header("access-control-allow-origin") == "null":
        findings.append(build_finding(
            "cors-null-origin", probe, f"{endpoint.path} trusts the null origin", payload="Origin: null",
            path=endpoint.path, confirmation="Access-Control-Allow-Origin: null",
        ))  # fmt: skip
    return findings
