"""The image configuration rules' metadata, in one place, and the sensitive-port table."""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.core.findings import Confidence, Rule, Severity

RUNS_AS_ROOT = Rule(
    id="image/runs-as-root",
    title="Image runs as root",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    rationale="With no USER (or USER root/0) the container's processes run as root. A compromise of"
    " the application is then root inside the container, one kernel or runtime flaw away from the host.",
    fix="Create an unprivileged user in the Dockerfile and switch to it: `RUN useradd -r app` then"
    " `USER app` (or a numeric UID such as `USER 10001`).",
    cwe=("CWE-250",),
    tags=("image", "container"),
    example='FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]  # no USER',
)

SECRET_IN_ENV = Rule(
    id="image/secret-in-env",
    title="Secret in the image's environment",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    rationale="ENV values are stored in the image config: anyone who can pull the image reads them with"
    " `docker inspect`, and every container started from it carries them.",
    fix="Remove the ENV line, rotate the credential, and pass it at run time (an orchestrator secret or"
    " a mounted file), or at build time with `RUN --mount=type=secret`.",
    cwe=("CWE-798", "CWE-538"),
    tags=("image", "secrets"),
    example="ENV GITHUB_TOKEN=ghp_…",
)

SECRET_IN_HISTORY = Rule(
    id="image/secret-in-history",
    title="Secret in the image's build history",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    rationale="Every build step's command is kept in the image history (`docker history --no-trunc`),"
    " so a credential passed on a RUN line or as an ARG ships with the image even if no file holds it.",
    fix="Rotate the credential and rebuild using `RUN --mount=type=secret` so it never enters a command line.",
    cwe=("CWE-798", "CWE-538"),
    tags=("image", "secrets"),
    example='RUN curl -H "Authorization: token ghp_…" https://…',
)

SENSITIVE_PORT_EXPOSED = Rule(
    id="image/sensitive-port-exposed",
    title="Image exposes a sensitive port",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    rationale="Remote shells (SSH, Telnet, RDP, VNC), the Docker API and database ports exposed by an"
    " application image widen its attack surface; the Docker API on 2375 is root on the host to anyone"
    " who reaches it.",
    fix="Remove the EXPOSE line; reach databases over a private network and debug with `docker exec`"
    " or `kubectl exec` rather than an SSH daemon in the image.",
    cwe=("CWE-284",),
    tags=("image", "network"),
    example="EXPOSE 22",
)

ADD_REMOTE_URL = Rule(
    id="image/add-remote-url",
    title="ADD downloads a remote URL",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    rationale="`ADD https://…` fetches whatever the server returns at build time, with no checksum"
    " unless `--checksum` is given, so a compromised or changed download silently enters the image.",
    fix="Download with `RUN curl -fsSL … && echo '<sha256>  file' | sha256sum -c -`, or use"
    " `ADD --checksum=sha256:…`, or COPY a vetted file from the build context.",
    cwe=("CWE-494",),
    tags=("image", "supply-chain"),
    example="ADD https://example.com/tool.tar.gz /opt/",
)

RULES = (RUNS_AS_ROOT, SECRET_IN_ENV, SECRET_IN_HISTORY, SENSITIVE_PORT_EXPOSED, ADD_REMOTE_URL)


@dataclass(frozen=True, slots=True)
class SensitivePort:
    """A port that an application image should not expose, and how bad exposing it is."""

    port: int
    service: str
    severity: Severity


SENSITIVE_PORTS: dict[int, SensitivePort] = {
    row.port: row
    for row in (
        SensitivePort(22, "SSH", Severity.MEDIUM),
        SensitivePort(23, "Telnet", Severity.HIGH),
        SensitivePort(3389, "RDP", Severity.MEDIUM),
        SensitivePort(5900, "VNC", Severity.MEDIUM),
        SensitivePort(2375, "Docker API (unencrypted)", Severity.CRITICAL),
        SensitivePort(2376, "Docker API (TLS)", Severity.HIGH),
        SensitivePort(3306, "MySQL/MariaDB", Severity.LOW),
        SensitivePort(5432, "PostgreSQL", Severity.LOW),
        SensitivePort(1433, "Microsoft SQL Server", Severity.LOW),
        SensitivePort(1521, "Oracle Database", Severity.LOW),
        SensitivePort(27017, "MongoDB", Severity.LOW),
        SensitivePort(6379, "Redis", Severity.LOW),
        SensitivePort(9200, "Elasticsearch", Severity.LOW),
        SensitivePort(11211, "Memcached", Severity.LOW),
        SensitivePort(5984, "CouchDB", Severity.LOW),
        SensitivePort(9042, "Cassandra", Severity.LOW),
    )
}
