"""Passive checks on every response the scan receives. Pattern-like ones are rows of data.

Site-wide problems (a missing header, a version banner) are keyed by origin so they are one
finding for the site, reported at the first page they were seen on, not one per page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pavedroad.core.findings import Finding
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.http import origin_of
from pavedroad.dast.model import Exchange

_PRIVATE_IP = re.compile(r"(?<![\d.])(10\.\d{1,3}|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3}(?![\d.])")
# (rule slug, pattern in the body, what it is). Checked on every response.
BODY_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("stack-trace", re.compile(r"Traceback \(most recent call last\):"), "Python traceback"),
    ("stack-trace", re.compile(r"\bat [\w$.]+\([\w$]+\.java:\d+\)"), "Java stack trace"),
    ("stack-trace", re.compile(r"\bat [\w.]+\.[\w]+\(.*\) in .+:line \d+"), ".NET stack trace"),
    ("stack-trace", re.compile(r"(Fatal error|Warning): .{1,200} in /\S+\.php on line \d+"), "PHP error"),
    ("stack-trace", re.compile(r"\bat (?:\S+ )?\(?/\S+\.js:\d+:\d+\)?"), "Node.js stack trace"),
    ("debug-page", re.compile(r"Werkzeug Debugger|The debugger caught an exception"), "Werkzeug debugger"),
    ("debug-page", re.compile(r"You're seeing this error because you have <code>DEBUG = True</code>"), "Django"),
    ("debug-page", re.compile(r"Whoops! There was an error|Ignition\b.*Laravel", re.S), "Laravel debug page"),
    ("debug-page", re.compile(r"Action Controller: Exception caught"), "Rails debug page"),
    ("directory-listing", re.compile(r"<title>\s*(Index of /|Directory listing for /)", re.I), "directory listing"),
    ("internal-ip", _PRIVATE_IP, "private IP address"),
)
_VERSIONED = re.compile(r"\d+\.\d+")
_BANNER_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version")
_INSECURE_RESOURCE = re.compile(r"<(script|link|iframe|img|object|embed)\b[^>]*\b(src|href)\s*=\s*[\"']?http://",
                                re.I)  # fmt: skip
_WEAK_SCRIPT_SOURCE = re.compile(r"'unsafe-inline'|'unsafe-eval'|(^|\s)\*(\s|$)|(^|\s)data:|(^|\s)https?:(\s|$)")
_MIN_HSTS_AGE = 15_552_000  # 180 days


def passive_findings(exchange: Exchange) -> list[Finding]:
    """Everything one response shows by itself."""
    findings: list[Finding] = []
    for check in (_body_patterns, _version_banner, _cookies, _security_headers, _mixed_content):
        findings.extend(check(exchange))
    return findings


def _site(exchange: Exchange, what: str) -> str:
    return f"{origin_of(exchange.url)} {what}"


def _body_patterns(exchange: Exchange) -> list[Finding]:
    findings = []
    host_ip = re.escape(exchange.url.split("/")[2].split(":")[0])
    for slug, pattern, what in BODY_PATTERNS:
        match = pattern.search(exchange.body)
        if match is None or (slug == "internal-ip" and re.fullmatch(host_ip, match.group(0))):
            continue
        site_wide = slug == "internal-ip"
        findings.append(build_finding(
            slug, exchange, f"{exchange.path}: {what} in the response", focus=match.group(0),
            confirmation=f"matched '{match.group(0)[:80]}'",
            key=_site(exchange, f"{slug} {match.group(0)}") if site_wide else None,
        ))  # fmt: skip
    return findings


def _version_banner(exchange: Exchange) -> list[Finding]:
    banners = [f"{name}: {exchange.header(name)}" for name in _BANNER_HEADERS
               if _VERSIONED.search(exchange.header(name) or "")]  # fmt: skip
    if not banners:
        return []
    return [build_finding("version-banner", exchange, f"the server names its version: {'; '.join(banners)}",
                          confirmation="; ".join(banners), key=_site(exchange, "; ".join(banners)))]  # fmt: skip


def _cookies(exchange: Exchange) -> list[Finding]:
    findings = []
    https = exchange.url.startswith("https://")
    for header in exchange.header_values("set-cookie"):
        name = header.split("=", 1)[0].strip()
        attributes = {part.strip().split("=", 1)[0].lower() for part in header.split(";")[1:]}
        if "max-age=0" in header.lower().replace(" ", ""):
            continue  # a deletion, not a cookie being set
        missing = [flag for flag, wanted in (("Secure", https), ("HttpOnly", True), ("SameSite", True))
                   if wanted and flag.lower() not in attributes]  # fmt: skip
        if missing:
            findings.append(build_finding(
                "cookie-flags", exchange, f"cookie '{name}' is set without {', '.join(missing)}",
                parameter=name, confirmation=f"Set-Cookie for '{name}' lacks {', '.join(missing)}",
                key=_site(exchange, f"cookie {name}"),
            ))  # fmt: skip
    return findings


def _security_headers(exchange: Exchange) -> list[Finding]:
    if not 200 <= exchange.status < 300:
        return []  # error pages and redirects are not what users see; judge real pages
    findings = []

    def report(slug: str, message: str) -> None:
        findings.append(build_finding(slug, exchange, message, confirmation=message, key=_site(exchange, slug)))

    if (exchange.header("x-content-type-options") or "").strip().lower() != "nosniff":
        report("content-type-options-missing", "X-Content-Type-Options: nosniff is not sent")
    if exchange.url.startswith("https://"):
        _hsts(exchange, report)
    if not exchange.is_html:
        return findings
    csp = exchange.header("content-security-policy") or ""
    directives = {part.strip().split(" ", 1)[0].lower(): part.strip() for part in csp.split(";") if part.strip()}
    if not csp:
        report("csp-missing", "no Content-Security-Policy header on an HTML page")
    else:
        script = directives.get("script-src") or directives.get("default-src") or ""
        weak = _WEAK_SCRIPT_SOURCE.search(script.split(" ", 1)[1] if " " in script else "")
        if not script or weak:
            why = f"script-src allows {weak.group(0).strip()}" if weak else "no script-src or default-src"
            report("csp-weak", f"weak Content-Security-Policy: {why}")
    if "frame-ancestors" not in directives and (exchange.header("x-frame-options") or "").upper() not in (
        "DENY", "SAMEORIGIN"
    ):  # fmt: skip
        report("frame-protection-missing", "neither X-Frame-Options nor CSP frame-ancestors is sent")
    policy = (exchange.header("referrer-policy") or "").lower()
    if not policy or "unsafe-url" in policy or policy.strip() == "no-referrer-when-downgrade":
        report("referrer-policy-missing", f"Referrer-Policy is {policy or 'not sent'}")
    return findings


def _hsts(exchange: Exchange, report: Callable[[str, str], None]) -> None:
    hsts = exchange.header("strict-transport-security") or ""
    age = re.search(r"max-age\s*=\s*\"?(\d+)", hsts, re.I)
    if not age or int(age.group(1)) < _MIN_HSTS_AGE:
        report("hsts-missing", f"Strict-Transport-Security is {hsts or 'not sent'} (want max-age ≥ 180 days)")


def _mixed_content(exchange: Exchange) -> list[Finding]:
    if not exchange.url.startswith("https://") or not exchange.is_html:
        return []
    match = _INSECURE_RESOURCE.search(exchange.body)
    if match is None:
        return []
    return [build_finding("mixed-content", exchange, f"{exchange.path} loads a <{match.group(1)}> over HTTP",
                          focus=match.group(0), confirmation=f"found {match.group(0)[:80]}")]  # fmt: skip
