"""Security of the dashboard itself: login, sessions, CSRF, headers, rate limits, escaping, tokens."""

from __future__ import annotations

import re
import time
from datetime import timedelta

from server_support import (
    PASSWORD,
    XSS,
    Server,
    make_report,
    running_server,
    secret_finding,
    settings_for_tests,
    sql_injection_finding,
)
from sqlalchemy import select, update

from pavedroad.server.accounts import create_token, revoke_token
from pavedroad.server.security.sessions import COOKIE_NAME, Session, encode_session
from pavedroad.server.security.tokens import token_hash
from pavedroad.store.schema import ApiToken, AuditEvent, User

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _log_in(server: Server, username: str, password: str = PASSWORD) -> int:
    token = _csrf(server.client.get("/login").text)
    answer = server.client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    return int(answer.status_code)


def test_login_sets_a_hardened_session_cookie_and_opens_the_overview(server: Server) -> None:
    token = _csrf(server.client.get("/login").text)
    answer = server.client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token})
    cookie = answer.headers["set-cookie"]

    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http in this test
    overview = server.client.get("/")
    assert overview.status_code == 200
    assert "viewer (viewer)" in overview.text
    # A new session on login: the CSRF token of the login form is not reused.
    assert _csrf(overview.text) != token


def test_cookies_are_secure_and_hsts_is_sent_over_https(database_url: str) -> None:
    with running_server(database_url, settings_for_tests(https=True)) as server:
        answer = server.client.get("/login")

        assert "Secure" in answer.headers["set-cookie"]
        assert answer.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_wrong_password_is_refused_and_audited(server: Server) -> None:
    token = _csrf(server.client.get("/login").text)
    answer = server.client.post("/login", data={"username": "viewer", "password": "guess", "csrf_token": token})

    assert answer.status_code == 401
    assert "Wrong user name or password." in answer.text
    with server.store.transaction() as connection:
        events = connection.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.note)).all()
    assert ("viewer", "login_failed", "from testclient") in events


def test_failed_logins_are_rate_limited_per_username(database_url: str) -> None:
    with running_server(database_url, settings_for_tests(login_failures_per_username=3)) as server:
        statuses = [_log_in(server, "admin", "guess") for _ in range(3)]
        token = _csrf(server.client.get("/login").text)
        limited = server.client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})

        assert statuses == [401, 401, 401]
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 300
        assert "Too many failed logins" in limited.text
        assert _log_in(server, "viewer") == 303  # other users are not locked out


def test_failed_logins_are_rate_limited_per_address(database_url: str) -> None:
    with running_server(database_url, settings_for_tests(login_attempts_per_ip=2)) as server:
        statuses = [_log_in(server, name, "guess") for name in ("a", "b", "c")]

        assert statuses == [401, 401, 429]


def test_forms_without_the_session_csrf_token_are_refused(server: Server) -> None:
    server.upload("shop", make_report([sql_injection_finding()]))
    assert _log_in(server, "triager") == 303

    missing = server.client.post("/findings/1/triage", data={"state": "confirmed"})
    forged = server.client.post("/findings/1/triage", data={"state": "confirmed", "csrf_token": "forged"})
    login_without = server.client.post("/login", data={"username": "viewer", "password": PASSWORD})

    for answer in (missing, forged, login_without):
        assert answer.status_code == 403
        assert "missing or wrong CSRF token" in answer.text
    page = server.client.get("/findings/1")
    assert ">untriaged<" in page.text


def test_triage_form_with_its_csrf_token_is_applied_and_audited(server: Server) -> None:
    server.upload("shop", make_report([sql_injection_finding()]))
    assert _log_in(server, "triager") == 303
    token = _csrf(server.client.get("/findings/1").text)

    answer = server.client.post(
        "/findings/1/triage", data={"state": "false_positive", "justification": "only in tests", "csrf_token": token}
    )
    page = server.client.get("/findings/1").text

    assert (answer.status_code, answer.headers["location"]) == (303, "/findings/1")
    assert "false_positive: only in tests" in page
    assert "<td>triager</td><td>triage</td>" in page


def test_a_viewer_sees_no_triage_form_and_cannot_post_one(server: Server) -> None:
    server.upload("shop", make_report([sql_injection_finding()]))
    assert _log_in(server, "viewer") == 303
    page = server.client.get("/findings/1").text
    token = _csrf(page)

    answer = server.client.post("/findings/1/triage", data={"state": "confirmed", "csrf_token": token})

    assert 'action="/findings/1/triage"' not in page
    assert answer.status_code == 403
    assert "this needs the triager role" in answer.text


def test_logout_ends_the_session(server: Server) -> None:
    assert _log_in(server, "viewer") == 303
    token = _csrf(server.client.get("/").text)

    answer = server.client.post("/logout", data={"csrf_token": token})

    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    assert server.client.get("/").headers["location"] == "/login"


def test_a_forged_or_expired_session_cookie_is_ignored(server: Server) -> None:
    secret = settings_for_tests().secret_key
    expired = encode_session(Session(user_id=1, csrf_token="t", expires_at=time.time() - 1), secret)
    forged = encode_session(Session(user_id=1, csrf_token="t", expires_at=time.time() + 60), "another-key")
    valid = encode_session(Session(user_id=1, csrf_token="t", expires_at=time.time() + 60), secret)

    for cookie, expected in ((expired, 303), (forged, 303), ("garbage", 303), (valid, 200)):
        server.client.cookies.set(COOKIE_NAME, cookie)
        assert server.client.get("/").status_code == expected


def test_a_disabled_user_loses_their_session(server: Server) -> None:
    assert _log_in(server, "viewer") == 303
    with server.store.transaction() as connection:
        connection.execute(update(User).where(User.username == "viewer").values(disabled=True))

    assert server.client.get("/").headers["location"] == "/login"


def test_every_response_carries_the_security_headers(server: Server) -> None:
    for answer in (server.client.get("/login"), server.get("/api/v1/projects"), server.client.get("/api/v1/projects")):
        assert answer.headers["content-security-policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["cache-control"] == "no-store"
    static = server.client.get("/static/js/charts.js")
    assert static.status_code == 200
    assert static.headers["cache-control"] == "public, max-age=3600"


def test_pages_have_no_inline_script(server: Server) -> None:
    server.upload("shop", make_report([sql_injection_finding()]))
    assert _log_in(server, "admin") == 303

    for path in ("/", "/projects/shop", "/findings", "/findings/1", "/compliance", "/login"):
        html = server.client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)


def test_hostile_finding_text_is_rendered_escaped(server: Server) -> None:
    hostile = sql_injection_finding(path=f"app/{XSS}.py", message=f"Look: {XSS}")
    hostile_project = "shop<img src=x onerror=alert(1)>"
    assert server.upload(hostile_project, make_report([hostile])).status_code == 201
    assert _log_in(server, "admin") == 303

    pages = {path: server.client.get(path).text for path in ("/", "/findings", "/findings/1", f"/findings?q={XSS}")}

    for path, html in pages.items():
        assert "<script>alert(" not in html, path
        assert "<img src=x" not in html, path
    assert "Look: &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in pages["/findings/1"]
    assert "shop&lt;img src=x onerror=alert(1)&gt;" in pages["/"]
    # The chart data block cannot be closed early by data either.
    assert "</script><script>" not in pages["/"]


def test_tokens_are_stored_only_as_hashes_and_die_when_revoked_or_expired(server: Server) -> None:
    created = create_token(server.store, "temporary", "viewer")
    headers = {"Authorization": f"Bearer {created.token}"}
    with server.store.transaction() as connection:
        stored = connection.execute(select(ApiToken.token_hash, ApiToken.prefix).where(ApiToken.id == created.id)).one()

    assert stored.token_hash == token_hash(created.token) != created.token
    assert created.token.startswith(stored.prefix)
    assert server.client.get("/api/v1/projects", headers=headers).status_code == 200
    revoke_token(server.store, created.id)
    assert server.client.get("/api/v1/projects", headers=headers).status_code == 401

    expiring = create_token(server.store, "short", "viewer", expires_in=timedelta(seconds=-1))
    assert (
        server.client.get("/api/v1/projects", headers={"Authorization": f"Bearer {expiring.token}"}).status_code == 401
    )


def test_no_hash_is_ever_rendered(server: Server) -> None:
    server.upload("shop", make_report([secret_finding(1)]))
    assert _log_in(server, "admin") == 303
    with server.store.transaction() as connection:
        hashes = [
            *connection.execute(select(User.password_hash)).scalars(),
            *connection.execute(select(ApiToken.token_hash)).scalars(),
        ]

    pages = [server.client.get(path).text for path in ("/", "/findings", "/findings/1", "/projects/shop")]
    api = [server.get(path, "admin").text for path in ("/api/v1/findings/1", "/api/v1/projects")]

    for text in pages + api:
        for secret in hashes:
            assert secret not in text
