"""CSRF: every state-changing request made with a session cookie carries the session's token.

The token comes from the form field `csrf_token` (dashboard forms) or the `X-CSRF-Token`
header (scripts). Token-authenticated requests are exempt: browsers never add an
Authorization header on their own, so a forged cross-site request cannot carry one.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from pavedroad.server.security.sessions import Session

FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def presented_token(request: Request) -> str | None:
    """The CSRF token sent with the request, from its header or its form."""
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(FORM_FIELD)
        return value if isinstance(value, str) else None
    return None


async def csrf_ok(request: Request, session: Session | None) -> bool:
    """True when the request is safe, or carries the CSRF token of its session."""
    if request.method in SAFE_METHODS:
        return True
    presented = await presented_token(request)
    return session is not None and presented is not None and hmac.compare_digest(presented, session.csrf_token)
