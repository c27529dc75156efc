"""Baselines: accept today's findings so that only new ones break a build.

The file holds fingerprints, rule ids and paths only: never a snippet, never a secret.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pavedroad.core.errors import ConfigError
from pavedroad.core.findings import Finding

BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    rule_id: str
    path: str


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Record every unsuppressed finding; returns how many entries were written."""
    entries = sorted(
        {
            (finding.fingerprint, finding.rule_id, finding.location.path)
            for finding in findings
            if finding.suppression is None
        }
    )
    document = {
        "version": BASELINE_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "findings": [{"fingerprint": fp, "rule_id": rule, "path": where} for fp, rule, where in entries],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> dict[str, BaselineEntry]:
    """Fingerprint → entry; a missing file is an empty baseline, a broken one a clear error."""
    if not path.is_file():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ConfigError(str(path), f"baseline is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise ConfigError(str(path), f"baseline version must be {BASELINE_VERSION}")
    entries = {}
    for item in document.get("findings", []):
        try:
            entries[item["fingerprint"]] = BaselineEntry(item["fingerprint"], item["rule_id"], item["path"])
        except (KeyError, TypeError):
            raise ConfigError(str(path), f"baseline entry without fingerprint/rule_id/path: {item!r}") from None
    return entries


def apply_baseline(
    findings: Iterable[Finding], baseline: dict[str, BaselineEntry]
) -> tuple[list[Finding], list[BaselineEntry]]:
    """Mark findings already in the baseline; return the baseline entries nothing matched (stale)."""
    seen: set[str] = set()
    marked = []
    for finding in findings:
        if finding.fingerprint in baseline:
            seen.add(finding.fingerprint)
            finding = replace(finding, in_baseline=True)
        marked.append(finding)
    stale = [entry for fingerprint, entry in baseline.items() if fingerprint not in seen]
    return marked, stale
