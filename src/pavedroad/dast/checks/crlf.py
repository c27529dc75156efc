"""CRLF injection: a header the scanner names appears in the response."""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Parameter

INJECTED_HEADER = "X-Pvd-Injected"


def check_crlf_injection(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Confirmed when the response carries our header with our random value."""
    value = token()
    for newline in ("\r\n", "\n"):
        payload = f"{parameter.example}{newline}{INJECTED_HEADER}: {value}"
        probe = context.inject(endpoint, parameter, payload)
        if probe.header(INJECTED_HEADER) == value:
            return [build_finding(
                "crlf-injection", probe,
                f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' can add response headers",
                parameter=parameter.name, payload=payload, path=endpoint.path,
                confirmation=f"the response carries '{INJECTED_HEADER}: {value}'",
            )]  # fmt: skip
    return []
