"""The two records every part of `pavedroad monitor` agrees on: a parsed log Event and an Alert.

Sources produce raw lines with an origin; parsers turn them into Events with normalised
field names (below); detectors (Sigma, stateful, anomaly) observe Events and emit Alerts;
outputs (SIEM exporters, response playbooks, the store) receive Alerts. Nothing else is
shared between those parts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple, Protocol

from pavedroad.core.findings import Severity

# Normalised field names parsers fill in where the log has them; anything else a source
# carries keeps its own name (CloudTrail's `eventName`, audit's `syscall`, ...).
SOURCE_IP = "source.ip"
SOURCE_PORT = "source.port"
USER = "user.name"
HOST = "host.name"
HTTP_METHOD = "http.method"
URL_PATH = "url.path"
URL_QUERY = "url.query"
HTTP_STATUS = "http.status"
HTTP_BYTES = "http.bytes"
USER_AGENT = "user_agent"
HTTP_REFERER = "http.referer"
HTTP_VHOST = "http.vhost"
PROGRAM = "process.name"
OUTCOME = "event.outcome"  # "success" | "failure" where the log says so
ACTION = "event.action"  # e.g. "ssh_login", "sudo", "ConsoleLogin"
MESSAGE = "message"
TEMPLATE_ID = "template.id"  # drain3 cluster id for free text
TOKEN = "auth.token_id"  # a hash of a bearer token or API key, never the token


class Origin(NamedTuple):
    """Where a raw line came from: file path / stream name / listener, and its position.

    A named tuple, like Event: immutable, and built several times faster than a frozen
    dataclass, which matters for records made once per log line.
    """

    source: str
    position: str = ""


class Event(NamedTuple):
    """One parsed log record. `kind` names the parser (nginx, apache, sshd, auditd, json,
    k8s_audit, cloudtrail, syslog, text); `timestamp` is timezone-aware, or None when the
    line carries none (the reader's clock is then used by stateful detections)."""

    kind: str
    timestamp: datetime | None
    fields: Mapping[str, Any]
    raw: str
    origin: Origin = Origin("")

    def get(self, name: str, default: Any = None) -> Any:
        """A field by its normalised name."""
        return self.fields.get(name, default)


# An Event from the tuple of its five fields, without the Python-level __new__ of a named tuple
# (for the parsers that make one per log line)
event_of = partial(tuple.__new__, Event)


@dataclass(frozen=True, slots=True)
class Alert:
    """What a detection concluded, with the evidence a responder needs.

    `entity` is "kind:value" (ip:203.0.113.9, user:alice, host:web-1, token:ab12...);
    `evidence` holds trimmed, secret-masked raw lines; `details` holds detector-specific
    facts (for anomalies: each deviating feature with its value and baseline); `count` is
    how many occurrences were grouped into this alert.
    """

    rule_id: str
    title: str
    severity: Severity
    entity: str
    window_start: datetime
    window_end: datetime
    evidence: tuple[str, ...] = ()
    attack: tuple[str, ...] = ()  # MITRE ATT&CK technique ids, e.g. ("T1110.001",)
    description: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    count: int = 1

    @property
    def id(self) -> str:
        """Stable across restarts and replays: rule, entity and the window start."""
        key = f"{self.rule_id}\0{self.entity}\0{self.window_start.isoformat()}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON form of an alert (what SIEM outputs and `--format json` write)."""
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity.value,
            "entity": self.entity,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "count": self.count,
            "attack": list(self.attack),
            "description": self.description,
            "details": dict(self.details),
            "evidence": list(self.evidence),
        }


class Detector(Protocol):
    """Anything that turns Events into Alerts. `flush` ends windows at `now` (stream time).

    A detector may also have a `kinds` attribute, a frozenset of the Event kinds it reads,
    fixed once it is built: the runtime then hands it only Events of those kinds (`observe`
    must return no alerts and change nothing for the others). Without one it gets every Event.
    A detector may also take a whole batch at once, `observe_batch(batch)` with a
    detect.batch.EventBatch (it then skips the kinds it does not read itself): the runtime
    prefers that, as a loop inside the detector costs far less per event than a call per event.
    """

    name: str

    def observe(self, event: Event) -> Iterable[Alert]: ...

    def flush(self, now: datetime) -> Iterable[Alert]: ...


class AlertSink(Protocol):
    """Anything that receives Alerts: SIEM exporters, response playbooks, the store."""

    name: str

    def send(self, alert: Alert) -> None: ...

    def close(self) -> None: ...
