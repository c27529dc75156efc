"""Authorisation: secured API operations served without credentials, and IDOR between two users (opt-in)."""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.auth import Session
from pavedroad.dast.checks.base import CheckContext, same_page
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange, Parameter

_ID_NAME = re.compile(r"(^|_|-)id$|Id$|^id", re.IGNORECASE)


def check_missing_authentication(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """An operation the document marks as secured that answers 2xx to a request without credentials."""
    if not endpoint.secured:
        return []
    probe = context.client.send(endpoint.request(), None)
    if not 200 <= probe.status < 300 or 'type="password"' in probe.body.lower():
        return []
    schemes = ", ".join(endpoint.security_schemes)
    return [build_finding(
        "missing-authentication", probe,
        f"{endpoint.method} {endpoint.path} answers without credentials although the API requires {schemes}",
        path=endpoint.path, payload="(no credentials)",
        confirmation=f"HTTP {probe.status} with a {len(probe.body)}-byte body to a request carrying no credentials",
    )]  # fmt: skip


def _private(
    context: CheckContext, endpoint: Endpoint, parameter: Parameter, owned: str, mine: Exchange, other: Session
) -> bool:
    """Not a public object: anonymous requests do not get it; the other user's own object exists and differs."""
    anonymous = context.client.send(endpoint.request({parameter.name: owned}), None)
    if 200 <= anonymous.status < 300 and same_page(anonymous, mine):
        return False
    own_ids = [i for i in other.owned_ids if i != owned]
    if not own_ids:
        return False
    theirs = context.inject(endpoint, parameter, own_ids[0], other)
    return 200 <= theirs.status < 300 and not same_page(theirs, mine)


def id_parameters(endpoint: Endpoint) -> list[Parameter]:
    """Numeric identifiers an IDOR could swap."""
    return [p for p in endpoint.parameters if p.location in ("path", "query")
            and _ID_NAME.search(p.name) and (p.example.isdigit() or p.input_type == "integer")]  # fmt: skip


def check_idor(context: CheckContext, endpoint: Endpoint, users: list[Session]) -> list[Finding]:
    """User B gets user A's object exactly as A does, while B's own object looks different: an IDOR."""
    if endpoint.method != "GET" or len(users) < 2:
        return []
    for parameter in id_parameters(endpoint):
        for owner in users:
            for owned in owner.owned_ids:
                mine = context.inject(endpoint, parameter, owned, owner)
                if not 200 <= mine.status < 300:
                    continue
                for other in (user for user in users if user is not owner):
                    theirs = context.inject(endpoint, parameter, owned, other)
                    if not (200 <= theirs.status < 300 and same_page(mine, theirs)):
                        continue
                    if not _private(context, endpoint, parameter, owned, mine, other):
                        continue
                    own_ids = [i for i in other.owned_ids if i != owned]
                    return [build_finding(
                        "idor", theirs,
                        f"{endpoint.method} {endpoint.path}: {other.name} reads {owner.name}'s object "
                        f"{parameter.name}={owned}",
                        parameter=parameter.name, payload=owned, path=endpoint.path,
                        confirmation=f"{other.name} got the same response for {owner.name}'s id {owned} as "
                        f"{owner.name} did; anonymous requests did not, and {other.name}'s own id "
                        f"{own_ids[0]} returned a different object",
                    )]  # fmt: skip
    return []
