"""One place that turns a tool's entry, once read, into a pavedroad Finding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pavedroad.core.findings import (
    Confidence,
    Finding,
    Fix,
    Location,
    PackageRef,
    Severity,
    Suppression,
    TraceStep,
    make_fingerprint,
)

_SLUG = re.compile(r"[^a-z0-9]+")
# SARIF driver names that differ from the tool's name in its own JSON format, so that the
# same rule imported either way gets the same rule id.
_TOOL_ALIASES = {"semgrep-oss": "semgrep", "semgrep-pro": "semgrep", "owasp-zap": "zap", "zaproxy": "zap"}


def tool_slug(name: str) -> str:
    """A tool name as the first part of a rule id: "Checkov" → "checkov", "Semgrep OSS" → "semgrep"."""
    slug = _SLUG.sub("-", name.lower()).strip("-") or "unknown"
    return _TOOL_ALIASES.get(slug, slug)


def location(
    path: str, start_line: int = 1, start_column: int = 1, end_line: int = 0, end_column: int = 0, snippet: str = ""
) -> Location:
    """A Location with 1-based defaults: tools write 0 or omit what they do not know."""
    start_line = max(start_line, 1)
    start_column = max(start_column, 1)
    return Location(
        path=path,
        start_line=start_line,
        start_column=start_column,
        end_line=max(end_line, start_line),
        end_column=max(end_column, 1),
        snippet=snippet,
    )


@dataclass(frozen=True, slots=True)
class Draft:
    """What a converter knows about one entry; `finding()` adds the derived fields."""

    tool: str
    tool_rule_id: str
    severity: Severity
    confidence: Confidence
    title: str
    message: str
    location: Location
    cwe: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    fix_hint: str = ""
    package: PackageRef | None = None
    vulnerability: tuple[str, ...] = ()
    cvss: str | None = None
    trace: tuple[TraceStep, ...] = ()
    tool_fingerprint: str = ""
    suppression: Suppression | None = None
    properties: tuple[tuple[str, str], ...] = field(default=())

    def finding(self) -> Finding:
        """The Finding: rule id `<tool>/<rule>`, analyzer `import:<tool>`, a stable fingerprint.

        A tool's own fingerprint is hashed with the rule id rather than copied, so every
        fingerprint in pavedroad has one shape and a re-import of the same results matches.
        Without one, pavedroad's usual (rule, path, content) fingerprint is used.
        """
        rule_id = f"{self.tool}/{self.tool_rule_id}"
        properties = list(self.properties)
        if self.tool_fingerprint:
            properties.append(("tool_fingerprint", self.tool_fingerprint))
            fingerprint = make_fingerprint(rule_id, "", self.tool_fingerprint)
        else:
            fingerprint = make_fingerprint(rule_id, self.location.path, self.location.snippet or self.message)
        return Finding(
            rule_id=rule_id,
            analyzer=f"import:{self.tool}",
            severity=self.severity,
            confidence=self.confidence,
            title=self.title,
            message=self.message,
            location=self.location,
            fingerprint=fingerprint,
            cwe=self.cwe,
            references=self.references,
            fix=Fix(hint=self.fix_hint) if self.fix_hint else None,
            package=self.package,
            vulnerability=self.vulnerability,
            cvss=self.cvss,
            trace=self.trace,
            properties=tuple(properties),
            suppression=self.suppression,
        )
