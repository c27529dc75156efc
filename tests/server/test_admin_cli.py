"""`pavedroad admin` (users, tokens) and `pavedroad serve`'s refusal to listen publicly by accident."""

from __future__ import annotations

import os
import subprocess
import sys

from server_support import PASSWORD, running_server, settings_for_tests
from sqlalchemy import select

from pavedroad.store.schema import ApiToken, User

RUN_CLI = "from pavedroad.cli.main import main; main()"
CLI_TIMEOUT = 120


def _pavedroad(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        env=os.environ.copy(),
    )


def test_user_add_token_create_and_revoke(database_url: str) -> None:
    added = _pavedroad(
        "admin",
        "user",
        "add",
        "alice",
        "--role",
        "triager",
        "--password-stdin",
        "--store",
        database_url,
        stdin=f"{PASSWORD}\n",
    )
    created = _pavedroad("admin", "token", "create", "scripts", "--role", "viewer", "--store", database_url)
    token = created.stdout.strip()

    assert (added.returncode, added.stdout) == (0, "user alice added (id 1, role triager)\n")
    assert created.returncode == 0
    assert token.startswith("prd_") and len(token) > 40
    assert "copy it now, it is not shown again" in created.stderr
    with running_server(database_url, settings_for_tests()) as server:
        with server.store.transaction() as connection:
            user = connection.execute(select(User.role, User.password_hash).where(User.username == "alice")).one()
            token_id = connection.execute(select(ApiToken.id).where(ApiToken.name == "scripts")).scalar_one()
        assert user.role == "triager"
        assert user.password_hash.startswith("scrypt$") and PASSWORD not in user.password_hash
        assert server.client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"}).status_code == 200

        revoked = _pavedroad("admin", "token", "revoke", str(token_id), "--store", database_url)
        again = _pavedroad("admin", "token", "revoke", str(token_id), "--store", database_url)

        assert (revoked.returncode, revoked.stdout) == (0, f"token {token_id} revoked\n")
        assert (again.returncode, again.stderr) == (2, f"pavedroad: error: no active token {token_id}\n")
        assert server.client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_admin_errors_are_one_line(database_url: str) -> None:
    duplicate = [
        _pavedroad(
            "admin", "user", "add", "bob", "--role", "viewer", "--password-stdin", "--store", database_url, stdin="pw\n"
        )
        for _ in range(2)
    ][1]
    no_project = _pavedroad(
        "admin", "token", "create", "ci", "--role", "viewer", "--project", "nope", "--store", database_url
    )

    assert (duplicate.returncode, duplicate.stderr) == (2, "pavedroad: error: user 'bob' already exists\n")
    assert (no_project.returncode, no_project.stderr) == (
        2,
        "pavedroad: error: no project 'nope' (record or upload a scan for it first)\n",
    )


def test_serve_refuses_a_public_address_without_allow_remote() -> None:
    refused = _pavedroad("serve", "--host", "0.0.0.0", "--port", "1")

    assert refused.returncode == 2
    assert (
        refused.stderr
        == "pavedroad: error: --host 0.0.0.0 is not a loopback address; add --allow-remote (behind a TLS proxy)\n"
    )
