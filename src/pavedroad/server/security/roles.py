"""Roles and the one table of endpoint → who may call it. The role × endpoint test reads it too.

Every route of the app must be listed (the app refuses to start otherwise): least privilege
is decided here, in one place, not in each handler. A project-scoped token (CI) may call
only the endpoints marked `project_token`, and only for the project in the path.
"""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.store.schema import ROLES

VIEWER, TRIAGER, ADMIN = ROLES


@dataclass(frozen=True, slots=True)
class Access:
    """Who may call an endpoint: the minimum role (None: anyone), and whether a project token may."""

    role: str | None
    project_token: bool = False


PUBLIC = Access(None)
READ = Access(VIEWER)
TRIAGE = Access(TRIAGER)
CI_UPLOAD = Access(ADMIN, project_token=True)

API = "/api/v1"

# (method, route path) → Access. Paths are the route templates as FastAPI declares them.
ENDPOINT_ACCESS: dict[tuple[str, str], Access] = {
    ("GET", f"{API}/health"): PUBLIC,
    ("GET", f"{API}/projects"): READ,
    ("GET", f"{API}/projects/{{name}}"): READ,
    ("GET", f"{API}/projects/{{name}}/scans"): READ,
    ("POST", f"{API}/projects/{{name}}/scans"): CI_UPLOAD,
    ("GET", f"{API}/projects/{{name}}/inventory"): READ,
    ("GET", f"{API}/projects/{{name}}/deployments"): READ,
    ("POST", f"{API}/projects/{{name}}/deployments"): CI_UPLOAD,
    ("GET", f"{API}/scans/{{scan_id}}"): READ,
    ("GET", f"{API}/findings"): READ,
    ("GET", f"{API}/findings/{{finding_id}}"): READ,
    ("POST", f"{API}/findings/{{finding_id}}/triage"): TRIAGE,
    ("GET", f"{API}/metrics"): READ,
    ("GET", f"{API}/compliance"): READ,
    ("GET", f"{API}/compliance/{{framework}}"): READ,
    ("GET", f"{API}/alerts"): READ,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/"): READ,
    ("GET", "/projects/{name}"): READ,
    ("GET", "/findings"): READ,
    ("GET", "/findings/{finding_id}"): READ,
    ("POST", "/findings/{finding_id}/triage"): TRIAGE,
    ("GET", "/compliance"): READ,
}


def role_rank(role: str) -> int:
    """Position of `role` in viewer < triager < admin; unknown roles rank below everyone."""
    return ROLES.index(role) if role in ROLES else -1


def role_satisfies(role: str, minimum: str) -> bool:
    """True when `role` is `minimum` or above."""
    return role_rank(role) >= role_rank(minimum) >= 0
