"""Checks on an image's configuration: user, environment, exposed ports and build history.

Findings point at pseudo-paths: `image-config` (line 1) for the config itself, and
`image-history` with the 1-based build step as the line for history entries (the layer a step
created is in the finding's properties). Secrets are found by the secrets engine with every
detector, and masked like every secret finding: the full value never leaves this module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pavedroad.analyzers.secrets.analyzer import masked_snippet, secret_fingerprint
from pavedroad.analyzers.secrets.detectors import ALL_DETECTORS
from pavedroad.analyzers.secrets.engine import SecretMatch, SecretsEngine
from pavedroad.analyzers.secrets.noise import mask
from pavedroad.core.findings import Finding, Fix, Location, Rule, Severity, make_fingerprint
from pavedroad.core.textpos import LinePositions
from pavedroad.image.config_document import ImageConfig
from pavedroad.image.rules import (
    ADD_REMOTE_URL,
    RUNS_AS_ROOT,
    SECRET_IN_ENV,
    SECRET_IN_HISTORY,
    SENSITIVE_PORT_EXPOSED,
    SENSITIVE_PORTS,
)

CONFIG_PATH = "image-config"
HISTORY_PATH = "image-history"
ROOT_USERS = frozenset({"root", "0"})
_ADD_URL = re.compile(r"\bADD\s+(?:--\S+\s+)*(?P<url>https?://\S+)", re.IGNORECASE)
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


@functools.cache
def secrets_engine() -> SecretsEngine:
    """Every secret detector, compiled once per process."""
    return SecretsEngine(ALL_DETECTORS)


def check_config(config: ImageConfig) -> list[Finding]:
    """Every configuration finding for one image."""
    env_findings, env_secrets = _secret_findings(SECRET_IN_ENV, CONFIG_PATH, [(1, "\n".join(config.env), None)])
    history_findings, _ = _secret_findings(
        SECRET_IN_HISTORY,
        HISTORY_PATH,
        [(number, step.created_by, step.layer) for number, step in enumerate(config.history, start=1)],
        already_reported=env_secrets,
    )
    return [
        *_runs_as_root(config),
        *env_findings,
        *history_findings,
        *_exposed_ports(config),
        *_remote_adds(config),
    ]


def _finding(
    rule: Rule, message: str, path: str, content: str, line: int = 1, severity: Severity | None = None,
    properties: tuple[tuple[str, str], ...] = (), snippet: str = "",
) -> Finding:  # fmt: skip
    return Finding(
        rule_id=rule.id,
        analyzer="image",
        severity=severity or rule.severity,
        confidence=rule.confidence,
        title=rule.title,
        message=message,
        location=Location(path, line, 1, line, 1, snippet),
        fingerprint=make_fingerprint(rule.id, path, content),
        cwe=rule.cwe,
        references=rule.references,
        fix=Fix(rule.fix),
        properties=properties,
    )


def _runs_as_root(config: ImageConfig) -> Iterator[Finding]:
    user = (config.user or "").split(":")[0].strip()
    if user and user not in ROOT_USERS:
        return
    said = f"USER {config.user}" if config.user else "no USER"
    yield _finding(RUNS_AS_ROOT, f"The image sets {said}, so its processes run as root.", CONFIG_PATH, "root")


def _secret_findings(
    rule: Rule, path: str, texts: list[tuple[int, str, str | None]], already_reported: frozenset[str] = frozenset()
) -> tuple[list[Finding], frozenset[str]]:
    """Masked findings for each secret in `texts` (line, text, layer); also the secrets found, for dedup."""
    findings: list[Finding] = []
    found: set[str] = set(already_reported)
    engine = secrets_engine()
    for line, text, layer in texts:
        data = text.encode("utf-8", "surrogateescape")
        matches = engine.find(data)
        positions = LinePositions(data)
        for match in matches:
            if match.secret in found:
                continue
            found.add(match.secret)
            findings.append(_secret_finding(rule, path, line, layer, data, match, matches, positions))
    return findings, frozenset(found)


def _secret_finding(
    rule: Rule, path: str, line: int, layer: str | None, data: bytes,
    match: SecretMatch, matches: list[SecretMatch], positions: LinePositions,
) -> Finding:  # fmt: skip
    text_line, column = positions.locate(match.secret_start)
    line = line + text_line - 1
    detector = match.detector
    where = "environment variable" if rule is SECRET_IN_ENV else f"build step {line}"
    properties = (("detector", detector.rule_id), *((("layer", layer),) if layer else ()))
    return Finding(
        rule_id=rule.id,
        analyzer="image",
        severity=detector.severity,
        confidence=match.confidence,
        title=f"{detector.title} in the image {'environment' if rule is SECRET_IN_ENV else 'history'}",
        message=f"{detector.title} in an image {where}: {mask(match.secret)}",
        location=Location(path, line, column, line, column, masked_snippet(data, match, matches, positions)),
        fingerprint=secret_fingerprint(rule.id, path, match.secret),
        cwe=rule.cwe,
        references=detector.references,
        fix=Fix(rule.fix),
        properties=properties,
    )


def _exposed_ports(config: ImageConfig) -> Iterator[Finding]:
    for exposed in config.exposed_ports:
        number, _, protocol = exposed.partition("/")
        port = SENSITIVE_PORTS.get(int(number)) if number.isdigit() else None
        if port is None:
            continue
        yield _finding(
            SENSITIVE_PORT_EXPOSED,
            f"The image exposes port {exposed} ({port.service}).",
            CONFIG_PATH,
            f"port {port.port}/{protocol or 'tcp'}",
            severity=port.severity,
            properties=(("port", exposed),),
            snippet=f"EXPOSE {exposed}",
        )


def _remote_adds(config: ImageConfig) -> Iterator[Finding]:
    for number, step in enumerate(config.history, start=1):
        for match in _ADD_URL.finditer(step.created_by):
            if "--checksum" in match.group(0):
                continue
            # A URL may carry user:password@; that part never reaches a report.
            url = _URL_CREDENTIALS.sub("***@", match.group("url"))
            yield _finding(
                ADD_REMOTE_URL,
                f"Build step {number} downloads {url} with ADD, unverified.",
                HISTORY_PATH,
                url,
                line=number,
                properties=(("layer", step.layer),) if step.layer else (),
                snippet=_URL_CREDENTIALS.sub("***@", match.group(0))[:160],
            )
