"""Authentication from a config file: static headers and cookies, a login form or a token endpoint.

A `Session` logs in at the start and again when a response says the session expired (HTTP
401, or a redirect to the login page), at most MAX_RELOGINS times so a broken login cannot
loop. The IDOR check uses the `users` list: one Session per user, each with the ids it owns.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from pavedroad.dast.http import BudgetExhausted, HttpClient, TargetError
from pavedroad.dast.model import Exchange, RequestSpec
from pavedroad.dast.openapi import DocumentError

MAX_RELOGINS = 5


class AuthError(Exception):
    """Logging in failed; the message says where and why."""


@dataclass(slots=True)
class Session:
    """One identity: static credentials plus what a login returned."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    login: dict[str, Any] | None = None
    token: dict[str, Any] | None = None
    owned_ids: tuple[str, ...] = ()
    base_url: str = ""
    relogins: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def logs_in(self) -> bool:
        return self.login is not None or self.token is not None

    def credentials(self) -> tuple[tuple[str, str], ...]:
        """Headers to add to a request sent as this identity."""
        pairs = list(self.headers.items())
        if self.cookies:
            pairs.append(("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items())))
        return tuple(pairs)

    def expired(self, exchange: Exchange) -> bool:
        """A 401, or a redirect to the login form, means the session ended."""
        if not self.logs_in:
            return False
        if exchange.status == 401:
            return True
        location = exchange.header("location")
        login_url = (self.login or {}).get("url")
        return bool(location and login_url and urljoin(exchange.url, location) == urljoin(self.base_url, login_url))

    def refresh(self, client: HttpClient) -> bool:
        """Log in again; False once MAX_RELOGINS is reached or the login fails."""
        with self._lock:
            if self.relogins >= MAX_RELOGINS:
                return False
            self.relogins += 1
            try:
                self.authenticate(client)
            except AuthError:
                return False
            return True

    def authenticate(self, client: HttpClient) -> None:
        """Run the configured login form or token request; AuthError when it fails."""
        try:
            if self.login is not None:
                self._login_form(client, self.login)
            if self.token is not None:
                self._fetch_token(client, self.token)
        except TargetError as error:
            raise AuthError(f"login for {self.name} failed: {error}") from None
        except BudgetExhausted as stop:
            raise AuthError(f"login for {self.name} not attempted: {stop}") from None

    def _login_form(self, client: HttpClient, spec: dict[str, Any]) -> None:
        url = urljoin(self.base_url, str(spec.get("url", "/login")))
        fields = tuple((str(k), str(v)) for k, v in (spec.get("fields") or {}).items())
        exchange = client.send(RequestSpec(str(spec.get("method", "POST")).upper(), url, form=fields), identity=None)
        failure_text = spec.get("failure_text")
        cookies = _set_cookies(exchange)
        if exchange.status >= 400 or (failure_text and str(failure_text) in exchange.body) or not cookies:
            reason = f"HTTP {exchange.status}" + (", no session cookie set" if not cookies else "")
            raise AuthError(f"login for {self.name} at {url} failed ({reason})")
        self.cookies.update(cookies)

    def _fetch_token(self, client: HttpClient, spec: dict[str, Any]) -> None:
        url = urljoin(self.base_url, str(spec.get("url", "/token")))
        if "form" in spec:
            request = RequestSpec("POST", url, form=tuple((str(k), str(v)) for k, v in spec["form"].items()))
        else:
            request = RequestSpec("POST", url, json_body=spec.get("json") or {})
        exchange = client.send(request, identity=None)
        token: Any = None
        try:
            token = json.loads(exchange.body)
            for part in str(spec.get("token_field", "access_token")).split("."):
                token = token[part]
        except (ValueError, KeyError, TypeError):
            token = None
        if exchange.status >= 400 or not isinstance(token, str) or not token:
            raise AuthError(f"token request for {self.name} at {url} failed (HTTP {exchange.status}, no token)")
        scheme = str(spec.get("scheme", "Bearer"))
        self.headers[str(spec.get("header", "Authorization"))] = f"{scheme} {token}".strip()


@dataclass(slots=True)
class AuthConfig:
    """The scan's own identity, and the users the IDOR check compares."""

    session: Session | None
    users: list[Session]


def load_auth_config(path: Path, base_url: str) -> AuthConfig:
    """Parse a YAML/JSON auth config; a malformed file is a DocumentError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DocumentError(f"{path}: cannot read auth config ({error})") from None
    if not isinstance(data, dict):
        raise DocumentError(f"{path}: the auth config must be a mapping")
    users = data.get("users") or []
    if not isinstance(users, list) or not all(isinstance(user, dict) for user in users):
        raise DocumentError(f"{path}: 'users' must be a list of mappings")
    own = _session("scan", data, base_url, path) if set(data) - {"users"} else None
    named = [_session(str(user.get("name", f"user{i}")), user, base_url, path) for i, user in enumerate(users, 1)]
    return AuthConfig(own, named)


def _session(name: str, data: dict[str, Any], base_url: str, path: Path) -> Session:
    for key in ("headers", "cookies", "login", "token"):
        if key in data and not isinstance(data[key], dict):
            raise DocumentError(f"{path}: '{key}' of {name} must be a mapping")
    return Session(
        name=name,
        headers={str(k): str(v) for k, v in (data.get("headers") or {}).items()},
        cookies={str(k): str(v) for k, v in (data.get("cookies") or {}).items()},
        login=data.get("login"),
        token=data.get("token"),
        owned_ids=tuple(str(i) for i in data.get("ids") or ()),
        base_url=base_url,
    )


def _set_cookies(exchange: Exchange) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for header in exchange.header_values("set-cookie"):
        try:
            parsed = SimpleCookie(header)
        except CookieError:
            continue
        cookies.update({name: morsel.value for name, morsel in parsed.items()})
    return cookies
