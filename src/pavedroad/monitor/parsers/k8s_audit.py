"""Kubernetes API server audit events (audit.k8s.io/v1 `Event` objects, one per line)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pavedroad.monitor.model import ACTION, HTTP_STATUS, OUTCOME, SOURCE_IP, URL_PATH, USER, USER_AGENT, Event, Origin
from pavedroad.monitor.parsers.records import flatten
from pavedroad.monitor.parsers.timestamps import parse_any


class KubernetesAuditParser:
    """Audit events with their own (flattened) names, plus user, source IP, verb and outcome."""

    name = "k8s_audit"

    def accepts(self, record: Mapping[str, Any]) -> bool:
        """An `Event` of the audit.k8s.io API group."""
        return record.get("kind") == "Event" and str(record.get("apiVersion", "")).startswith("audit.k8s.io/")

    def from_record(self, record: Mapping[str, Any], line: str, origin: Origin) -> Event | None:
        """An Event of kind "k8s_audit"."""
        fields = flatten(record)
        user = fields.get("user.username")
        if isinstance(user, str):
            fields[USER] = user
        addresses = record.get("sourceIPs")
        if isinstance(addresses, list) and addresses:
            fields[SOURCE_IP] = addresses[0]
        if "userAgent" in record:
            fields[USER_AGENT] = record["userAgent"]
        if "verb" in record:
            fields[ACTION] = record["verb"]
        if "requestURI" in record:
            fields[URL_PATH] = record["requestURI"]
        code = fields.get("responseStatus.code")
        if isinstance(code, int):
            fields[HTTP_STATUS] = code
            fields[OUTCOME] = "success" if code < 400 else "failure"
        timestamp = parse_any(record.get("requestReceivedTimestamp") or record.get("stageTimestamp"))
        return Event(self.name, timestamp, fields, line, origin)
