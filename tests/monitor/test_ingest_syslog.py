"""The syslog listener over UDP and TCP, RFC 6587 framing, and a flood against a bounded queue."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from pavedroad.monitor.ingest.lines import IngestCounters, Line
from pavedroad.monitor.ingest.syslog import SyslogListener, SyslogTcpFramer
from pavedroad.monitor.parsers.syslog import SyslogParser

WAIT_SECONDS = 10.0
RFC3164 = b"<38>Mar  5 10:00:02 web-1 sshd[811]: Failed password for root from 203.0.113.9 port 55022 ssh2"
RFC5424 = b'<165>1 2024-03-05T10:00:01.003Z web-1 app 42 ID47 [meta@1 a="b"] \xef\xbb\xbfhello'


def wait_until(condition: Callable[[], bool]) -> None:
    """Wait for something another thread does; fail (not hang) if it never happens."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {WAIT_SECONDS}s")
        time.sleep(0.01)


def poll_until(listener: SyslogListener, count: int) -> list[Line]:
    lines: list[Line] = []

    def enough() -> bool:
        lines.extend(listener.poll(1000))
        return len(lines) >= count

    wait_until(enough)
    return lines


@pytest.fixture
def listener(free_port: Callable[..., int]) -> Iterator[SyslogListener]:
    counters = IngestCounters()
    udp, tcp = ("127.0.0.1", free_port(socket.SOCK_DGRAM)), ("127.0.0.1", free_port())
    started = SyslogListener(counters, udp=udp, tcp=tcp, queue_size=100, max_line_bytes=1024)
    yield started
    started.close()


def test_udp_datagrams_of_both_rfcs(listener: SyslogListener) -> None:
    assert listener.udp_address is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(RFC3164 + b"\n", listener.udp_address)
        sender.sendto(RFC5424, listener.udp_address)
        port = sender.getsockname()[1]
    lines = sorted(poll_until(listener, 2), key=lambda line: line.text)
    assert [line.text for line in lines] == [RFC5424.decode(), RFC3164.decode()]
    assert lines[1].origin.source == f"syslog+udp://127.0.0.1:{listener.udp_address[1]}"
    assert lines[1].origin.position == f"127.0.0.1:{port}"


def test_tcp_with_octet_counting_and_newline_framing_on_one_connection(listener: SyslogListener) -> None:
    assert listener.tcp_address is not None
    counted = RFC5424
    with socket.create_connection(listener.tcp_address, timeout=WAIT_SECONDS) as connection:
        connection.sendall(b"%d " % len(counted) + counted[:20])
        connection.sendall(counted[20:] + RFC3164 + b"\n" + b"<13>Mar  5 10:00:03 h app: x\r\n")
    lines = poll_until(listener, 3)
    assert [line.text for line in lines] == [counted.decode(), RFC3164.decode(), "<13>Mar  5 10:00:03 h app: x"]


def test_a_flood_fills_the_bounded_queue_then_drops_and_counts(listener: SyslogListener) -> None:
    assert listener.tcp_address is not None
    message = b"<13>Mar  5 10:00:03 flood app: message\n"
    with socket.create_connection(listener.tcp_address, timeout=WAIT_SECONDS) as connection:
        connection.sendall(message * 1000)
    wait_until(lambda: listener.received == 1000)
    assert listener.queued == 100
    assert listener._counters.dropped == 900
    assert len(listener.poll(10_000)) == 100


def test_tcp_framer_cuts_over_long_frames_and_keeps_the_next() -> None:
    framer = SyslogTcpFramer(max_line_bytes=10)
    assert framer.feed(b"25 " + b"x" * 25 + b"5 hello") == [b"x" * 10, b"hello"]
    assert framer.feed(b"y" * 30) == [b"y" * 10]
    assert framer.feed(b"yyy\nnext\n") == [b"next"]
    assert framer.truncated == 2
    assert framer.feed(b"12") == [] and framer.feed(b" abc") == [] and framer.feed(b"defghijkl") == [b"abcdefghij"]


def test_received_messages_parse_as_syslog_events(listener: SyslogListener) -> None:
    assert listener.udp_address is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(RFC3164, listener.udp_address)
    (line,) = poll_until(listener, 1)
    event = SyslogParser().parse(line.text, line.origin)
    assert event is not None and event.kind == "sshd"
    assert event.get("syslog.facility") == 4 and event.get("syslog.severity") == 6
    assert event.get("event.action") == "ssh_login" and event.get("source.ip") == "203.0.113.9"
    assert event.origin == line.origin
