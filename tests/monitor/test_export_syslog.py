"""Syslog/CEF export into a real rsyslog: RFC 5424 parsed by rsyslog, octet-counted TCP, UDP, reconnect."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from receivers import make_alert

from pavedroad.monitor.export import QueuedSink, build_sinks
from pavedroad.monitor.export.cef import format_cef

RSYSLOGD = shutil.which("rsyslogd") or shutil.which("rsyslogd", path="/usr/sbin:/sbin")
pytestmark = pytest.mark.skipif(RSYSLOGD is None, reason="rsyslogd is not installed (Debian package: rsyslog)")

# rsyslog writes the fields it parsed from each RFC 5424 message, so a malformed header fails the test.
CONFIG = """
global(workDirectory="{work}")
module(load="imtcp")
module(load="imudp")
input(type="imtcp" address="127.0.0.1" port="{tcp}")
input(type="imudp" address="127.0.0.1" port="{udp}")
template(name="fields" type="string" string="%pri%|%hostname%|%app-name%|%msgid%|%msg%\\n")
*.* action(type="omfile" file="{output}" template="fields")
"""


def free_port(kind: socket.SocketKind) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Poll a condition, bounded: rsyslog offers no readiness or write notification to block on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Rsyslog:
    """rsyslogd in the foreground with its own config, ports, work directory and output file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tcp_port = free_port(socket.SOCK_STREAM)
        self.udp_port = free_port(socket.SOCK_DGRAM)
        self.output = root / "received.log"
        self.config = root / "rsyslog.conf"
        work = root / "work"
        work.mkdir()
        self.config.write_text(CONFIG.format(work=work, tcp=self.tcp_port, udp=self.udp_port, output=self.output))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert RSYSLOGD is not None
        command = [RSYSLOGD, "-n", "-f", str(self.config), "-i", str(self.root / "rsyslogd.pid")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not wait_until(self._accepting):
            self.stop()
            pytest.fail("rsyslogd did not start listening")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def lines(self) -> list[str]:
        return self.output.read_text().splitlines() if self.output.exists() else []

    def _accepting(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.tcp_port), timeout=1).close()
        except OSError:
            return False
        return True


@pytest.fixture
def rsyslog(tmp_path: Path) -> Iterator[Rsyslog]:
    server = Rsyslog(tmp_path)
    server.start()
    yield server
    server.stop()


def syslog_sink(server: Rsyslog, protocol: str, **extra: Any) -> QueuedSink:
    port = server.tcp_port if protocol == "tcp" else server.udp_port
    table = {"type": "syslog", "host": "127.0.0.1", "port": port, "protocol": protocol,
             "hostname": "sensor-1", "facility": "authpriv", "max_retries": 0, **extra}  # fmt: skip
    (sink,) = build_sinks({"export": [table]}, background=False)
    assert isinstance(sink, QueuedSink)
    return sink


def expected_line(number: int, **changes: Any) -> str:
    alert = make_alert(number, **changes)
    # PRI 83 = authpriv (10) * 8 + error (3): a high alert.
    return f"83|sensor-1|pavedroad|alert|{format_cef(alert.to_dict())}"


def test_tcp_octet_counted_cef_lands_in_rsyslog_output(rsyslog: Rsyslog) -> None:
    sink = syslog_sink(rsyslog, "tcp", batch_size=10)
    hostile = {"description": "line one\nline two = \\ | end"}
    sink.send(make_alert(0, **hostile))
    sink.send(make_alert(1))
    assert sink.flush()
    assert wait_until(lambda: len(rsyslog.lines()) == 2)
    assert rsyslog.lines() == [expected_line(0, **hostile), expected_line(1)]
    assert rsyslog.lines()[0].endswith("msg=line one\\nline two \\= \\\\ | end")
    sink.close()


def test_udp_messages_land_in_rsyslog_output(rsyslog: Rsyslog) -> None:
    sink = syslog_sink(rsyslog, "udp")
    sink.send(make_alert(0))
    assert sink.flush()
    assert wait_until(lambda: len(rsyslog.lines()) == 1)
    assert rsyslog.lines() == [expected_line(0)]
    sink.close()


def test_tcp_reconnects_after_rsyslog_restarts_and_queued_alerts_follow(rsyslog: Rsyslog) -> None:
    sink = syslog_sink(rsyslog, "tcp")
    sink.send(make_alert(0))
    assert sink.flush()
    assert wait_until(lambda: len(rsyslog.lines()) == 1)

    rsyslog.stop()
    sink.send(make_alert(1))
    assert not sink.flush()  # refused: stays queued
    assert sink.stats()["pending"] == 1

    rsyslog.start()
    sink.send(make_alert(2))
    assert sink.flush()
    assert wait_until(lambda: len(rsyslog.lines()) == 3)
    assert rsyslog.lines() == [expected_line(0), expected_line(1), expected_line(2)]
    sink.close()
