"""Sensitive data in URLs: credential-like parameters in links and GET forms the crawl found."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint

SENSITIVE_NAME = re.compile(r"pass(word|wd)?$|^pwd$|token|secret|api[-_]?key|session(id)?$|^sid$|^auth", re.I)


def check_sensitive_url(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """Only URLs the application itself produced (crawl, HAR), not ones an API document describes."""
    if endpoint.method != "GET" or endpoint.source not in ("crawl", "har"):
        return []
    names = [p.name for p in endpoint.parameters if p.location == "query" and SENSITIVE_NAME.search(p.name)]
    if not names:
        return []
    exchange = context.baseline(endpoint)
    if exchange is None:
        return []
    return [build_finding(
        "sensitive-data-in-url", exchange, f"{endpoint.path} takes {', '.join(names)} in the query string",
        parameter=names[0], path=endpoint.path,
        confirmation=f"the application links to this URL with {', '.join(names)} in the query",
    )]  # fmt: skip
