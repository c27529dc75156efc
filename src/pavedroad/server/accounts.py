"""Users and API tokens: creating, revoking and looking them up (admin CLI and authentication).

These writes belong in the store package; they live here until it grows an accounts module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, insert, select, update

from pavedroad.server.security.passwords import hash_password
from pavedroad.server.security.tokens import generate_token, token_hash, token_prefix
from pavedroad.store.connection import Store
from pavedroad.store.errors import StoreError
from pavedroad.store.schema import ROLES, ApiToken, AuditEvent, Project, User, utc_now

CLI_ACTOR = "admin-cli"
AUDIT_ID_LENGTH = 64
AUDIT_ACTOR_LENGTH = 255


class AccountError(StoreError):
    """An account request that cannot be honoured (unknown role, duplicate user, no such project)."""


@dataclass(frozen=True, slots=True)
class CreatedToken:
    """A new token: `token` is the secret, shown once and never stored."""

    id: int
    token: str
    prefix: str


def audit(connection: Connection, actor: str, action: str, object_type: str, object_id: str, note: str | None) -> None:
    """One audit event (values cut to the column sizes: they may come from anonymous input)."""
    connection.execute(
        insert(AuditEvent).values(
            at=utc_now(),
            actor=actor[:AUDIT_ACTOR_LENGTH],
            action=action,
            object_type=object_type,
            object_id=object_id[:AUDIT_ID_LENGTH],
            before=None,
            after=None,
            note=note,
        )
    )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")


def add_user(store: Store, username: str, password: str, role: str) -> int:
    """Create a user with a hashed password; returns its id."""
    _check_role(role)
    if not username.strip() or len(username) > AUDIT_ID_LENGTH:
        raise AccountError(f"a user name needs 1 to {AUDIT_ID_LENGTH} characters")
    if not password:
        raise AccountError("a password may not be empty")
    hashed = hash_password(password)
    with store.transaction() as connection:
        if connection.execute(select(User.id).where(User.username == username)).first():
            raise AccountError(f"user {username!r} already exists")
        statement = insert(User).values(
            username=username, password_hash=hashed, role=role, created_at=utc_now(), disabled=False
        )
        user_id = int(connection.execute(statement.returning(User.id)).scalar_one())
        audit(connection, CLI_ACTOR, "user_add", "user", username, f"role {role}")
    return user_id


def create_token(
    store: Store, name: str, role: str, project: str | None = None, expires_in: timedelta | None = None
) -> CreatedToken:
    """A new API token (scoped to `project` when given); only its hash is stored."""
    _check_role(role)
    token = generate_token()
    now = utc_now()
    with store.transaction() as connection:
        project_id = None
        if project is not None:
            project_id = connection.execute(select(Project.id).where(Project.name == project)).scalar_one_or_none()
            if project_id is None:
                raise AccountError(f"no project {project!r} (record or upload a scan for it first)")
        statement = insert(ApiToken).values(
            name=name,
            token_hash=token_hash(token),
            prefix=token_prefix(token),
            role=role,
            project_id=project_id,
            created_at=now,
            expires_at=now + expires_in if expires_in else None,
        )
        token_id = int(connection.execute(statement.returning(ApiToken.id)).scalar_one())
        audit(connection, CLI_ACTOR, "token_create", "api_token", str(token_id), f"{name} role {role}")
    return CreatedToken(token_id, token, token_prefix(token))


def revoke_token(store: Store, token_id: int) -> None:
    """Revoke a token now; revoking twice is an error so a typo in the id is noticed."""
    with store.transaction() as connection:
        changed = connection.execute(
            update(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None)).values(revoked_at=utc_now())
        )
        if changed.rowcount != 1:
            raise AccountError(f"no active token {token_id}")
        audit(connection, CLI_ACTOR, "token_revoke", "api_token", str(token_id), None)


@dataclass(frozen=True, slots=True)
class TokenIdentity:
    """Who a presented token belongs to."""

    name: str
    role: str
    project_id: int | None


def identify_token(connection: Connection, token: str, now: datetime) -> TokenIdentity | None:
    """The live token matching `token` (not revoked, not expired, its user not disabled)."""
    row = connection.execute(
        select(ApiToken.name, ApiToken.role, ApiToken.project_id, ApiToken.expires_at, User.disabled)
        .outerjoin(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or (row.expires_at is not None and row.expires_at <= now) or row.disabled:
        return None
    return TokenIdentity(f"token:{row.name}", row.role, row.project_id)


@dataclass(frozen=True, slots=True)
class UserIdentity:
    """A user as authentication needs it (never the hash outside this module's callers)."""

    id: int
    username: str
    role: str
    password_hash: str


def _enabled_user(connection: Connection, condition: ColumnElement[bool]) -> UserIdentity | None:
    row = connection.execute(
        select(User.id, User.username, User.role, User.password_hash).where(condition, User.disabled.is_(False))
    ).first()
    return None if row is None else UserIdentity(row.id, row.username, row.role, row.password_hash)


def user_by_name(connection: Connection, username: str) -> UserIdentity | None:
    """An enabled user by name."""
    return _enabled_user(connection, User.username == username)


def user_by_id(connection: Connection, user_id: int) -> UserIdentity | None:
    """An enabled user by id."""
    return _enabled_user(connection, User.id == user_id)
