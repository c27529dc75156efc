"""nginx and Apache access log lines, parsed to exact fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pavedroad.monitor.model import Event, Origin
from pavedroad.monitor.parsers.access import AccessLogParser


def parse_file(path: Path, kind: str = "nginx") -> list[Event | None]:
    parser = AccessLogParser(kind)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parser.parse(line, Origin(path.name, str(number))) for number, line in enumerate(lines, 1)]


def test_nginx_combined_lines(logs: Path) -> None:
    sqlmap, login, ipv6, handshake, quoted = parse_file(logs / "nginx_combined.log")
    assert sqlmap is not None and sqlmap.kind == "nginx"
    assert sqlmap.timestamp == datetime(2024, 3, 5, 10, 0, 1, tzinfo=UTC)
    assert dict(sqlmap.fields) == {
        "source.ip": "203.0.113.9",
        "http.status": 404,
        "http.bytes": 162,
        "http.method": "GET",
        "http.version": "HTTP/1.1",
        "url.path": "/index.php",
        "url.query": "id=1%27%20OR%201=1--",
        "user_agent": "sqlmap/1.7.2#stable (https://sqlmap.org)",
    }
    assert sqlmap.origin == Origin("nginx_combined.log", "1")
    assert login is not None
    assert login.timestamp == datetime(2024, 3, 5, 10, 0, 2, tzinfo=timezone(timedelta(hours=1)))
    assert login.get("user.name") == "alice"
    assert login.get("http.referer") == "https://shop.example.com/login"
    assert login.get("http.version") == "HTTP/2.0"
    assert ipv6 is not None and ipv6.get("source.ip") == "2001:db8::1" and ipv6.get("http.status") == 304
    # a TLS handshake sent to port 80: nginx logs it escaped; there is no method to take
    assert handshake is not None
    assert handshake.get("http.method") is None
    assert handshake.get("http.request") == r"\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03"
    assert handshake.get("user_agent") is None
    assert quoted is not None
    assert quoted.get("url.query") == r"q=\"quoted\""
    assert quoted.get("http.bytes") == 0


def test_nginx_host_first_variant(logs: Path) -> None:
    (event,) = parse_file(logs / "nginx_vhost.log")
    assert event is not None
    assert event.get("http.vhost") == "shop.example.com"
    assert event.get("source.ip") == "203.0.113.9"
    assert event.get("url.path") == "/.env"
    assert event.get("user_agent") == "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)"


def test_apache_common_line(logs: Path) -> None:
    (event,) = parse_file(logs / "apache_common.log", "apache")
    assert event is not None and event.kind == "apache"
    assert event.timestamp == datetime(2000, 10, 10, 20, 55, 36, tzinfo=UTC)
    assert dict(event.fields) == {
        "source.ip": "127.0.0.1",
        "user.name": "frank",
        "http.status": 200,
        "http.bytes": 2326,
        "http.method": "GET",
        "http.version": "HTTP/1.0",
        "url.path": "/apache_pb.gif",
    }


def test_apache_vhost_combined_strips_the_port(logs: Path) -> None:
    (event,) = parse_file(logs / "apache_vhost_combined.log", "apache")
    assert event is not None
    assert event.get("http.vhost") == "www.example.com"
    assert event.get("source.ip") == "192.0.2.10"
    assert event.get("user_agent", "").startswith("WPScan v3.8.25")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "not an access log line",
        '203.0.113.9 - - [05/Mar/2024:10:00:01 +0000] "GET / HTTP/1.1" abc 12',
        "\x00\x01\x02\ufffd\ufffd binary",
    ],
)
def test_lines_of_other_formats_are_not_access_lines(line: str) -> None:
    assert AccessLogParser().parse(line, Origin("x")) is None


def test_a_bad_time_gives_no_timestamp_but_keeps_the_event() -> None:
    event = AccessLogParser().parse('192.0.2.1 - - [99/Foo/2024:10:00:01 +0000] "GET / HTTP/1.1" 200 5', Origin("x"))
    assert event is not None and event.timestamp is None and event.get("http.status") == 200
