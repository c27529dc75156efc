"""Every endpoint × every role, read from the same table the app enforces (roles.ENDPOINT_ACCESS).

Anonymous callers get 401 (the dashboard's pages redirect a browser to the login form);
roles below an endpoint's minimum get 403; the minimum role and above get through.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from server_support import ROLES, Server, make_report, running_server, sql_injection_finding

from pavedroad.server.security.roles import ENDPOINT_ACCESS, role_satisfies

ENDPOINTS = sorted(ENDPOINT_ACCESS)
# Path parameters of the seeded store, and a valid body for each state-changing endpoint.
PATH_VALUES = {"name": "shop", "scan_id": "1", "finding_id": "1", "framework": "owasp-top10"}
TRIAGE_JSON = {"state": "confirmed"}
REQUESTS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/projects/{name}/scans"): {
        "json": make_report([sql_injection_finding()]),
        "params": {"ci_run_id": "x"},
    },
    ("POST", "/api/v1/projects/{name}/deployments"): {"json": {"environment": "production"}},
    ("POST", "/api/v1/findings/{finding_id}/triage"): {"json": TRIAGE_JSON},
    ("POST", "/findings/{finding_id}/triage"): {"data": {"state": "confirmed"}},
    ("POST", "/login"): {"data": {"username": "nobody", "password": "wrong"}},
}
# Public endpoints' own answers: with a bearer token (no CSRF needed) the login fails on
# its merits (401) and logout redirects; without one, a form post lacks its CSRF token (403).
PUBLIC_ANSWERS = {("POST", "/login"): 401, ("POST", "/logout"): 303}
ANONYMOUS_PUBLIC_ANSWERS = {("POST", "/login"): 403, ("POST", "/logout"): 403}


@pytest.fixture(scope="module")
def seeded() -> Iterator[Server]:
    """One SQLite store for the whole matrix (access control does not depend on the backend)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder, running_server(f"sqlite:///{folder}/store.sqlite3") as server:
        assert server.upload("shop", make_report([sql_injection_finding()])).status_code == 201
        server.upload("billing", make_report([]), ci_run_id="b")
        server.tokens["shop-ci"] = server.project_token("shop")
        server.tokens["billing-ci"] = server.project_token("billing")
        yield server


def _call(server: Server, method: str, path: str, token: str | None) -> int:
    url = path.format(**PATH_VALUES)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    options = REQUESTS.get((method, path), {})
    return int(server.client.request(method, url, headers=headers, **options).status_code)


def _success(status: int) -> bool:
    return status < 400


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{method} {path}" for method, path in ENDPOINTS])
def test_anonymous_callers_are_turned_away(seeded: Server, method: str, path: str) -> None:
    access = ENDPOINT_ACCESS[(method, path)]
    status = _call(seeded, method, path, None)
    if access.role is None:
        expected = ANONYMOUS_PUBLIC_ANSWERS.get((method, path), 200)
    elif path.startswith("/api/") or method != "GET":
        expected = 401
    else:
        expected = 303  # a browser is sent to the login form
    assert status == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{method} {path}" for method, path in ENDPOINTS])
def test_roles_below_the_minimum_get_403_and_the_rest_get_through(
    seeded: Server, method: str, path: str, role: str
) -> None:
    access = ENDPOINT_ACCESS[(method, path)]
    status = _call(seeded, method, path, seeded.tokens[role])
    if access.role is None:
        assert status == PUBLIC_ANSWERS.get((method, path), 200)
    elif role_satisfies(role, access.role):
        assert _success(status), status
    else:
        assert status == 403


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{method} {path}" for method, path in ENDPOINTS])
def test_project_tokens_reach_only_ci_endpoints_of_their_project(seeded: Server, method: str, path: str) -> None:
    access = ENDPOINT_ACCESS[(method, path)]
    own = _call(seeded, method, path, seeded.tokens["shop-ci"])
    foreign = _call(seeded, method, path, seeded.tokens["billing-ci"])
    if access.role is None:
        assert own == foreign == PUBLIC_ANSWERS.get((method, path), 200)
    elif access.project_token:
        assert _success(own), own
        assert foreign == 403
    else:
        assert own == foreign == 403


def test_an_unknown_or_malformed_credential_is_401(seeded: Server) -> None:
    unknown = seeded.client.get("/api/v1/projects", headers={"Authorization": "Bearer prd_not-a-real-token"})
    basic = seeded.client.get("/api/v1/projects", headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert (unknown.status_code, unknown.json()) == (401, {"detail": "unknown, expired or revoked token"})
    assert unknown.headers["www-authenticate"] == "Bearer"
    assert (basic.status_code, basic.json()) == (401, {"detail": "expected 'Authorization: Bearer <token>'"})
