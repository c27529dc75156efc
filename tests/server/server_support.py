"""What the server tests share: real reports, a real app on a real store, tokens per role."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pavedroad.core.findings import Confidence, Finding, Fix, Location, Severity, TraceStep, make_fingerprint
from pavedroad.report.json_report import finding_to_dict
from pavedroad.server.accounts import add_user, create_token
from pavedroad.server.app import create_app
from pavedroad.server.settings import ServerSettings
from pavedroad.store.connection import Store

PASSWORD = "correct horse battery staple"
ROLES = ("viewer", "triager", "admin")
STARTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
XSS = "<script>alert('pwned')</script>"
REQUEST_TIMEOUT = 30.0


def sql_injection_finding(path: str = "app/db.py", message: str = "User input reaches execute()") -> Finding:
    """A SAST finding with a trace and a fix, like the Python taint analyzer reports."""
    return Finding(
        rule_id="sast/python-sql-injection",
        analyzer="sast",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        title="SQL injection",
        message=message,
        location=Location(path, 12, 5, 12, 40, 'cursor.execute("SELECT * FROM users WHERE id=" + user_id)'),
        fingerprint=make_fingerprint("sast/python-sql-injection", path, "execute concat"),
        cwe=("CWE-89",),
        fix=Fix(
            "Pass user input as a bound parameter.", 'cursor.execute("SELECT * FROM users WHERE id=%s", (user_id,))'
        ),
        controls=("owasp-top10-2021:A03",),
        trace=(
            TraceStep(Location(path, 8, 15, 8, 30, "request.args['id']"), "source: request.args"),
            TraceStep(Location(path, 12, 5, 12, 40, "cursor.execute(...)"), "sink: cursor.execute"),
        ),
    )


def secret_finding(index: int, severity: Severity = Severity.CRITICAL) -> Finding:
    """A leaked credential in a numbered config file."""
    path = f"config/settings{index}.py"
    return Finding(
        rule_id="secrets/github-pat",
        analyzer="secrets",
        severity=severity,
        confidence=Confidence.HIGH,
        title="GitHub personal access token",
        message=f"A GitHub token is committed in {path}",
        location=Location(path, 3, 1, 3, 50, "TOKEN = 'ghp_****************'"),
        fingerprint=make_fingerprint("secrets/github-pat", path, f"token {index}"),
        cwe=("CWE-798",),
    )


def make_report(findings: list[Finding], started: datetime = STARTED, **run: Any) -> dict[str, Any]:
    """A pavedroad JSON report (schema 1.0) of a run that found `findings`."""
    finished = started + timedelta(seconds=42)
    document_run: dict[str, Any] = {
        "root": ".",
        "scope": {"paths": ["."]},
        "analyzers": [{"name": "sast", "version": "1"}, {"name": "secrets", "version": "1"}],
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "files_scanned": 10,
        "bytes_scanned": 1000,
        "cache_hits": 0,
        "lines_by_language": {"python": 2000},
        "gate": {
            "mode": "enforce",
            "failed": bool(findings),
            "reasons": ["1 high finding"] if findings else [],
            "exit_code": 1 if findings else 0,
        },
        "stale_baseline": [],
    }
    document_run.update(run)
    return {
        "schema_version": "1.0",
        "tool": {"name": "pavedroad", "version": "0.1.0"},
        "run": document_run,
        "findings": [finding_to_dict(finding) for finding in findings],
        "errors": [],
        "skipped": [],
        "warnings": [],
    }


@dataclass
class Server:
    """A running app on a store, with a bearer token (and a user) for each role."""

    app: FastAPI
    client: TestClient
    store: Store
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, path: str, role: str = "viewer", **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers(role), **kwargs)

    def post(self, path: str, role: str = "admin", **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.headers(role), **kwargs)

    def upload(self, project: str, report: dict[str, Any], role: str = "admin", **params: str) -> Any:
        return self.post(f"/api/v1/projects/{project}/scans", role, json=report, params=params)

    def project_token(self, project: str) -> str:
        return create_token(self.store, f"ci-{project}", "viewer", project).token


def settings_for_tests(**overrides: Any) -> ServerSettings:
    """Settings for tests: a fixed secret, small limits where a test needs to reach them."""
    values: dict[str, Any] = {
        "secret_key": "test-secret-key-0123456789abcdef",
        "sqlite_busy_timeout_ms": 500,
        "metrics_cache_seconds": 0,  # every request sees the store as it is now
    }
    values.update(overrides)
    return ServerSettings(**values)


@contextmanager
def running_server(database_url: str, settings: ServerSettings | None = None) -> Iterator[Server]:
    """The app on `database_url` with a user and a token per role; closed afterwards."""
    app = create_app(database_url, settings or settings_for_tests())
    store: Store = app.state.store_holder.get()
    server = Server(app, TestClient(app, base_url="http://testserver", follow_redirects=False), store)
    for role in ROLES:
        add_user(store, role, PASSWORD, role)
        server.tokens[role] = create_token(store, f"{role}-token", role).token
    try:
        yield server
    finally:
        server.client.close()
        app.state.store_holder.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port in a background thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + REQUEST_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(REQUEST_TIMEOUT)
