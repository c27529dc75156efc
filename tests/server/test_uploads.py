"""Scan uploads from CI: recorded once, hostile or malformed input refused with a clear answer."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from server_support import (
    REQUEST_TIMEOUT,
    Server,
    live_server,
    make_report,
    running_server,
    secret_finding,
    settings_for_tests,
    sql_injection_finding,
)
from sqlalchemy import func, select

from pavedroad.store.schema import FindingSighting, Scan

UPLOAD = "/api/v1/projects/shop/scans"


def _scan_count(server: Server) -> int:
    with server.store.transaction() as connection:
        return int(connection.execute(select(func.count()).select_from(Scan)).scalar_one())


def test_upload_records_the_scan_and_its_findings(server: Server) -> None:
    answer = server.upload("shop", make_report([sql_injection_finding(), secret_finding(1)]), ci_run_id="7")

    assert answer.status_code == 201
    assert answer.json() == {
        "scan_id": 1,
        "project": "shop",
        "duplicate": False,
        "new": 2,
        "seen_again": 0,
        "reopened": 0,
        "fixed": 0,
        "merged": 0,
    }


def test_the_same_report_twice_is_recorded_once(server: Server) -> None:
    report = make_report([secret_finding(1)])
    first = server.upload("shop", report, ci_run_id="7")
    again = server.upload("shop", report, ci_run_id="7")
    other_run = server.upload("shop", report, ci_run_id="8")

    assert (first.status_code, again.status_code, other_run.status_code) == (201, 200, 201)
    assert again.json() == {"scan_id": first.json()["scan_id"], "project": "shop", "duplicate": True}
    assert _scan_count(server) == 2


def test_concurrent_uploads_of_the_same_scan_record_it_once(database_url: str) -> None:
    """Four copies of one report race over real HTTP (uvicorn) and a real database."""
    with running_server(database_url) as server, live_server(server.app) as base_url:
        body = json.dumps(make_report([secret_finding(index) for index in range(50)]))
        headers = {"Authorization": f"Bearer {server.tokens['admin']}", "Content-Type": "application/json"}
        start = threading.Barrier(4, timeout=REQUEST_TIMEOUT)

        def upload(_: int) -> httpx.Response:
            with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as client:
                start.wait()
                return client.post(UPLOAD, content=body, headers=headers, params={"ci_run_id": "42"})

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(upload, range(4)))

        assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 201]
        assert len({answer.json()["scan_id"] for answer in answers}) == 1
        assert _scan_count(server) == 1
        with server.store.transaction() as connection:
            assert connection.execute(select(func.count()).select_from(FindingSighting)).scalar_one() == 50


def test_a_report_over_the_limit_is_refused_with_413(database_url: str) -> None:
    with running_server(database_url, settings_for_tests(max_upload_bytes=2000)) as server:
        answer = server.upload("shop", make_report([secret_finding(index) for index in range(20)]))

        assert answer.status_code == 413
        assert answer.json()["detail"].endswith("this server accepts at most 2000")
        assert _scan_count(server) == 0


def test_a_chunked_report_over_the_limit_is_refused_with_413(database_url: str) -> None:
    with running_server(database_url, settings_for_tests(max_upload_bytes=2000)) as server:
        chunks = iter([b'{"schema_version": "1.0", "padding": "' + b"x" * 1500, b"x" * 1500 + b'"}'])
        headers = server.headers("admin") | {"Content-Type": "application/json"}

        answer = server.client.post(UPLOAD, content=chunks, headers=headers)

        assert answer.status_code == 413
        assert answer.json() == {"detail": "report is over 2000 bytes; this server accepts at most 2000"}


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"schema_version": ', "invalid JSON: Expecting value at line 1 column 20"),
        (b'{"a": "\xc3\x28"}', "invalid JSON: not UTF-8 text (invalid continuation byte at byte 7)"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid JSON: nested too deeply"),
        (
            json.dumps({"version": "2.1.0", "runs": []}).encode(),
            "this is a SARIF log; upload the pavedroad JSON report (`pavedroad scan --format json`)",
        ),
        (
            json.dumps({"schema_version": "2.0"}).encode(),
            "unsupported report schema_version '2.0'; this server reads 1.0",
        ),
    ],
    ids=["truncated", "not-utf8", "deeply-nested", "sarif", "future-version"],
)
def test_malformed_reports_are_refused_with_422(server: Server, body: bytes, detail: str) -> None:
    headers = server.headers("admin") | {"Content-Type": "application/json"}

    answer = server.client.post(UPLOAD, content=body, headers=headers)

    assert (answer.status_code, answer.json()) == (422, {"detail": detail})
    assert _scan_count(server) == 0


def test_a_schema_violation_names_where_it_is(server: Server) -> None:
    report = make_report([secret_finding(1)])
    report["findings"][0]["severity"] = "catastrophic"

    answer = server.upload("shop", report)

    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("not a valid pavedroad report at findings/0/severity: 'catastrophic'")


def test_nul_characters_are_refused(server: Server) -> None:
    report = make_report([secret_finding(1)])
    report["findings"][0]["message"] = "bad\u0000byte"

    answer = server.upload("shop", report)

    assert (answer.status_code, answer.json()) == (
        422,
        {"detail": "not a valid pavedroad report: it contains NUL characters"},
    )


def test_unknown_formats_are_refused_with_415(server: Server) -> None:
    headers = server.headers("admin") | {"Content-Type": "application/xml"}

    answer = server.client.post(UPLOAD, content=b"<sarif/>", headers=headers)

    assert answer.status_code == 415
    assert answer.json() == {
        "detail": "unsupported content type 'application/xml': "
        "send `pavedroad scan --format json` output as application/json"
    }


def test_a_project_token_uploads_only_to_its_project(server: Server) -> None:
    server.upload("shop", make_report([]))
    server.upload("billing", make_report([]), ci_run_id="2")
    token = server.project_token("shop")
    headers = {"Authorization": f"Bearer {token}"}
    report = make_report([secret_finding(1)])

    own = server.client.post(UPLOAD, json=report, headers=headers, params={"ci_run_id": "9"})
    other = server.client.post("/api/v1/projects/billing/scans", json=report, headers=headers)
    read = server.client.get("/api/v1/findings", headers=headers)

    assert own.status_code == 201
    assert (other.status_code, other.json()) == (
        403,
        {"detail": "this project token may only upload to its own project"},
    )
    assert read.status_code == 403
