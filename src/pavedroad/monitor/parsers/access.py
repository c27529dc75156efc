"""Web server access logs: NCSA common and combined, as nginx and Apache write them.

Variants: Apache's `vhost_combined` (`%v:%p` in front) and nginx formats that put `$host`
first; fields after the user agent (`$http_x_forwarded_for`, timings, ...) are ignored.
nginx and Apache write the same combined format, so the parser's `name` (the Event kind)
comes from the format hint, not from the line.
"""

from __future__ import annotations

import re

from pavedroad.monitor.model import (
    HTTP_BYTES,
    HTTP_METHOD,
    HTTP_REFERER,
    HTTP_STATUS,
    HTTP_VHOST,
    SOURCE_IP,
    URL_PATH,
    URL_QUERY,
    USER,
    USER_AGENT,
    Event,
    Origin,
    event_of,
)
from pavedroad.monitor.parsers.timestamps import TimestampCache, parse_clf

HTTP_VERSION = "http.version"
HTTP_REQUEST = "http.request"  # the request line as logged, kept when it is not METHOD TARGET VERSION
# Every field an access-log Event can have.
ACCESS_FIELDS = frozenset(
    {SOURCE_IP, USER, HTTP_VHOST, HTTP_METHOD, URL_PATH, URL_QUERY, HTTP_VERSION, HTTP_REQUEST, HTTP_STATUS,
     HTTP_BYTES, HTTP_REFERER, USER_AGENT}
)  # fmt: skip
# In a raw access-log line the request target (URL_PATH "?" URL_QUERY, verbatim) follows this
# expression, and a run of characters other than space and '"' after it stays inside the target
# (an escaped quote inside it starts with a backslash): screens over raw lines (detect/screen.py)
# look for what a target holds as REQUEST_TARGET + "[^ \"\n]*" + what.
REQUEST_TARGET = '"[A-Z]+ '


def _run(excluded: str, escapes: bool) -> str:
    """Characters other than `excluded`; nginx and Apache escape " inside quoted fields as \".

    Without escapes (a line holding no backslash, nearly all) `\\.` can never match, so the
    expression is the one-character class alone, which the regex engine scans about twice as
    fast: same matches, same groups.
    """
    return rf"[^{excluded}\\]*(?:\\.[^{excluded}\\]*)*" if escapes else rf"[^{excluded}]*"


def _ncsa(escapes: bool) -> str:
    quoted = f'"({_run(chr(34), escapes)})"'
    # The request line split by the expression itself when it is METHOD TARGET HTTP/x (the usual
    # case: no str.split per line), else kept whole (a TLS handshake on port 80, "-", a bare "GET /")
    path = f"({_run(' ?' + chr(34), escapes)})"
    query = f"({_run(' ' + chr(34), escapes)})"
    request = rf'"(?:([A-Z]+) {path}(?:\?{query})? (HTTP/[0-9.]+)|({_run(chr(34), escapes)}))"'
    return rf"(\S+) \S+ (\S+) \[([^\]]+)\] {request} (\d{{3}}) (\d+|-)(?: {quoted} {quoted})?"


_NCSA = _ncsa(escapes=True)
_PLAIN = re.compile(_NCSA)
_WITH_VHOST = re.compile(r"(\S+) " + _NCSA)
_PLAIN_NO_ESCAPE = re.compile(_ncsa(escapes=False))
_WITH_VHOST_NO_ESCAPE = re.compile(r"(\S+) " + _ncsa(escapes=False))


class AccessLogParser:
    """Common and combined access log lines (optionally with a leading virtual host)."""

    def __init__(self, name: str = "nginx") -> None:
        self.name = name
        self._time = TimestampCache(parse_clf)
        self._times = self._time.cache  # looked up inline: one timestamp text per second of log

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event of kind `name` with the normalised HTTP fields, or None."""
        if "\\" in line:
            plain, with_vhost = _PLAIN, _WITH_VHOST
        else:
            plain, with_vhost = _PLAIN_NO_ESCAPE, _WITH_VHOST_NO_ESCAPE
        match = plain.match(line)
        vhost = None
        if match is None:
            match = with_vhost.match(line)
            if match is None:
                return None
            vhost, ip, user, time, method, path, query, version, request, status, size, referer, agent = match.groups()
        else:
            ip, user, time, method, path, query, version, request, status, size, referer, agent = match.groups()
        if method is not None:
            # the usual METHOD TARGET VERSION request: one dict display, sized once
            fields: dict[str, object] = {
                SOURCE_IP: ip,
                HTTP_STATUS: int(status),
                HTTP_BYTES: 0 if size == "-" else int(size),
                HTTP_METHOD: method,
                URL_PATH: path,
                HTTP_VERSION: version,
            }
            if query is not None:
                fields[URL_QUERY] = query
        else:
            fields = {
                SOURCE_IP: ip,
                HTTP_STATUS: int(status),
                HTTP_BYTES: 0 if size == "-" else int(size),
                HTTP_REQUEST: request,
            }
        if user != "-":
            fields[USER] = user
        if vhost is not None:
            # Apache's %v:%p; a bare IPv6 address has more than one colon and no port to strip
            host, colon, port = vhost.rpartition(":")
            fields[HTTP_VHOST] = host if colon and port.isdigit() and host.count(":") == 0 else vhost
        if referer is not None:
            if referer != "-":
                fields[HTTP_REFERER] = referer
            if agent != "-":
                fields[USER_AGENT] = agent
        try:
            timestamp = self._times[time]
        except KeyError:
            timestamp = self._time(time)
        return event_of((self.name, timestamp, fields, line, origin))
