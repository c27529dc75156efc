"""Exposed sensitive files: repository metadata, environment files, backups, status and actuator endpoints.

Rows of (file, what must be in it). A 200 is not enough — many sites answer everything with
200 — so the body must carry the file's signature, and a random name in the same folder must not.
"""

from __future__ import annotations

import re

from pavedroad.core.findings import Finding
from pavedroad.dast.checks.base import CheckContext, token
from pavedroad.dast.evidence import build_finding
from pavedroad.dast.model import Exchange, RequestSpec

SENSITIVE_FILES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (".git/HEAD", re.compile(r"^ref: refs/|^[0-9a-f]{40}\s*$"), "git repository metadata"),
    (".git/config", re.compile(r"^\[core\]", re.M), "git repository configuration"),
    (".env", re.compile(r"^[A-Z][A-Z0-9_]{2,}=\S", re.M), "environment file with settings and secrets"),
    ("server-status", re.compile(r"Apache Server Status for"), "Apache mod_status page"),
    ("actuator/env", re.compile(r'"(propertySources|activeProfiles)"'), "Spring Boot actuator environment"),
    ("backup.sql", re.compile(r"^(CREATE TABLE|INSERT INTO|-- MySQL dump)", re.M), "database dump"),
    ("config.php.bak", re.compile(r"<\?php"), "PHP source backup"),
    ("backup.zip", re.compile(r"^PK\x03\x04"), "backup archive"),
    (".DS_Store", re.compile(r"Bud1"), "macOS folder metadata"),
)


def check_exposed_files(context: CheckContext, folder_url: str) -> list[Finding]:
    """Probe each file in `folder_url` (ending in /); report those whose signature is present."""
    findings: list[Finding] = []
    soft_404: Exchange | None = None
    for name, signature, what in SENSITIVE_FILES:
        url = folder_url + name
        if not context.client.scope.allows(url):
            continue
        probe = context.client.send(RequestSpec("GET", url))
        match = signature.search(probe.body)
        if probe.status != 200 or match is None:
            continue
        if soft_404 is None:
            soft_404 = context.client.send(RequestSpec("GET", folder_url + token() + ".txt"))
        if soft_404.status == 200 and signature.search(soft_404.body):
            continue  # the site answers any name with this content
        findings.append(build_finding(
            "exposed-sensitive-file", probe, f"{probe.path} is served: {what}",
            payload=name, focus=match.group(0),
            confirmation=f"HTTP 200 with the {what} signature '{match.group(0)[:40]}'; a random name is not served",
        ))  # fmt: skip
    return findings
