"""Which Events a Sigma log source means, and what Sigma's field names are called in them.

A Sigma rule names its log source (product / category / service) and uses the field
names of that source's taxonomy (`c-uri`, `cs-method` for web servers ...). pavedroad's
parsers produce Events of a `kind` with normalised names (model.py). One row per log
source below; fields not listed keep their Sigma name, which is right for the sources whose
parsers keep the log's own keys (CloudTrail's `eventName`, Kubernetes audit's `verb`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pavedroad.monitor.model import (
    HOST,
    HTTP_BYTES,
    HTTP_METHOD,
    HTTP_REFERER,
    HTTP_STATUS,
    HTTP_VHOST,
    MESSAGE,
    PROGRAM,
    SOURCE_IP,
    URL_PATH,
    URL_QUERY,
    USER,
    USER_AGENT,
)
from pavedroad.monitor.parsers.base import RAW_LINE, URL_FULL, VERBATIM_FIELDS

# URL_FULL: Sigma's `c-uri` means the whole request URI, and rules match payloads in either
# part; RAW_LINE: what Sigma keyword detections (no field) search.
__all__ = ["LOG_SOURCES", "RAW_LINE", "URL_FULL", "VERBATIM_FIELDS", "LogSource", "log_source"]


@dataclass(frozen=True, slots=True)
class LogSource:
    """How rules of one Sigma log source read Events."""

    kinds: frozenset[str]
    fields: Mapping[str, str] = field(default_factory=dict)
    # Where an alert's entity comes from: (event field, entity prefix), first present wins.
    entities: tuple[tuple[str, str], ...] = ((SOURCE_IP, "ip"), (USER, "user"), (HOST, "host"))


_WEB = LogSource(
    kinds=frozenset({"nginx", "apache"}),
    fields={
        "c-ip": SOURCE_IP,
        "cs-method": HTTP_METHOD,
        "c-uri": URL_FULL,
        "cs-uri": URL_FULL,
        "c-uri-stem": URL_PATH,
        "cs-uri-stem": URL_PATH,
        "c-uri-query": URL_QUERY,
        "cs-uri-query": URL_QUERY,
        "sc-status": HTTP_STATUS,
        "cs-user-agent": USER_AGENT,
        "cs-host": HTTP_VHOST,
        "cs-username": USER,
        "sc-bytes": HTTP_BYTES,
        "cs-referer": HTTP_REFERER,
        "cs-referrer": HTTP_REFERER,
    },
    entities=((SOURCE_IP, "ip"),),
)
_LINUX_AUTH = LogSource(
    kinds=frozenset({"sshd", "auth", "syslog"}),
    fields={"user": USER, "User": USER, "src_ip": SOURCE_IP, "ip": SOURCE_IP, "pname": PROGRAM, "msg": MESSAGE},
    entities=((USER, "user"), (SOURCE_IP, "ip"), (HOST, "host")),
)
_AUDITD = LogSource(
    kinds=frozenset({"auditd"}),
    entities=(("auid", "user"), ("uid", "user"), (HOST, "host")),
)
_CLOUDTRAIL = LogSource(
    kinds=frozenset({"cloudtrail"}),
    fields={"sourceIPAddress": SOURCE_IP},
    entities=(("userIdentity.arn", "user"), ("userIdentity.userName", "user"), (SOURCE_IP, "ip")),
)
_KUBERNETES = LogSource(
    kinds=frozenset({"k8s_audit"}),
    entities=(("user.username", "user"), (SOURCE_IP, "ip")),
)

# (category, product, service) exactly as the rule states them (None = not stated).
LOG_SOURCES: Mapping[tuple[str | None, str | None, str | None], LogSource] = {
    ("webserver", None, None): _WEB,
    ("webserver", "nginx", None): _WEB,
    ("webserver", "apache", None): _WEB,
    (None, "linux", None): _LINUX_AUTH,
    (None, "linux", "auth"): _LINUX_AUTH,
    (None, "linux", "sshd"): _LINUX_AUTH,
    (None, "linux", "sudo"): _LINUX_AUTH,
    (None, "linux", "syslog"): _LINUX_AUTH,
    (None, "linux", "auditd"): _AUDITD,
    (None, "aws", "cloudtrail"): _CLOUDTRAIL,
    (None, "kubernetes", "audit"): _KUBERNETES,
    ("application", "kubernetes", "audit"): _KUBERNETES,
}


def log_source(category: str | None, product: str | None, service: str | None) -> LogSource | None:
    """The Events a rule with this log source applies to, or None when no parser yields them."""

    def norm(value: str | None) -> str | None:
        return value.lower() if value else None

    return LOG_SOURCES.get((norm(category), norm(product), norm(service)))

