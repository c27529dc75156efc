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
    HTTP_STATUS,
    HTTP_VHOST,
    SOURCE_IP,
    URL_PATH,
    URL_QUERY,
    USER,
    USER_AGENT,
    Event,
    Origin,
)
from pavedroad.monitor.parsers.timestamps import TimestampCache, parse_clf

HTTP_REFERER = "http.referer"
HTTP_VERSION = "http.version"
HTTP_REQUEST = "http.request"  # the request line as logged, kept when it is not METHOD TARGET VERSION

_QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'  # nginx and Apache escape " inside quoted fields as \"
# The request line split by the expression itself when it is METHOD TARGET HTTP/x (the usual
# case: no str.split per line), else kept whole (a TLS handshake on port 80, "-", a bare "GET /")
_PATH = r'([^ ?"\\]*(?:\\.[^ ?"\\]*)*)'
_QUERY = r'([^ "\\]*(?:\\.[^ "\\]*)*)'
_REQUEST = rf'"(?:([A-Z]+) {_PATH}(?:\?{_QUERY})? (HTTP/[0-9.]+)|([^"\\]*(?:\\.[^"\\]*)*))"'
_NCSA = rf"(\S+) \S+ (\S+) \[([^\]]+)\] {_REQUEST} (\d{{3}}) (\d+|-)(?: {_QUOTED} {_QUOTED})?"
_PLAIN = re.compile(_NCSA)
_WITH_VHOST = re.compile(r"(\S+) " + _NCSA)


class AccessLogParser:
    """Common and combined access log lines (optionally with a leading virtual host)."""

    def __init__(self, name: str = "nginx") -> None:
        self.name = name
        self._time = TimestampCache(parse_clf)

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event of kind `name` with the normalised HTTP fields, or None."""
        match = _PLAIN.match(line)
        vhost = None
        if match is None:
            match = _WITH_VHOST.match(line)
            if match is None:
                return None
            vhost, ip, user, time, method, path, query, version, request, status, size, referer, agent = match.groups()
        else:
            ip, user, time, method, path, query, version, request, status, size, referer, agent = match.groups()
        fields: dict[str, object] = {
            SOURCE_IP: ip,
            HTTP_STATUS: int(status),
            HTTP_BYTES: 0 if size == "-" else int(size),
        }
        if user != "-":
            fields[USER] = user
        if vhost is not None:
            # Apache's %v:%p; a bare IPv6 address has more than one colon and no port to strip
            host, colon, port = vhost.rpartition(":")
            fields[HTTP_VHOST] = host if colon and port.isdigit() and host.count(":") == 0 else vhost
        if method is not None:
            fields[HTTP_METHOD] = method
            fields[URL_PATH] = path
            if query is not None:
                fields[URL_QUERY] = query
            fields[HTTP_VERSION] = version
        else:
            fields[HTTP_REQUEST] = request
        if referer is not None:
            if referer != "-":
                fields[HTTP_REFERER] = referer
            if agent != "-":
                fields[USER_AGENT] = agent
        return Event(self.name, self._time(time), fields, line, origin)
