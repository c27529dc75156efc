"""A loopback HTTP listener the scanner runs itself: an SSRF payload points at it, a hit proves the fetch.

It binds 127.0.0.1 only, so it proves SSRF for targets on the same machine (tests, local
staging); a remote target would need a listener it can reach, which is out of scope here.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


class _Handler(BaseHTTPRequestHandler):
    def _record(self) -> None:
        server = self.server
        assert isinstance(server, _Server)
        with server.lock:
            server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"pavedroad callback\n")

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, format: str, *args: object) -> None:
        """Silent: hits are data, not log lines."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []
        self.lock = threading.Lock()


class CallbackListener:
    """Start with `with CallbackListener() as listener:`; `url(token)` to send, `was_hit(token)` to confirm."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self) -> CallbackListener:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, token: str) -> str:
        """A URL unique to one probe."""
        return f"{self.base_url}/pvd-{token}"

    def was_hit(self, token: str, wait: float = 0.5) -> bool:
        """True once a request for the token's URL arrived (waiting briefly for an asynchronous fetch)."""
        deadline = time.monotonic() + wait
        while True:
            with self._server.lock:
                if any(f"/pvd-{token}" in hit for hit in self._server.hits):
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
