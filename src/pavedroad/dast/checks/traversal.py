"""Path traversal / local file read, confirmed by the content of a well-known system file."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, new_in
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Parameter

PASSWD = re.compile(r"root:[^:\n]*:0:0:")
WIN_INI = re.compile(r"\[(fonts|extensions)\]", re.IGNORECASE)
_UP = "../" * 8
_PAYLOADS = (
    (_UP + "etc/passwd", PASSWD),
    ("....//" * 8 + "etc/passwd", PASSWD),  # survives a single pass of "../" removal
    ("/etc/passwd", PASSWD),
    ("..\\" * 8 + "windows\\win.ini", WIN_INI),
)


def check_path_traversal(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """Ask for /etc/passwd (or win.ini) through the parameter; the file's signature must appear."""
    baseline = context.baseline(endpoint)
    for payload, signature in _PAYLOADS:
        probe = context.inject(endpoint, parameter, payload)
        if new_in(probe, baseline, signature):
            match = signature.search(probe.body)
            return [build_finding(
                "path-traversal", probe,
                f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' reads files outside its folder",
                parameter=parameter.name, payload=payload, path=endpoint.path,
                focus=match.group(0) if match else None,
                confirmation=f"the response holds the file's signature '{match.group(0) if match else ''}', "
                "absent from the normal response",
            )]  # fmt: skip
    return []
