"""Browser sessions in a signed cookie: who is logged in, the CSRF token, and when it expires.

The cookie holds no secret beyond the CSRF token (which only matters together with the
cookie): a user id, the token and an expiry, signed with HMAC-SHA256. The user and role are
read again from the store on every request, so disabling a user ends their sessions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

COOKIE_NAME = "pavedroad_session"


@dataclass(frozen=True, slots=True)
class Session:
    """A session: `user_id` None before login (it then only carries the login form's CSRF token)."""

    user_id: int | None
    csrf_token: str
    expires_at: float


def new_session(user_id: int | None, max_age_seconds: int) -> Session:
    """A fresh session with a new CSRF token (a login always starts a new one: no fixation)."""
    return Session(user_id, secrets.token_urlsafe(32), time.time() + max_age_seconds)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, secret_key: str) -> str:
    return _b64(hmac.new(secret_key.encode(), payload.encode("ascii"), hashlib.sha256).digest())


def encode_session(session: Session, secret_key: str) -> str:
    """The cookie value: payload and signature, both URL-safe base64."""
    document = {"u": session.user_id, "c": session.csrf_token, "e": session.expires_at}
    payload = _b64(json.dumps(document, separators=(",", ":")).encode())
    return f"{payload}.{_signature(payload, secret_key)}"


def decode_session(cookie: str | None, secret_key: str) -> Session | None:
    """The session in `cookie`, or None when absent, forged, malformed or expired."""
    if not cookie or cookie.count(".") != 1:
        return None
    payload, signature = cookie.split(".")
    try:
        if not hmac.compare_digest(signature, _signature(payload, secret_key)):
            return None
        document = json.loads(_unb64(payload))
        session = Session(document["u"], str(document["c"]), float(document["e"]))
    except (ValueError, KeyError, TypeError, UnicodeError):
        return None
    if session.expires_at <= time.time():
        return None
    if session.user_id is not None and not isinstance(session.user_id, int):
        return None
    return session
