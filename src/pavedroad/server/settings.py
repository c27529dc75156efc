"""The server's knobs, with safe defaults; `pavedroad serve` and tests set them."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

SECRET_ENV = "PAVEDROAD_SERVER_SECRET"
MEGABYTE = 1024 * 1024


def _secret_from_environment() -> str:
    # A random secret per process is safe but logs everyone out on restart; set the
    # variable (32+ random bytes) to keep sessions across restarts and workers.
    return os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Everything configurable about the server; every field has a safe default."""

    secret_key: str = field(default_factory=_secret_from_environment, repr=False)
    max_upload_bytes: int = 50 * MEGABYTE
    session_max_age_seconds: int = 8 * 3600
    # None: Secure cookies and HSTS when the request came over https; True/False forces it.
    https: bool | None = None
    login_attempts_per_ip: int = 20
    login_failures_per_username: int = 5
    login_window_seconds: float = 300.0
    # How long a write waits for SQLite's lock before the request fails with 503.
    sqlite_busy_timeout_ms: int = 5000
    # KPIs are cached this long (seconds) per project and window; 0 computes them every time.
    metrics_cache_seconds: float = 60.0
