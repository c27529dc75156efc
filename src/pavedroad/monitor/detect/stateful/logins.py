"""Recognising a login attempt, whatever log it came from.

Brute force, spraying, credential stuffing and new-location detections all reason about
the same thing — who tried to log in, from where, to what, and whether it worked — so the
per-source knowledge of what a login looks like lives here once.
"""

from __future__ import annotations

from typing import NamedTuple

from pavedroad.monitor.model import (
    ACTION,
    HOST,
    HTTP_METHOD,
    HTTP_STATUS,
    HTTP_VHOST,
    OUTCOME,
    SOURCE_IP,
    URL_PATH,
    USER,
    Event,
)

AUTH_KINDS = frozenset({"sshd", "auth"})
WEB_KINDS = frozenset({"nginx", "apache"})

_AUTH_LOGIN_ACTIONS = frozenset({"ssh_login", "login"})
# Web login outcomes by status: a form that answers 200 to a wrong password is not counted.
_WEB_FAILURE_STATUSES = frozenset({401, 403})


class LoginAttempt(NamedTuple):
    """One attempt to authenticate: `endpoint` names what was logged into (a named tuple: one
    is made for every login line, and a tuple is built several times faster than a dataclass)."""

    source: str | None
    user: str | None
    success: bool
    endpoint: str


# Per kind, a field that must hold one of these values for an event to be a login attempt:
# the first test login_attempt makes, which a loop over many events can make inline.
LOGIN_GATES: dict[str, tuple[str, frozenset[str]]] = {
    **{kind: (ACTION, _AUTH_LOGIN_ACTIONS) for kind in AUTH_KINDS},
    **{kind: (HTTP_METHOD, frozenset({"POST"})) for kind in WEB_KINDS},
    "cloudtrail": ("eventName", frozenset({"ConsoleLogin"})),
}
LOGIN_KINDS = frozenset(LOGIN_GATES)


def login_attempt(event: Event, login_paths: tuple[str, ...]) -> LoginAttempt | None:
    """The login attempt `event` records, or None when it records something else."""
    kind = event.kind
    fields = event.fields
    gate = LOGIN_GATES.get(kind)
    if gate is None or fields.get(gate[0]) not in gate[1]:
        return None
    if kind in AUTH_KINDS:
        outcome = fields.get(OUTCOME)
        if outcome not in ("success", "failure"):
            return None
        host = fields.get(HOST) or event.origin.source
        return LoginAttempt(fields.get(SOURCE_IP), fields.get(USER), outcome == "success", f"ssh:{host}")
    if kind in WEB_KINDS:
        path = str(fields.get(URL_PATH) or "").lower()
        if not path.startswith(login_paths):
            return None
        status = fields.get(HTTP_STATUS)
        if not isinstance(status, int) or not (200 <= status < 400 or status in _WEB_FAILURE_STATUSES):
            return None
        vhost = fields.get(HTTP_VHOST) or ""
        return LoginAttempt(fields.get(SOURCE_IP), fields.get(USER), status < 400, f"web:{vhost}{path}")
    if kind == "cloudtrail":
        result = fields.get("responseElements.ConsoleLogin")
        if result not in ("Success", "Failure"):
            return None
        user = fields.get("userIdentity.userName") or fields.get("userIdentity.arn")
        if fields.get("userIdentity.type") == "Root":
            user = user or "root"
        return LoginAttempt(fields.get(SOURCE_IP), user, result == "Success", "aws:console")
    return None
