"""A DELIBERATELY VULNERABLE web application for testing `pavedroad dast`. Never deploy it.

One endpoint per vulnerability class under /vuln/ and a fixed twin under /fixed/. The
dangerous parts are simulated (see README.md): a fake shell, a sandbox folder for file
reads, loopback-only fetches, a sandboxed template engine. Binds 127.0.0.1 only.

    python app.py --port 0     # prints "listening on http://127.0.0.1:PORT" first
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import secrets
import shlex
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.request
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from flask import Flask, Response, redirect, request
from jinja2.sandbox import SandboxedEnvironment
from werkzeug.serving import WSGIRequestHandler, make_server

app = Flask(__name__)
BASE = {"url": "http://127.0.0.1"}
SANDBOX = Path(tempfile.mkdtemp(prefix="vulnerable-app-"))
TOKENS = {"token-alice": "alice", "token-bob": "bob"}
USERS = {"alice": "alice-password", "bob": "bob-password"}
INVOICES = {1: ("alice", "Invoice 1 for alice: 120 EUR, card ending 4242"),
            2: ("bob", "Invoice 2 for bob: 75 EUR, card ending 1881")}
ORDERS = {1: {"id": 1, "item": "apple", "quantity": 3}}
FIXED_ADMIN_PASSWORD = secrets.token_urlsafe(24)
COMMENTS: dict[str, list[str]] = {"vuln": [], "fixed": []}
NO_SECURITY_HEADERS = {"/vuln/headers"}


def _plant_sandbox() -> None:
    """A fake filesystem root: traversal and XXE can only ever reach these files."""
    (SANDBOX / "etc").mkdir()
    (SANDBOX / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/bin/sh\n")
    (SANDBOX / "srv" / "public").mkdir(parents=True)
    (SANDBOX / "srv" / "public" / "report.txt").write_text("Quarterly report: all good.\n")


_plant_sandbox()
_DB_LOCK = threading.Lock()
_DB = sqlite3.connect(":memory:", check_same_thread=False)
_DB.create_function("sleep", 1, lambda seconds: time.sleep(min(float(seconds), 3.0)) or 0)
_DB.executescript("""
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO items VALUES (1, 'apple'), (2, 'banana'), (3, 'cherry');
""")


def query(sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with _DB_LOCK:
        return list(_DB.execute(sql, parameters))


def text(body: str, status: int = 200) -> Response:
    return Response(body, status, mimetype="text/plain")


def page(title: str, body: str, status: int = 200) -> Response:
    return Response(f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>",
                    status, mimetype="text/html")


@app.after_request
def security_headers(response: Response) -> Response:
    """Good headers everywhere, so only the /vuln/headers and /vuln/csp pages lack them."""
    if request.path not in NO_SECURITY_HEADERS:
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


# ---------------------------------------------------------------- discovery

LINKS = [
    "/vuln/sqli?id=1", "/fixed/sqli?id=1", "/vuln/sqli-blind?id=1", "/fixed/sqli-blind?id=1",
    "/vuln/sqli-time?id=1", "/fixed/sqli-time?id=1", "/vuln/xss?q=hello", "/fixed/xss?q=hello",
    "/vuln/xss-attr?name=guest", "/fixed/xss-attr?name=guest", "/vuln/comments", "/fixed/comments",
    "/vuln/ping?host=127.0.0.1", "/fixed/ping?host=127.0.0.1", "/vuln/file?name=report.txt",
    "/fixed/file?name=report.txt", "/vuln/greet?name=guest", "/fixed/greet?name=guest",
    "/vuln/redirect?next=/", "/fixed/redirect?next=/", "/vuln/lang?lang=en", "/fixed/lang?lang=en",
    "/vuln/trace", "/fixed/trace", "/vuln/site/", "/fixed/site/", "/vuln/login", "/fixed/login",
    "/vuln/headers", "/fixed/headers", "/vuln/csp", "/fixed/csp", "/vuln/cookie", "/fixed/cookie",
    "/vuln/cors", "/fixed/cors", "/vuln/cors-null", "/fixed/cors-null", "/vuln/error", "/fixed/error",
    "/vuln/debug", "/fixed/debug", "/vuln/banner", "/fixed/banner", "/vuln/files/", "/fixed/files/",
    "/fixed/internal-ip",
]


@app.get("/")
def index() -> Response:
    links = "".join(f'<li><a href="{html.escape(link)}">{html.escape(link)}</a></li>' for link in LINKS)
    fetch = f"/vuln/fetch?url={BASE['url']}/health", f"/fixed/fetch?url={BASE['url']}/health"
    links += "".join(f'<li><a href="{html.escape(link)}">fetch</a></li>' for link in fetch)
    # An inline script: the crawler must find this route without a link.
    script = '<script>fetch("/vuln/internal-ip").then(r => r.text())</script>'
    return page("vulnerable-app", f"<h1>vulnerable-app (deliberately vulnerable)</h1><ul>{links}</ul>{script}")


@app.get("/robots.txt")
def robots() -> Response:
    return text("User-agent: *\nDisallow: /vuln/site/\nSitemap: /sitemap.xml\n")


@app.get("/sitemap.xml")
def sitemap() -> Response:
    urls = "".join(f"<url><loc>{BASE['url']}{path}</loc></url>" for path in ("/vuln/profile", "/fixed/profile"))
    return Response(f'<?xml version="1.0"?><urlset>{urls}</urlset>', mimetype="application/xml")


@app.get("/health")
def health() -> Response:
    return text("ok\n")


# ---------------------------------------------------------------- SQL injection

@app.get("/vuln/sqli")
def vuln_sqli() -> Response:
    try:
        rows = query(f"SELECT id, name FROM items WHERE id = {request.args.get('id', '1')}")
    except sqlite3.Error as error:
        return text(f"database error: sqlite3.OperationalError: {error}", 500)
    return text("\n".join(f"{row[0]}: {row[1]}" for row in rows) or "no items")


@app.get("/fixed/sqli")
def fixed_sqli() -> Response:
    rows = query("SELECT id, name FROM items WHERE id = ?", (request.args.get("id", "1"),))
    return text("\n".join(f"{row[0]}: {row[1]}" for row in rows) or "no items")


@app.get("/vuln/sqli-blind")
def vuln_sqli_blind() -> Response:
    try:
        rows = query(f"SELECT name FROM items WHERE id = {request.args.get('id', '1')}")
    except sqlite3.Error:
        rows = []
    return page("item", f"<p>Item: {html.escape(str(rows[0][0]))}</p>" if rows else "<p>No such item.</p>")


@app.get("/fixed/sqli-blind")
def fixed_sqli_blind() -> Response:
    rows = query("SELECT name FROM items WHERE id = ?", (request.args.get("id", "1"),))
    return page("item", f"<p>Item: {html.escape(str(rows[0][0]))}</p>" if rows else "<p>No such item.</p>")


@app.get("/vuln/sqli-time")
def vuln_sqli_time() -> Response:
    try:
        query(f"SELECT name FROM items WHERE id = {request.args.get('id', '1')}")
    except sqlite3.Error:
        pass
    return text("Thanks, your visit was logged.")


@app.get("/fixed/sqli-time")
def fixed_sqli_time() -> Response:
    query("SELECT name FROM items WHERE id = ?", (request.args.get("id", "1"),))
    return text("Thanks, your visit was logged.")


@app.get("/vuln/search")
def vuln_search() -> Response:
    try:
        rows = query(f"SELECT id, name FROM items WHERE name = '{request.args.get('name', '')}'")
    except sqlite3.Error as error:
        return Response(json.dumps({"error": f"SQLITE_ERROR: {error}"}), 500, mimetype="application/json")
    return Response(json.dumps([{"id": r[0], "name": r[1]} for r in rows]), mimetype="application/json")


@app.get("/fixed/search")
def fixed_search() -> Response:
    rows = query("SELECT id, name FROM items WHERE name = ?", (request.args.get("name", ""),))
    return Response(json.dumps([{"id": r[0], "name": r[1]} for r in rows]), mimetype="application/json")


# ---------------------------------------------------------------- XSS

@app.get("/vuln/xss")
def vuln_xss() -> Response:
    return page("search", f"<p>You searched for: {request.args.get('q', '')}</p>")


@app.get("/fixed/xss")
def fixed_xss() -> Response:
    return page("search", f"<p>You searched for: {html.escape(request.args.get('q', ''))}</p>")


@app.get("/vuln/xss-attr")
def vuln_xss_attr() -> Response:
    return page("profile", f'<form><input name="name" value="{request.args.get("name", "")}"></form>')


@app.get("/fixed/xss-attr")
def fixed_xss_attr() -> Response:
    return page("profile", f'<form><input name="name" value="{html.escape(request.args.get("name", ""))}"></form>')


def _comments(kind: str, escape: bool) -> Response:
    if request.method == "POST":
        COMMENTS[kind] = [*COMMENTS[kind], request.form.get("comment", "")][-50:]
        return redirect(f"/{kind}/comments", 303)
    shown = "".join(f"<li>{html.escape(c) if escape else c}</li>" for c in COMMENTS[kind])
    form = f'<form method="post" action="/{kind}/comments"><textarea name="comment"></textarea><button>Post</button></form>'
    return page("comments", f"<ul>{shown}</ul>{form}")


@app.route("/vuln/comments", methods=["GET", "POST"])
def vuln_comments() -> Response:
    return _comments("vuln", escape=False)


@app.route("/fixed/comments", methods=["GET", "POST"])
def fixed_comments() -> Response:
    return _comments("fixed", escape=True)


# ---------------------------------------------------------------- command injection (simulated shell)

def _run_simple(words: list[str]) -> str:
    if not words:
        return ""
    name, arguments = words[0], words[1:]
    if name == "echo":
        return " ".join(arguments) + "\n"
    if name == "sleep" and arguments:
        time.sleep(min(float(arguments[0]), 3.0))
        return ""
    if name == "id":
        return "uid=33(www-data) gid=33(www-data) groups=33(www-data)\n"
    if name == "ping":
        return f"PING {arguments[-1] if arguments else ''}: 1 packets transmitted, 1 received\n"
    return f"sh: {name}: not found\n"


def simulated_shell(command_line: str) -> str:
    """Enough of sh to show injection: $(...) and `...`, then ; && || | between simple commands."""
    command_line = re.sub(r"\$\(([^()]*)\)|`([^`]*)`", lambda m: simulated_shell(m[1] or m[2]).strip(), command_line)
    output = ""
    for segment in re.split(r";|&&|\|\||\|", command_line):
        try:
            output += _run_simple(shlex.split(segment))
        except ValueError as error:
            output += f"sh: syntax error: {error}\n"
    return output


@app.get("/vuln/ping")
def vuln_ping() -> Response:
    return text(simulated_shell(f"ping -c 1 {request.args.get('host', '')}"))


@app.get("/fixed/ping")
def fixed_ping() -> Response:
    host = request.args.get("host", "")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}", host):
        return text("invalid host", 400)
    return text(_run_simple(["ping", "-c", "1", host]))


# ---------------------------------------------------------------- path traversal (inside the sandbox)

@app.get("/vuln/file")
def vuln_file() -> Response:
    virtual = posixpath.normpath(posixpath.join("/srv/public", request.args.get("name", "")))
    real = SANDBOX / virtual.lstrip("/")
    return text(real.read_text()) if real.is_file() else text("not found", 404)


@app.get("/fixed/file")
def fixed_file() -> Response:
    name = request.args.get("name", "")
    real = (SANDBOX / "srv" / "public" / name).resolve()
    if not real.is_relative_to((SANDBOX / "srv" / "public").resolve()) or not real.is_file():
        return text("not found", 404)
    return text(real.read_text())


# ---------------------------------------------------------------- template injection (sandboxed Jinja2)

_TEMPLATES = SandboxedEnvironment()


@app.get("/vuln/greet")
def vuln_greet() -> Response:
    try:
        return text(_TEMPLATES.from_string("Hello " + request.args.get("name", "") + "!").render())
    except Exception:  # noqa: BLE001 - a template syntax error is the user's input, show a generic message
        return text("could not render", 400)


@app.get("/fixed/greet")
def fixed_greet() -> Response:
    return text(_TEMPLATES.from_string("Hello {{ name }}!").render(name=request.args.get("name", "")))


# ---------------------------------------------------------------- SSRF (loopback only)

def _fetch(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only, checked by callers
            return text(response.read(2000).decode("utf-8", "replace"))
    except (OSError, ValueError) as error:  # ValueError: http.client refuses control characters
        return text(f"fetch failed: {error}", 502)


@app.get("/vuln/fetch")
def vuln_fetch() -> Response:
    url = request.args.get("url", "")
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
        return text("this demo only fetches http://127.0.0.1 URLs", 400)
    return _fetch(url)


@app.get("/fixed/fetch")
def fixed_fetch() -> Response:
    url = request.args.get("url", "")
    if url != f"{BASE['url']}/health":
        return text("only the health URL may be fetched", 400)
    return _fetch(url)


# ---------------------------------------------------------------- open redirect

@app.get("/vuln/redirect")
def vuln_redirect() -> Response:
    try:
        return redirect(request.args.get("next", "/"), 302)
    except ValueError:  # Werkzeug refuses line breaks in headers; that part of the bug is not simulated here
        return text("bad redirect target", 400)


@app.get("/fixed/redirect")
def fixed_redirect() -> Response:
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        target = "/"
    return redirect(target.replace("\r", "").replace("\n", ""), 302)


# ---------------------------------------------------------------- XXE (entities resolved inside the sandbox)

class _SandboxResolver(xml.sax.handler.EntityResolver):
    def resolveEntity(self, publicId: str | None, systemId: str) -> str:  # noqa: N802, N803 - SAX API
        target = (SANDBOX / urlsplit(systemId).path.lstrip("/")).resolve()
        if target.is_relative_to(SANDBOX.resolve()) and target.is_file():
            return str(target)
        return str(SANDBOX / "srv" / "public" / "report.txt")


class _TextCollector(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def characters(self, content: str) -> None:
        self.parts.append(content)


@app.post("/vuln/xml")
def vuln_xml() -> Response:
    collector = _TextCollector()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # the vulnerability
    parser.setContentHandler(collector)
    parser.setEntityResolver(_SandboxResolver())
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(BytesIO(request.get_data()))
    try:
        parser.parse(source)
    except xml.sax.SAXException:
        return text("invalid XML", 400)
    return text("Received order: " + "".join(collector.parts).strip())


@app.post("/fixed/xml")
def fixed_xml() -> Response:
    try:
        root = ElementTree.fromstring(request.get_data())  # expat never resolves external entities here
    except ElementTree.ParseError:
        return text("invalid XML", 400)
    return text("Received order: " + " ".join(t.strip() for t in root.itertext() if t.strip()))


# ---------------------------------------------------------------- CRLF (a server writing raw header lines, simulated)

@app.get("/vuln/lang")
def vuln_lang() -> Response:
    lines = re.split(r"\r?\n", request.args.get("lang", "en"))
    response = text(f"language set to {lines[0]}")
    response.headers["Content-Language"] = lines[0]
    for line in lines[1:]:  # what a server concatenating raw header text would emit
        name, _, value = line.partition(":")
        if name.strip() and value.strip():
            response.headers[name.strip()] = value.strip()
    return response


@app.get("/fixed/lang")
def fixed_lang() -> Response:
    lang = re.sub(r"[\r\n]", "", request.args.get("lang", "en"))
    response = text(f"language set to {lang}")
    response.headers["Content-Language"] = lang
    return response


# ---------------------------------------------------------------- insecure HTTP methods

@app.route("/vuln/trace", methods=["GET", "TRACE"])
def vuln_trace() -> Response:
    if request.method == "TRACE":
        echoed = "".join(f"{name}: {value}\r\n" for name, value in request.headers.items())
        return Response(f"TRACE {request.full_path} HTTP/1.1\r\n{echoed}", mimetype="message/http")
    return page("trace", "<p>TRACE is enabled here.</p>")


@app.get("/fixed/trace")
def fixed_trace() -> Response:
    return page("trace", "<p>TRACE is not allowed here.</p>")


# ---------------------------------------------------------------- exposed sensitive files

SITE_FILES = {
    ".git/HEAD": ("ref: refs/heads/main\n", "text/plain"),
    ".env": ("DATABASE_URL=sqlite:///demo.db\nDEBUG=true\nAPP_NAME=vulnerable-app\n", "text/plain"),
    "server-status": ("<html><h1>Apache Server Status for localhost</h1></html>", "text/html"),
    "actuator/env": ('{"activeProfiles": [], "propertySources": []}', "application/json"),
    "backup.sql": ("-- MySQL dump 10.13\nCREATE TABLE users (id int);\n", "text/plain"),
}


@app.get("/vuln/site/")
@app.get("/fixed/site/")
def site_index() -> Response:
    return page("site", "<p>A static site.</p>")


@app.get("/vuln/site/<path:name>")
def vuln_site_file(name: str) -> Response:
    if name not in SITE_FILES:
        return text("not found", 404)
    body, mimetype = SITE_FILES[name]
    return Response(body, mimetype=mimetype)


@app.get("/fixed/site/<path:name>")
def fixed_site_file(name: str) -> Response:
    return text("not found", 404)


# ---------------------------------------------------------------- login forms (default credentials)

def _login(kind: str, password: str) -> Response:
    form = (f'<form method="post" action="/{kind}/login"><input name="username" type="text">'
            '<input name="password" type="password"><button>Log in</button></form>')
    if request.method == "POST":
        if request.form.get("username") == "admin" and request.form.get("password") == password:
            response = redirect(f"/{kind}/welcome", 302)
            response.set_cookie("session", secrets.token_hex(16), httponly=True, samesite="Lax")
            return response
        return page("login", "<p>Invalid username or password.</p>" + form)
    return page("login", form)


@app.route("/vuln/login", methods=["GET", "POST"])
def vuln_login() -> Response:
    return _login("vuln", "admin")


@app.route("/fixed/login", methods=["GET", "POST"])
def fixed_login() -> Response:
    return _login("fixed", FIXED_ADMIN_PASSWORD)


@app.get("/vuln/welcome")
@app.get("/fixed/welcome")
def welcome() -> Response:
    return page("welcome", "<p>Welcome.</p>")


# ---------------------------------------------------------------- API: tokens, missing authentication, IDOR

def _user() -> str | None:
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    return TOKENS.get(credential) if scheme.lower() == "bearer" else None


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status, mimetype="application/json")


@app.post("/api/token")
def token() -> Response:
    body = request.get_json(silent=True) or {}
    username = str(body.get("username", ""))
    if USERS.get(username) != body.get("password"):
        return _json({"error": "invalid credentials"}, 401)
    return _json({"access_token": next(t for t, u in TOKENS.items() if u == username)})


@app.get("/api/vuln/orders/<int:order_id>")
def vuln_order(order_id: int) -> Response:
    return _json(ORDERS[order_id]) if order_id in ORDERS else _json({"error": "not found"}, 404)


@app.get("/api/fixed/orders/<int:order_id>")
def fixed_order(order_id: int) -> Response:
    if _user() is None:
        return _json({"error": "authentication required"}, 401)
    return _json(ORDERS[order_id]) if order_id in ORDERS else _json({"error": "not found"}, 404)


def _invoice(invoice_id: int, check_owner: bool) -> Response:
    user = _user()
    if user is None:
        return _json({"error": "authentication required"}, 401)
    if invoice_id not in INVOICES:
        return _json({"error": "not found"}, 404)
    owner, content = INVOICES[invoice_id]
    if check_owner and owner != user:
        return _json({"error": "forbidden"}, 403)
    return _json({"id": invoice_id, "owner": owner, "text": content})


@app.get("/api/vuln/invoices/<int:invoice_id>")
def vuln_invoice(invoice_id: int) -> Response:
    return _invoice(invoice_id, check_owner=False)


@app.get("/api/fixed/invoices/<int:invoice_id>")
def fixed_invoice(invoice_id: int) -> Response:
    return _invoice(invoice_id, check_owner=True)


# ---------------------------------------------------------------- passive: headers, cookies, CORS, disclosure

@app.get("/vuln/headers")
@app.get("/fixed/headers")
def headers_page() -> Response:
    return page("headers", "<p>Security headers are missing on /vuln/headers only.</p>")


@app.get("/vuln/csp")
def vuln_csp() -> Response:
    response = page("csp", "<p>A weak policy.</p>")
    response.headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    return response


@app.get("/fixed/csp")
def fixed_csp() -> Response:
    return page("csp", "<p>A strict policy.</p>")


@app.get("/vuln/cookie")
def vuln_cookie() -> Response:
    response = page("cookie", "<p>Preferences saved.</p>")
    response.headers.add("Set-Cookie", "prefs=dark; Path=/")
    return response


@app.get("/fixed/cookie")
def fixed_cookie() -> Response:
    response = page("cookie", "<p>Preferences saved.</p>")
    response.headers.add("Set-Cookie", "prefs_fixed=dark; Path=/; HttpOnly; SameSite=Lax")
    return response


@app.get("/vuln/cors")
def vuln_cors() -> Response:
    response = _json({"account": "demo"})
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.get("/fixed/cors")
def fixed_cors() -> Response:
    response = _json({"account": "demo"})
    response.headers["Access-Control-Allow-Origin"] = "https://trusted.example"
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.get("/vuln/cors-null")
def vuln_cors_null() -> Response:
    response = _json({"public": True})
    if request.headers.get("Origin") == "null":
        response.headers["Access-Control-Allow-Origin"] = "null"
    return response


@app.get("/fixed/cors-null")
def fixed_cors_null() -> Response:
    return _json({"public": True})


@app.get("/vuln/error")
def vuln_error() -> Response:
    return text('Traceback (most recent call last):\n  File "/srv/app/views.py", line 42, in report\n'
                "ZeroDivisionError: division by zero\n", 500)


@app.get("/fixed/error")
@app.get("/fixed/debug")
def fixed_error() -> Response:
    return text("Something went wrong (reference 7f3a).", 500)


@app.get("/vuln/debug")
def vuln_debug() -> Response:
    return page("ZeroDivisionError // Werkzeug Debugger", "<h1>ZeroDivisionError</h1><p>The debugger caught an "
                "exception in your WSGI application.</p>", 500)


@app.get("/vuln/banner")
def vuln_banner() -> Response:
    response = page("banner", "<p>Powered by an old PHP.</p>")
    response.headers["X-Powered-By"] = "PHP/7.2.1"
    return response


@app.get("/fixed/banner")
def fixed_banner() -> Response:
    return page("banner", "<p>No version here.</p>")


@app.get("/vuln/internal-ip")
def vuln_internal_ip() -> Response:
    return text("upstream 10.0.3.17:8080 timed out")


@app.get("/fixed/internal-ip")
def fixed_internal_ip() -> Response:
    return text("upstream timed out")


@app.get("/vuln/files/")
def vuln_files() -> Response:
    return page("Index of /vuln/files/", '<h1>Index of /vuln/files/</h1><a href="report.txt">report.txt</a>')


@app.get("/fixed/files/")
def fixed_files() -> Response:
    return page("files", "<p>Nothing to list.</p>", 403)


@app.get("/vuln/profile")
def vuln_profile() -> Response:
    return page("profile", '<a href="/vuln/account?session_token=a1b2c3d4e5f6a7b8c9d0">My account</a>')


@app.get("/fixed/profile")
def fixed_profile() -> Response:
    return page("profile", '<a href="/fixed/account">My account</a>')


@app.get("/vuln/account")
@app.get("/fixed/account")
def account() -> Response:
    return page("account", "<p>Your account.</p>")


# ---------------------------------------------------------------- server

class _QuietHandler(WSGIRequestHandler):
    """No version in the Server header (the banner finding belongs to /vuln/banner only), no access log."""

    def version_string(self) -> str:
        return "vulnerable-app"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description="A deliberately vulnerable app for pavedroad dast tests.")
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    BASE["url"] = f"http://127.0.0.1:{server.server_port}"
    print(f"listening on {BASE['url']}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
