"""Syslog (RFC 5424) carrying CEF, over UDP (RFC 5426) or TCP with octet-counting framing (RFC 6587).

Plain syslog has no acknowledgement: a message is "delivered" when the kernel accepted it.
Before each TCP batch the connection is checked for a peer that has closed it, so a
restarted receiver is reconnected to instead of written into the void; an abrupt loss can
still cost what the socket buffer held. Use the HTTP exporters where that matters.
"""

from __future__ import annotations

import select
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pavedroad.monitor.export.cef import format_cef
from pavedroad.monitor.export.config import Table
from pavedroad.monitor.export.delivery import BatchOutcome
from pavedroad.monitor.export.queue import QueuedAlert

KEYS = ("host", "port", "protocol", "facility", "hostname", "timeout_seconds")

FACILITIES = {
    "kern": 0, "user": 1, "daemon": 3, "auth": 4, "syslog": 5, "authpriv": 10,
    "local0": 16, "local1": 17, "local2": 18, "local3": 19, "local4": 20, "local5": 21, "local6": 22, "local7": 23,
}  # fmt: skip
# Syslog severities: 2 critical, 3 error, 4 warning, 5 notice, 6 informational.
SYSLOG_SEVERITY = {"critical": 2, "high": 3, "medium": 4, "low": 5, "info": 6}


def format_rfc5424(alert: Mapping[str, Any], *, facility: int, hostname: str) -> bytes:
    """`<PRI>1 TIMESTAMP HOSTNAME pavedroad - alert - CEF:...` with the alert's window end as timestamp."""
    priority = facility * 8 + SYSLOG_SEVERITY.get(str(alert["severity"]), 5)
    moment = datetime.fromisoformat(alert["window_end"])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    timestamp = moment.isoformat(timespec="microseconds")
    return f"<{priority}>1 {timestamp} {hostname} pavedroad - alert - {format_cef(alert)}".encode()


def frame_octet_counted(message: bytes) -> bytes:
    """RFC 6587 octet counting: the length in bytes, a space, the message — newlines inside cannot split it."""
    return str(len(message)).encode() + b" " + message


class SyslogTransport:
    """Sends each alert as one syslog message; keeps one TCP connection open between batches."""

    def __init__(self, host: str, port: int, protocol: str, facility: int, hostname: str, timeout: float) -> None:
        self.address = (host, port)
        self.protocol = protocol
        self.facility = facility
        self.hostname = hostname
        self.timeout = timeout
        self._socket: socket.socket | None = None

    def deliver(self, batch: list[QueuedAlert]) -> BatchOutcome:
        """Write every message of the batch; on a socket error the whole batch is retried on a new connection."""
        messages = [format_rfc5424(entry.payload, facility=self.facility, hostname=self.hostname) for entry in batch]
        try:
            if self.protocol == "udp":
                with socket.socket(_family(self.address[0]), socket.SOCK_DGRAM) as udp:
                    for message in messages:
                        udp.sendto(message, self.address)
            else:
                self._connected().sendall(b"".join(frame_octet_counted(message) for message in messages))
        except OSError as error:
            self.close()
            return BatchOutcome.retry(f"syslog {self.protocol} {self.address[0]}:{self.address[1]}: {error.strerror}")
        return BatchOutcome.all_delivered(batch)

    def close(self) -> None:
        """Close the TCP connection, if any."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _connected(self) -> socket.socket:
        if self._socket is not None and _peer_closed(self._socket):
            self.close()
        if self._socket is None:
            self._socket = socket.create_connection(self.address, timeout=self.timeout)
        return self._socket


def build_transport(table: Table) -> SyslogTransport:
    """The syslog exporter from its config table (protocol tcp by default, facility local0)."""
    return SyslogTransport(
        host=table.string("host"),
        port=table.integer("port", 514, minimum=1, maximum=65535),
        protocol=table.choice("protocol", ("tcp", "udp"), "tcp"),
        facility=FACILITIES[table.choice("facility", FACILITIES, "local0")],
        hostname=table.string("hostname", socket.gethostname()),
        timeout=table.number("timeout_seconds", 10.0, minimum=0.1),
    )


def _peer_closed(connection: socket.socket) -> bool:
    """A syslog receiver never writes; readable means it closed the connection (or reset it)."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
