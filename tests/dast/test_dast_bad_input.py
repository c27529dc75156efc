"""Bad targets and inputs: a clear error, bounded time, and a report of what the scan did complete."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from dast_servers import closed_port, reply, serve

from pavedroad.dast.auth import Session
from pavedroad.dast.discovery import crawl, parse_page
from pavedroad.dast.http import HttpClient, ScanLimits, Scope, origin_of
from pavedroad.dast.model import RequestSpec
from pavedroad.dast.scan import DastOptions, DastOutcome, run_dast_scan

QUICK = ScanLimits(max_requests=200, max_time=20, concurrency=4, timeout=0.5)
_STOP = threading.Event()


@pytest.fixture(autouse=True)
def release_stuck_handlers() -> Iterator[None]:
    """Hanging and dripping handlers wait on this, so no test leaves a thread sleeping."""
    _STOP.clear()
    yield
    _STOP.set()


def scan(url: str, **options: object) -> DastOutcome:
    return run_dast_scan(DastOptions(target=url, limits=options.pop("limits", QUICK), **options))  # type: ignore[arg-type]


def test_unreachable_target_is_one_clear_error() -> None:
    outcome = scan(f"http://127.0.0.1:{closed_port()}/")
    assert len(outcome.errors) == 1
    assert "target not scanned" in outcome.errors[0] and "cannot connect" in outcome.errors[0]
    assert outcome.findings == [] and outcome.completed == []
    assert outcome.incomplete == ["everything: the target did not answer the first request"]


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def _page(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 200, "<html><body>hello</body></html>")


def test_tls_error_names_the_certificate_problem(self_signed: ssl.SSLContext) -> None:
    with serve(_page, tls=self_signed) as url:
        outcome = scan(url, limits=ScanLimits(timeout=3, max_time=20))
    assert len(outcome.errors) == 1
    assert "TLS error (certificate verify failed)" in outcome.errors[0]


def test_insecure_flag_scans_a_self_signed_server(self_signed: ssl.SSLContext) -> None:
    with serve(_page, tls=self_signed) as url:
        outcome = scan(url, limits=ScanLimits(timeout=3, max_time=20), verify_tls=False, passive_only=True)
    assert outcome.errors == []
    assert "reachability" in outcome.completed
    # An HTTPS page without HSTS is reported now that the page can be read.
    assert "dast/hsts-missing" in {finding.rule_id for finding in outcome.findings}


def _hang(handler: BaseHTTPRequestHandler) -> None:
    _STOP.wait(5)


def test_hanging_server_times_out_with_a_clear_error() -> None:
    with serve(_hang) as url:
        outcome = scan(url)
    assert len(outcome.errors) == 1
    assert "no response within 0.5 s" in outcome.errors[0]


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(1000):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        if _STOP.wait(0.05):
            return


def test_server_dripping_bytes_is_given_up_on() -> None:
    with serve(_drip) as url:
        outcome = scan(url)
    assert len(outcome.errors) == 1
    assert "body still arriving after 0.5 s" in outcome.errors[0]


def _redirect_loop(handler: BaseHTTPRequestHandler) -> None:
    target = "/b" if handler.path != "/b" else "/a"
    reply(handler, 302, "", headers=(("Location", target),))


def test_redirect_loop_is_detected() -> None:
    with serve(_redirect_loop) as url:
        outcome = scan(url)
    assert len(outcome.errors) == 1
    assert "redirect loop after 3 hops" in outcome.errors[0]
    assert outcome.errors[0].endswith("/b → " + url + "a → " + url + "b")


def _huge(handler: BaseHTTPRequestHandler) -> None:
    size = 50 * 1024 * 1024
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b"a" * 65536
    for _ in range(size // len(chunk)):
        handler.wfile.write(chunk)


def test_a_50_mb_response_is_cut_at_the_size_limit() -> None:
    with serve(_huge) as url:
        client = HttpClient(Scope(frozenset({origin_of(url)})), ScanLimits(max_body=1_000_000, timeout=5))
        try:
            exchange = client.send(RequestSpec("GET", url))
        finally:
            client.close()
        outcome = scan(url, limits=ScanLimits(max_body=1_000_000, timeout=5, max_time=20), passive_only=True)
    assert exchange.truncated and len(exchange.body) == 1_000_000
    assert outcome.errors == [] and "reachability" in outcome.completed


MALFORMED = """<html><body><a href="/ok?id=7">ok</a><form action="/submit" method="post"><input name="q">
<textarea name="note"><a href=/broken <<<>>> <script>fetch("/api/hidden")</scr <div><<!-- unclosed"""


def _malformed(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 200, MALFORMED if handler.path == "/" else "<p>fine</p>")


def test_malformed_html_still_yields_links_forms_and_script_routes() -> None:
    links, forms = parse_page("http://example.test/", MALFORMED)
    assert "http://example.test/ok?id=7" in links
    assert [(form.method, form.url, [p.name for p in form.parameters]) for form in forms] == [
        ("POST", "http://example.test/submit", ["q", "note"])
    ]
    with serve(_malformed) as url:
        client = HttpClient(Scope(frozenset({origin_of(url)})), QUICK)
        try:
            result = crawl(client, url)
        finally:
            client.close()
    assert {(e.method, e.path) for e in result.endpoints} >= {("GET", "/ok"), ("POST", "/submit")}


def _server_error(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 500, '<html><a href="/x?id=1">x</a></html>')


def test_a_target_answering_500_everywhere_is_an_error() -> None:
    with serve(_server_error) as url:
        outcome = scan(url)
    assert any("server error (HTTP 5xx)" in error for error in outcome.errors)
    assert "reachability" in outcome.completed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("openapi: 3.0.0\npaths: [unclosed", "not valid YAML or JSON"),
        ("- just\n- a list\n", "not an OpenAPI 3 or Swagger 2 document"),
        ("openapi: 3.0.0\npaths:\n  /x:\n    get:\n      parameters: [{$ref: '#/nowhere'}]\n", "points nowhere"),
    ],
)
def test_malformed_openapi_is_an_error_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    document = tmp_path / "broken-api.yaml"
    document.write_text(content, encoding="utf-8")
    with serve(_page) as url:
        outcome = scan(url, openapi=str(document), passive_only=True)
    assert len(outcome.errors) == 1
    assert str(document) in outcome.errors[0] and message in outcome.errors[0]
    assert outcome.incomplete[0] == "OpenAPI import: document unusable"
    assert any(step.startswith("crawl") for step in outcome.completed)


def test_a_failing_login_is_reported_and_the_scan_goes_on(app_url: str, tmp_path: Path) -> None:
    config = tmp_path / "auth.yaml"
    config.write_text("token:\n  url: /api/token\n  json: {username: alice, password: wrong}\n", encoding="utf-8")
    outcome = scan(app_url, auth_config=config, passive_only=True, limits=ScanLimits(max_time=30, timeout=5))
    assert outcome.errors == ["token request for scan at " + app_url + "api/token failed (HTTP 401, no token)"]
    assert "authentication: login failed, scanned without credentials" in outcome.incomplete
    assert "passive checks" in outcome.completed


def test_a_failing_login_form_is_reported(app_url: str, tmp_path: Path) -> None:
    config = tmp_path / "auth.yaml"
    config.write_text(
        "login:\n  url: /vuln/login\n  fields: {username: admin, password: nope}\n  failure_text: Invalid\n",
        encoding="utf-8",
    )
    outcome = scan(app_url, auth_config=config, passive_only=True, limits=ScanLimits(max_time=30, timeout=5))
    assert outcome.errors == [f"login for scan at {app_url}vuln/login failed (HTTP 200, no session cookie set)"]


class _TokenServer:
    """Each token is good for one request; the scanner must log in again after every use."""

    def __init__(self) -> None:
        self.issued = 0
        self.valid: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            if handler.path == "/token":
                self.issued += 1
                self.valid.add(f"t{self.issued}")
                reply(handler, 200, f'{{"access_token": "t{self.issued}"}}', "application/json")
                return
            token = handler.headers.get("Authorization", "").removeprefix("Bearer ")
            if token in self.valid:
                self.valid.discard(token)
                reply(handler, 200, "secret data")
            else:
                reply(handler, 401, "log in")


def test_expired_session_logs_in_again() -> None:
    server = _TokenServer()
    with serve(server) as url:
        client = HttpClient(Scope(frozenset({origin_of(url)})), QUICK)
        session = Session("scan", token={"url": "/token", "json": {}}, base_url=url)
        try:
            session.authenticate(client)
            client.identity = session
            statuses = [client.send(RequestSpec("GET", url + "data")).status for _ in range(3)]
        finally:
            client.close()
    assert statuses == [200, 200, 200]
    assert server.issued == 3 and session.relogins == 2


def test_request_budget_stops_the_scan_and_says_so(app_url: str) -> None:
    outcome = scan(app_url, limits=ScanLimits(max_requests=40, timeout=5))
    assert outcome.requests == 40
    assert "stopped early: request budget of 40 reached" in outcome.incomplete


def test_time_bound_stops_the_scan_and_says_so(app_url: str) -> None:
    outcome = scan(app_url, limits=ScanLimits(max_time=1, timeout=1))
    assert "stopped early: time bound of 1 s reached" in outcome.incomplete


def test_other_hosts_are_never_contacted() -> None:
    hits: list[str] = []

    def other(handler: BaseHTTPRequestHandler) -> None:
        hits.append(handler.path)
        reply(handler, 200, "other")

    with serve(other) as other_url:

        def linking(handler: BaseHTTPRequestHandler) -> None:
            reply(handler, 200, f'<a href="{other_url}leak">x</a><form action="{other_url}post"><input name=a></form>'
                  f'<a href="/local?x=1">local</a>')  # fmt: skip

        with serve(linking) as url:
            outcome = scan(url)
    assert hits == []
    assert outcome.errors == []


def test_exclude_patterns_are_honoured(app_url: str) -> None:
    outcome = scan(app_url, passive_only=True, exclude=("/vuln/*",), limits=ScanLimits(max_time=30, timeout=5))
    assert outcome.findings == []
    assert not any(finding.location.path.startswith("/vuln/") for finding in outcome.findings)


def test_malformed_target_url_is_a_usage_error() -> None:
    from pavedroad.core.errors import UsageError

    with pytest.raises(UsageError, match="must be an http:// or https:// URL"):
        scan("ftp://127.0.0.1/")
