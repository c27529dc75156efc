"""A database that is down or locked: a clear 503, and nothing half-written."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from fastapi.testclient import TestClient
from server_support import free_port, make_report, running_server, secret_finding, settings_for_tests
from sqlalchemy import func, select

from pavedroad.server.app import create_app
from pavedroad.server.security.sessions import COOKIE_NAME, Session, encode_session
from pavedroad.store.schema import FindingRecord, Project, Scan

UNAVAILABLE = {"detail": "the database is unavailable or busy; nothing was changed, retry later"}


def test_a_postgresql_server_that_is_down_gives_503() -> None:
    url = f"postgresql+psycopg://pavedroad:sekrit@127.0.0.1:{free_port()}/pavedroad?connect_timeout=3"
    app = create_app(url, settings_for_tests())
    session = encode_session(Session(1, "t", time.time() + 60), settings_for_tests().secret_key)
    with TestClient(app, follow_redirects=False) as client:
        health = client.get("/api/v1/health")
        api = client.get("/api/v1/projects", headers={"Authorization": "Bearer prd_anything"})
        page = client.get("/login")
        client.cookies.set(COOKIE_NAME, session)
        overview = client.get("/")

    assert (health.status_code, health.json()) == (503, UNAVAILABLE)
    assert health.headers["retry-after"] == "5"
    assert (api.status_code, api.json()) == (503, UNAVAILABLE)
    assert "sekrit" not in api.text and "127.0.0.1" not in api.text
    assert page.status_code == 200  # the login form itself needs no database
    assert overview.status_code == 503
    assert "the database is unavailable or busy" in overview.text


def test_a_locked_sqlite_store_gives_503_after_the_busy_timeout_and_keeps_nothing(tmp_path: Path) -> None:
    database = tmp_path / "store.sqlite3"
    with running_server(f"sqlite:///{database}", settings_for_tests(sqlite_busy_timeout_ms=200)) as server:
        blocker = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            locked = server.upload("shop", make_report([secret_finding(1)]), ci_run_id="1")
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()

        assert (locked.status_code, locked.json()) == (503, UNAVAILABLE)
        with server.store.transaction() as connection:
            assert connection.execute(select(func.count()).select_from(Project)).scalar_one() == 0
            assert connection.execute(select(func.count()).select_from(Scan)).scalar_one() == 0
            assert connection.execute(select(func.count()).select_from(FindingRecord)).scalar_one() == 0
        retried = server.upload("shop", make_report([secret_finding(1)]), ci_run_id="1")
        assert retried.status_code == 201
        assert retried.json()["new"] == 1
