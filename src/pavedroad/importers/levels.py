"""Severity and confidence of imported findings, looked up in the data table levels.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from pavedroad.core.findings import Confidence, Severity


@cache
def _table() -> dict[str, Any]:
    text = resources.files("pavedroad.importers").joinpath("levels.toml").read_text("utf-8")
    return tomllib.loads(text)


def severity_for(tool: str, level: object) -> Severity:
    """The severity a tool's level maps to; the tool's `default` when absent or unlisted."""
    return Severity(_lookup("severity", tool, level))


def confidence_for(tool: str, level: object) -> Confidence:
    """The confidence a tool's level maps to; the tool's `default` when absent or unlisted."""
    return Confidence(_lookup("confidence", tool, level))


def severity_from_score(score: float) -> Severity:
    """A numeric security-severity (0-10) to a severity, with GitHub code scanning's thresholds."""
    thresholds: dict[str, float] = _table()["sarif_security_severity"]
    for name in ("critical", "high", "medium", "low"):
        if score >= thresholds[name]:
            return Severity(name)
    return Severity.INFO


def _lookup(kind: str, tool: str, level: object) -> str:
    mapping: dict[str, str] = _table()[kind][tool]
    key = str(level).strip().lower() if level is not None else ""
    return mapping.get(key, mapping["default"])
