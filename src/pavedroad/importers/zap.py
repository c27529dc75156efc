"""OWASP ZAP's traditional JSON report: `site[].alerts[]`, one Finding per alert instance."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from pavedroad.core.findings import Finding
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import MissingField, convert_each, objects, raw, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import cwe_ids

TOOL = "zap"
FALSE_POSITIVE = "0"
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://[^\s<\"]+")


def parse(document: object) -> ImportedResults:
    """Every instance of every alert of a ZAP report as a Finding; the location is the URL."""
    findings: list[Finding] = []
    skipped: list[str] = []
    for site_index, site in enumerate(objects(document, "site")):
        entries = (
            (f"site[{site_index}].alerts[{index}]", alert) for index, alert in enumerate(objects(site, "alerts"))
        )
        converted, problems = convert_each(entries, _convert_alert)
        findings.extend(converted)
        skipped.extend(problems)
    version = text(document, "@version") or None
    return ImportedResults(TOOL, version, TOOL, tuple(findings), tuple(skipped))


def _convert_alert(alert: object) -> Iterator[Finding]:
    if text(alert, "confidence") == FALSE_POSITIVE:
        raise MissingField("marked as a false positive in ZAP (confidence 0)")
    plugin = required(alert, "pluginid", str)
    name = text(alert, "alert") or required(alert, "name", str)
    instances = objects(alert, "instances")
    if not instances:
        raise MissingField("no instances")
    description = _plain(text(alert, "desc"))
    for instance in instances:
        uri = required(instance, "uri", str)
        method = text(instance, "method")
        evidence = text(instance, "evidence")
        param = text(instance, "param")
        details = (f"parameter {param}" if param else "", f"evidence: {evidence}" if evidence else "")
        detail = "; ".join(part for part in details if part)
        yield Draft(
            tool=TOOL,
            tool_rule_id=plugin,
            severity=severity_for(TOOL, raw(alert, "riskcode")),
            confidence=confidence_for(TOOL, raw(alert, "confidence")),
            title=name,
            message=f"{name} at {method} {uri}".replace("  ", " ") + (f" ({detail})" if detail else ""),
            location=location(uri, snippet=evidence),
            cwe=cwe_ids([text(alert, "cweid")]),
            references=tuple(_URL.findall(text(alert, "reference"))),
            fix_hint=_plain(text(alert, "solution")),
            properties=tuple(
                pair for pair in (("method", method), ("param", param), ("description", description)) if pair[1]
            ),
        ).finding()


def _plain(markup: str) -> str:
    """ZAP's descriptions are HTML paragraphs; the text is what a Finding carries."""
    return html.unescape(_TAG.sub(" ", markup)).strip().replace("  ", " ")
