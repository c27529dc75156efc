"""SSRF: a callback to the scanner's own loopback listener, and cloud metadata responses."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, new_in, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange, Parameter

_URL_LIKE = re.compile(r"url|uri|link|src|dest|fetch|callback|webhook|feed|image|proxy|site|host|target", re.I)
_METADATA = (
    ("http://169.254.169.254/latest/meta-data/", re.compile(r"\bami-id\b.*\binstance-id\b", re.S)),
    ("http://metadata.google.internal/computeMetadata/v1/?recursive=true", re.compile(r'"serviceAccounts"\s*:')),
)


def check_ssrf(context: CheckContext, endpoint: Endpoint, parameter: Parameter) -> list[Finding]:
    """A hit on the listener proves the server fetched our URL; metadata text proves it reached the cloud's."""
    if context.callback is not None:
        probe_token = token(10)
        payload = context.callback.url(probe_token)
        probe = context.inject(endpoint, parameter, payload)
        if context.callback.was_hit(probe_token):
            return [_found(endpoint, parameter, probe, payload, "the scanner's callback listener received the "
                           f"request for /pvd-{probe_token} while this request was served")]  # fmt: skip
    if not (_URL_LIKE.search(parameter.name) or parameter.example.startswith(("http://", "https://"))):
        return []  # metadata URLs only go to parameters that look like they take a URL
    baseline = context.baseline(endpoint)
    for payload, signature in _METADATA:
        probe = context.inject(endpoint, parameter, payload)
        if new_in(probe, baseline, signature):
            return [_found(endpoint, parameter, probe, payload, "the response holds cloud instance metadata")]
    return []


def _found(endpoint: Endpoint, parameter: Parameter, probe: Exchange, payload: str, how: str) -> Finding:
    return build_finding(
        "ssrf", probe, f"{endpoint.method} {endpoint.path}: parameter '{parameter.name}' makes the server fetch a URL",
        parameter=parameter.name, payload=payload, confirmation=how, path=endpoint.path,
    )  # fmt: skip
