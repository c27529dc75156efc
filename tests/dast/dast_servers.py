"""Tiny purpose-built servers for the bad-input tests, and the vulnerable app as a subprocess."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
VULNERABLE_APP = REPOSITORY / "examples" / "vulnerable-app"

Behaviour = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@contextmanager
def serve(behaviour: Behaviour, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve every GET/POST/TRACE with `behaviour` on a free loopback port; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            # The scanner giving up on us mid-response is exactly what these tests provoke.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
                behaviour(self)

        do_GET = do_POST = do_TRACE = do_PUT = handle_any

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    scheme = "https" if tls else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def reply(handler: BaseHTTPRequestHandler, status: int, body: str, content_type: str = "text/html",
          headers: tuple[tuple[str, str], ...] = ()) -> None:  # fmt: skip
    """Send a complete response."""
    data = body.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def vulnerable_app() -> Iterator[str]:
    """examples/vulnerable-app on a free loopback port, as a subprocess; yields its base URL with a slash."""
    process = subprocess.Popen(
        [sys.executable, str(VULNERABLE_APP / "app.py"), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on "), f"vulnerable app did not start: {line!r}"
        yield line.split()[-1] + "/"
    finally:
        process.terminate()
        process.wait(timeout=10)
