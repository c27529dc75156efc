"""Who is making a request: a bearer token or a browser session, resolved against the store."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from pavedroad.server.accounts import identify_token, user_by_id
from pavedroad.server.security.sessions import COOKIE_NAME, Session, decode_session
from pavedroad.server.settings import ServerSettings
from pavedroad.server.storage import StoreHolder
from pavedroad.store.schema import utc_now

TOKEN = "token"
SESSION = "session"


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. `project_id` is set for project-scoped (CI) tokens."""

    name: str
    role: str
    via: str  # TOKEN or SESSION
    project_id: int | None = None


class BadCredentials(Exception):
    """An Authorization header that is not a live bearer token."""


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer ...` header; raises BadCredentials on other schemes."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BadCredentials("expected 'Authorization: Bearer <token>'")
    return token.strip()


def session_of(request: Request, settings: ServerSettings) -> Session | None:
    """The valid session cookie of the request, if any."""
    return decode_session(request.cookies.get(COOKIE_NAME), settings.secret_key)


def identify(request: Request, holder: StoreHolder, settings: ServerSettings) -> Principal | None:
    """The caller, or None when anonymous. A token, when present, is the only credential
    considered: cookies are then ignored (which is also why token requests need no CSRF token)."""
    token = bearer_token(request)
    if token is not None:
        with holder.get().transaction() as connection:
            identity = identify_token(connection, token, utc_now())
        if identity is None:
            raise BadCredentials("unknown, expired or revoked token")
        return Principal(identity.name, identity.role, TOKEN, identity.project_id)
    session = session_of(request, settings)
    if session is None or session.user_id is None:
        return None
    with holder.get().transaction() as connection:
        user = user_by_id(connection, session.user_id)
    return None if user is None else Principal(user.username, user.role, SESSION)
