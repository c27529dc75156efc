"""Local stand-ins for SIEM HTTP endpoints, speaking enough of each protocol to be strict about it.

Each receiver is a real HTTP server on 127.0.0.1 in a thread that can be stopped and
restarted on the same port (to play an outage), that checks credentials and parses bodies
the way the real service does, and answers with that service's documented responses —
including Splunk's 503 "Server is busy" and Elasticsearch's partial-failure bulk answer.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pavedroad.core.findings import Severity
from pavedroad.monitor.model import Alert

Answer = tuple[int, dict[str, Any]]


class LocalHttpReceiver:
    """A threaded HTTP server with scripted failures; subclasses implement `handle`."""

    def __init__(self) -> None:
        self.port = 0
        self.requests = 0
        self._failures: list[Answer] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalHttpReceiver:
        """Listen (again) — on the same port after a stop, so clients reconnect where they were."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                status, document = receiver._dispatch(self.path, dict(self.headers.items()), body)
                payload = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: clients now get "connection refused"."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)

    def fail_next(self, count: int, status: int, document: dict[str, Any]) -> None:
        """Answer the next `count` requests with this status and body, whatever they hold."""
        with self._changed:
            self._failures.extend([(status, document)] * count)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Block until `condition()` holds after some request (bounded by `timeout`)."""
        with self._changed:
            return self._changed.wait_for(condition, timeout)

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        raise NotImplementedError

    def _dispatch(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        with self._changed:
            self.requests += 1
            answer = self._failures.pop(0) if self._failures else self.handle(path, headers, body)
            self._changed.notify_all()
            return answer


class SplunkHecReceiver(LocalHttpReceiver):
    """/services/collector/event with `Authorization: Splunk TOKEN`; events as concatenated JSON objects."""

    BUSY: dict[str, Any] = {"text": "Server is busy", "code": 9}

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.events: list[dict[str, Any]] = []

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if path != "/services/collector/event":
            return 404, {"text": "The requested URL was not found on this server.", "code": 404}
        authorization = headers.get("Authorization", "")
        if not authorization:
            return 401, {"text": "Token is required", "code": 2}
        if authorization != f"Splunk {self.token}":
            return 403, {"text": "Invalid token", "code": 4}
        decoder = json.JSONDecoder()
        text = body.decode()
        position, number = 0, 0
        # Splunk indexes the events before a bad one and reports the bad one's number.
        while position < len(text):
            while position < len(text) and text[position].isspace():
                position += 1
            if position == len(text):
                break
            try:
                event, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError:
                return 400, {"text": "Invalid data format", "code": 6, "invalid-event-number": number}
            if not isinstance(event, dict) or "event" not in event:
                return 400, {"text": "Event field is required", "code": 12, "invalid-event-number": number}
            if event["event"] in ("", {}, None):
                return 400, {"text": "Event field cannot be blank", "code": 13, "invalid-event-number": number}
            self.events.append(event)
            number += 1
        if number == 0:
            return 400, {"text": "No data", "code": 5}
        return 200, {"text": "Success", "code": 0}

    def alert_ids(self) -> list[str]:
        return [event["event"]["id"] for event in self.events]


class BulkReceiver(LocalHttpReceiver):
    """Elasticsearch `_bulk`: basic or ApiKey auth, NDJSON action/document pairs, per-item results."""

    def __init__(self, *, username: str = "", password: str = "", api_key: str = "") -> None:
        super().__init__()
        self.credentials = (
            "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode() if username else f"ApiKey {api_key}"
        )
        self.documents: dict[tuple[str, str], dict[str, Any]] = {}
        self.versions: dict[tuple[str, str], int] = {}
        self.index_operations: list[str] = []  # every _id indexed, in order, repeats included
        self.refuse: dict[str, tuple[int, str, str]] = {}  # _id -> (status, error type, reason), every time
        self.busy: dict[str, int] = {}  # _id -> how many more times to answer 429

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if path != "/_bulk":
            return 400, _es_error("illegal_argument_exception", f"no handler found for uri [{path}]", 400)
        if headers.get("Authorization") != self.credentials:
            reason = "missing authentication credentials for REST request [/_bulk]"
            return 401, _es_error("security_exception", reason, 401)
        if headers.get("Content-Type", "").split(";")[0] not in ("application/x-ndjson", "application/json"):
            return 406, _es_error("media_type_header_exception", "Invalid media-type value", 406)
        text = body.decode()
        if not text.endswith("\n"):
            reason = "The bulk request must be terminated by a newline [\\n]"
            return 400, _es_error("illegal_argument_exception", reason, 400)
        lines = text.splitlines()
        if len(lines) % 2:
            reason = "Validation Failed: 1: no requests added;"
            return 400, _es_error("action_request_validation_exception", reason, 400)
        pairs = zip(lines[::2], lines[1::2], strict=True)
        items = [self._index(json.loads(action), json.loads(source)) for action, source in pairs]
        errors = any("error" in item["index"] for item in items)
        return 200, {"took": 3, "errors": errors, "items": items}

    def _index(self, action: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
        ((operation, meta),) = action.items()
        assert operation == "index", operation
        index, document_id = meta["_index"], meta["_id"]
        if document_id in self.refuse:
            status, kind, reason = self.refuse[document_id]
            error = {"type": kind, "reason": reason}
            return {"index": {"_index": index, "_id": document_id, "status": status, "error": error}}
        if self.busy.get(document_id, 0) > 0:
            self.busy[document_id] -= 1
            reason = "rejected execution of coordinating operation"
            return {
                "index": {
                    "_index": index,
                    "_id": document_id,
                    "status": 429,
                    "error": {"type": "es_rejected_execution_exception", "reason": reason},
                }
            }
        key = (index, document_id)
        version = self.versions.get(key, 0) + 1
        self.versions[key] = version
        self.documents[key] = source
        self.index_operations.append(document_id)
        return {"index": {
            "_index": index, "_id": document_id, "_version": version,
            "result": "created" if version == 1 else "updated",
            "_shards": {"total": 2, "successful": 1, "failed": 0},
            "_seq_no": len(self.index_operations) - 1, "_primary_term": 1,
            "status": 201 if version == 1 else 200,
        }}  # fmt: skip


class WebhookReceiver(LocalHttpReceiver):
    """Any path; records each JSON body with its headers; 200 `{"ok": true}`."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[tuple[dict[str, str], Any]] = []

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Answer:
        self.received.append((headers, json.loads(body)))
        return 200, {"ok": True}


def _es_error(kind: str, reason: str, status: int) -> dict[str, Any]:
    cause = {"type": kind, "reason": reason}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


def make_alert(number: int = 0, **changes: Any) -> Alert:
    """A realistic SSH brute-force alert; `number` shifts the window so each number is a distinct alert id."""
    start = datetime(2025, 3, 1, 12, 0, tzinfo=UTC) + timedelta(minutes=number)
    fields: dict[str, Any] = {
        "rule_id": "auth/ssh-brute-force",
        "title": "SSH brute force",
        "severity": Severity.HIGH,
        "entity": "ip:203.0.113.9",
        "window_start": start,
        "window_end": start + timedelta(minutes=5),
        "evidence": ("Failed password for root from 203.0.113.9 port 52022 ssh2",),
        "attack": ("T1110.001",),
        "description": "42 failed logins in 5 minutes",
        "count": 42,
    }
    fields.update(changes)
    return Alert(**fields)
