"""A syslog listener over UDP and TCP (RFC 3164 and RFC 5424 messages; RFC 6587 TCP framing).

Receiving threads put messages into one bounded queue; when the loop falls behind (a flood),
new messages are dropped and counted rather than buffered without limit, so memory stays
bounded by `queue_size` × the line cap. Parsing the message happens later, in the parsers.
"""

from __future__ import annotations

import queue
import re
import socket
import socketserver
import threading
from typing import Any

from pavedroad.monitor.ingest.lines import DEFAULT_MAX_LINE_BYTES, IngestCounters, Line, decode_line
from pavedroad.monitor.model import Origin

DEFAULT_QUEUE_SIZE = 10_000
MAX_TCP_CONNECTIONS = 256
_UDP_PAYLOAD = 65_535
_POLL_SECONDS = 0.2
_OCTET_COUNT = re.compile(rb"([1-9][0-9]{0,8}) ")


class SyslogTcpFramer:
    """RFC 6587 framing on one TCP connection: octet counting (`LEN SP MSG`) or newline-terminated.

    The method is decided per frame by its first bytes, as rsyslog does. A frame longer than
    `max_line_bytes` is cut (counted in `truncated`) and the rest of it skipped.
    """

    def __init__(self, max_line_bytes: int) -> None:
        self.max_line_bytes = max_line_bytes
        self.truncated = 0
        self._buffer = b""
        self._skip_bytes = 0  # the rest of an over-long counted frame
        self._skip_line = False  # the rest of an over-long newline-terminated frame

    def feed(self, data: bytes) -> list[bytes]:
        """The complete frames `data` finishes."""
        self._buffer += data
        frames: list[bytes] = []
        while self._buffer:
            if self._skip_bytes or self._skip_line:
                self._skip()
                continue
            counted = _OCTET_COUNT.match(self._buffer)
            if counted is not None:
                start, length = counted.end(), int(counted.group(1))
                if len(self._buffer) - start < min(length, self.max_line_bytes):
                    break
                frames.append(self._capped(self._buffer[start : start + length].rstrip(b"\r\n"), length))
                self._skip_bytes = max(0, length - self.max_line_bytes)
                self._buffer = self._buffer[start + min(length, self.max_line_bytes) :]
                continue
            if self._buffer.isdigit() and len(self._buffer) < 10:
                break  # a frame length still arriving
            cut = self._buffer.find(b"\n")
            if cut < 0:
                if len(self._buffer) > self.max_line_bytes:
                    frames.append(self._capped(self._buffer, len(self._buffer)))
                    self._buffer, self._skip_line = b"", True
                break
            frames.append(self._capped(self._buffer[:cut].rstrip(b"\r"), cut))
            self._buffer = self._buffer[cut + 1 :]
        return frames

    def _skip(self) -> None:
        if self._skip_bytes:
            skipped = min(self._skip_bytes, len(self._buffer))
            self._buffer, self._skip_bytes = self._buffer[skipped:], self._skip_bytes - skipped
            return
        cut = self._buffer.find(b"\n")
        self._buffer = b"" if cut < 0 else self._buffer[cut + 1 :]
        self._skip_line = cut < 0

    def _capped(self, frame: bytes, length: int) -> bytes:
        if length > self.max_line_bytes:
            self.truncated += 1
            return frame[: self.max_line_bytes]
        return frame

    def finish(self) -> list[bytes]:
        """What is left when the connection closes."""
        rest, self._buffer = self._buffer, b""
        return [self._capped(rest, len(rest))] if rest.strip() and not self._skip_line else []


class SyslogListener:
    """Listens on UDP and/or TCP addresses; `poll` hands out what arrived as Lines."""

    def __init__(
        self,
        counters: IngestCounters,
        *,
        udp: tuple[str, int] | None = None,
        tcp: tuple[str, int] | None = None,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    ) -> None:
        if udp is None and tcp is None:
            raise ValueError("a syslog listener needs a UDP or a TCP address")
        self.name = "syslog"
        self.max_line_bytes = max_line_bytes
        self.received = 0
        self._counters = counters
        self._queue: queue.Queue[tuple[bytes, str, str]] = queue.Queue(queue_size)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._udp_socket: socket.socket | None = None
        self._tcp_server: _TcpServer | None = None
        self.udp_address: tuple[str, int] | None = None
        self.tcp_address: tuple[str, int] | None = None
        if udp is not None:
            self._start_udp(udp)
        if tcp is not None:
            self._start_tcp(tcp)

    # ------------------------------------------------------------------ receiving threads

    def offer(self, message: bytes, source: str, peer: str) -> None:
        """Queue one message, or count it as dropped when the queue is full."""
        with self._lock:
            self.received += 1
        try:
            self._queue.put_nowait((message, source, peer))
        except queue.Full:
            with self._lock:
                self._counters.dropped += 1

    def _start_udp(self, address: tuple[str, int]) -> None:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        udp = socket.socket(family, socket.SOCK_DGRAM)
        udp.bind(address)
        udp.settimeout(_POLL_SECONDS)
        self._udp_socket = udp
        self.udp_address = udp.getsockname()[:2]
        source = f"syslog+udp://{self.udp_address[0]}:{self.udp_address[1]}"
        thread = threading.Thread(target=self._receive_udp, args=(udp, source), name=source, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _receive_udp(self, udp: socket.socket, source: str) -> None:
        while not self._stop.is_set():
            try:
                payload, peer = udp.recvfrom(_UDP_PAYLOAD)
            except TimeoutError:
                continue
            except OSError:
                return
            message = payload.rstrip(b"\r\n\x00")
            if len(message) > self.max_line_bytes:
                message = message[: self.max_line_bytes]
                with self._lock:
                    self._counters.truncated += 1
            self.offer(message, source, f"{peer[0]}:{peer[1]}")

    def _start_tcp(self, address: tuple[str, int]) -> None:
        server = _TcpServer(address, self)
        self._tcp_server = server
        self.tcp_address = server.server_address[:2]  # type: ignore[assignment]
        thread = threading.Thread(target=server.serve_forever, args=(_POLL_SECONDS,), daemon=True)
        self._threads.append(thread)
        thread.start()

    # ------------------------------------------------------------------ the Source interface

    @property
    def exhausted(self) -> bool:
        """A listener never runs out."""
        return False

    def poll(self, max_lines: int) -> list[Line]:
        """The messages queued so far."""
        lines: list[Line] = []
        counters = self._counters
        for _ in range(max_lines):
            try:
                message, source, peer = self._queue.get_nowait()
            except queue.Empty:
                break
            lines.append(Line(decode_line(message, counters), Origin(source, peer)))
        counters.lines += len(lines)
        if lines:
            counters.by_source[self.name] = counters.by_source.get(self.name, 0) + len(lines)
        return lines

    @property
    def queued(self) -> int:
        """Messages waiting to be handled."""
        return self._queue.qsize()

    def commit(self) -> None:
        """Syslog has no acknowledgement."""

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        if self._tcp_server is not None:
            self._tcp_server.shutdown()
            self._tcp_server.server_close()
        if self._udp_socket is not None:
            self._udp_socket.close()
        for thread in self._threads:
            thread.join(timeout=5)


class _TcpHandler(socketserver.BaseRequestHandler):
    server: _TcpServer

    def handle(self) -> None:
        listener = self.server.listener
        framer = SyslogTcpFramer(listener.max_line_bytes)
        peer = f"{self.client_address[0]}:{self.client_address[1]}"
        source = self.server.source
        connection: socket.socket = self.request
        connection.settimeout(_POLL_SECONDS)
        while not listener._stop.is_set():
            try:
                data = connection.recv(65_536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            for frame in framer.feed(data):
                listener.offer(frame, source, peer)
        for frame in framer.finish():
            listener.offer(frame, source, peer)
        if framer.truncated:
            with listener._lock:
                listener._counters.truncated += framer.truncated


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], listener: SyslogListener) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.listener = listener
        self._connections = threading.BoundedSemaphore(MAX_TCP_CONNECTIONS)
        super().__init__(address, _TcpHandler)
        host, port = self.server_address[:2]
        self.source = f"syslog+tcp://{host!s}:{port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        # a connection flood must not become a thread flood: refuse beyond the limit
        if not self._connections.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()
