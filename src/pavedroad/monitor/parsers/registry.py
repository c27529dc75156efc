"""The format hints users can name, and the parser each one builds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pavedroad.monitor.parsers.access import AccessLogParser
from pavedroad.monitor.parsers.audit import AuditParser
from pavedroad.monitor.parsers.base import Parser
from pavedroad.monitor.parsers.cloudtrail import CloudTrailParser
from pavedroad.monitor.parsers.jsonlog import JsonLogParser, JsonParser
from pavedroad.monitor.parsers.k8s_audit import KubernetesAuditParser
from pavedroad.monitor.parsers.syslog import SyslogParser
from pavedroad.monitor.parsers.text import TextParser


@dataclass(frozen=True, slots=True)
class ParserOptions:
    """Settings parsers take from `[monitor]`: the JSON field mapping."""

    json_fields: Mapping[str, str] = field(default_factory=dict)


def all_json(options: ParserOptions) -> JsonParser:
    """JSON lines of any known kind: Kubernetes audit, CloudTrail, else an application log."""
    return JsonParser("json", [KubernetesAuditParser(), CloudTrailParser(), JsonLogParser(options.json_fields)])


def _auto(source: str, options: ParserOptions) -> Parser:
    from pavedroad.monitor.parsers.detect import AutoParser  # detect.py builds parsers from this module

    return AutoParser(source, options)


PARSERS: dict[str, Callable[[str, ParserOptions], Parser]] = {
    "auto": _auto,
    "nginx": lambda source, options: AccessLogParser("nginx"),
    "apache": lambda source, options: AccessLogParser("apache"),
    "auth": lambda source, options: SyslogParser(),
    "syslog": lambda source, options: SyslogParser(),
    "audit": lambda source, options: AuditParser(),
    "json": lambda source, options: JsonParser("json", [JsonLogParser(options.json_fields)]),
    "k8s-audit": lambda source, options: JsonParser("k8s_audit", [KubernetesAuditParser()]),
    "cloudtrail": lambda source, options: JsonParser("cloudtrail", [CloudTrailParser()]),
    "text": lambda source, options: TextParser(),
}
FORMAT_HINTS = tuple(PARSERS)


def build_parser(hint: str, source: str, options: ParserOptions | None = None) -> Parser:
    """The parser for a format hint (one of FORMAT_HINTS) and a source (its name guides `auto`)."""
    return PARSERS[hint](source, options or ParserOptions())
