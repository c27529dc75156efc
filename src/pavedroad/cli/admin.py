"""`pavedroad admin`: users and API tokens of the server."""

from __future__ import annotations

import sys
from datetime import timedelta

import click

from pavedroad.cli.store_access import opened_store, store_option
from pavedroad.core.errors import UsageError
from pavedroad.store.schema import ROLES

ROLE_CHOICE = click.Choice(list(ROLES))


@click.group("admin")
def admin_group() -> None:
    """Manage the server's users and API tokens."""


@admin_group.group("user")
def user_group() -> None:
    """Dashboard users."""


@admin_group.group("token")
def token_group() -> None:
    """API tokens (for CI uploads and scripts)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def user_add(name: str, role: str, password_stdin: bool, store_url: str | None) -> None:
    """Add a dashboard user NAME with ROLE (the password is prompted for unless --password-stdin)."""
    from pavedroad.server.accounts import AccountError, add_user

    password = _read_password(password_stdin)
    with opened_store(store_url) as store:
        try:
            user_id = add_user(store, name, password, role)
        except AccountError as error:
            raise UsageError(str(error)) from error
    click.echo(f"user {name} added (id {user_id}, role {role})")


@token_group.command("create")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--project", help="Scope the token to this project: it may only upload scans and deployments there.")
@click.option("--expires-days", type=click.IntRange(1, 3650), help="Expire the token after this many days.")
@store_option
def token_create(name: str, role: str, project: str | None, expires_days: int | None, store_url: str | None) -> None:
    """Create an API token NAME; it is printed once, on stdout, and never shown again."""
    from pavedroad.server.accounts import AccountError, create_token

    expires = timedelta(days=expires_days) if expires_days else None
    with opened_store(store_url) as store:
        try:
            created = create_token(store, name, role, project, expires)
        except AccountError as error:
            raise UsageError(str(error)) from error
    click.echo(f"token {created.id} ({created.prefix}…) created; copy it now, it is not shown again:", err=True)
    click.echo(created.token)


@token_group.command("revoke")
@click.argument("token_id", type=int)
@store_option
def token_revoke(token_id: int, store_url: str | None) -> None:
    """Revoke the API token with id TOKEN_ID."""
    from pavedroad.server.accounts import AccountError, revoke_token

    with opened_store(store_url) as store:
        try:
            revoke_token(store, token_id)
        except AccountError as error:
            raise UsageError(str(error)) from error
    click.echo(f"token {token_id} revoked")
