"""Default or weak credentials on login forms (opt-in): a short list, each success confirmed twice."""

from __future__ import annotations

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, same_page, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Endpoint, Exchange

DEFAULT_CREDENTIALS = (
    ("admin", "admin"), ("admin", "password"), ("admin", "admin123"), ("root", "root"),
    ("test", "test"), ("user", "user"), ("guest", "guest"),
)  # fmt: skip


def _outcome(exchange: Exchange) -> tuple[int, str, frozenset[str]]:
    """What distinguishes a login from a failed one: status, redirect target, cookie names set."""
    cookies = frozenset(value.split("=", 1)[0].strip() for value in exchange.header_values("set-cookie"))
    return exchange.status, exchange.header("location") or "", cookies


def check_default_credentials(context: CheckContext, endpoint: Endpoint) -> list[Finding]:
    """Forms with one password field and one user field; a response unlike a wrong password's is a login."""
    passwords = [p for p in endpoint.parameters if p.input_type == "password"]
    users = [p for p in endpoint.parameters if p.input_type in ("text", "email") and p not in passwords]
    if endpoint.method != "POST" or len(passwords) != 1 or not users:
        return []
    user_field, password_field = users[0].name, passwords[0].name

    def attempt(username: str, password: str) -> Exchange:
        return context.client.send(endpoint.request({user_field: username, password_field: password}))

    wrong = [attempt("admin", token(12)), attempt("admin", token(12))]
    if _outcome(wrong[0]) != _outcome(wrong[1]) or not same_page(wrong[0], wrong[1]):
        return []  # failures are not even stable (a CAPTCHA, a lockout): no safe conclusion
    for username, password in DEFAULT_CREDENTIALS:
        first = attempt(username, password)
        if _outcome(first) == _outcome(wrong[0]) and same_page(first, wrong[0]):
            continue
        again = attempt(username, password)
        if _outcome(again) == _outcome(first) and first.status < 400:
            return [build_finding(
                "default-credentials", first, f"{endpoint.path} accepts {username}/{password}",
                parameter=password_field, payload=f"{username} / {password}", path=endpoint.path,
                confirmation="the response differs from a wrong password's (status, redirect, cookies, page) "
                "the same way twice",
            )]  # fmt: skip
    return []
