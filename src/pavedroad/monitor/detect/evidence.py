"""Evidence lines as they leave the engine: secrets masked, each line and the list trimmed."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_EVIDENCE_LINES = 5
MAX_LINE_CHARS = 500
MASK = "*****"

# Parameter names whose values are credentials, in query strings, form bodies and JSON alike.
_SECRET_NAMES = (
    r"pass(?:word|wd)?|pwd|secret|token|access_token|refresh_token|id_token|api[_-]?key|apikey"
    r"|auth|authorization|session(?:id)?|sid|jwt|signature|sig|code|client_secret|private_key|key"
)
_SECRET_PARAMETER = re.compile(
    rf"(?i)(?P<name>\b(?:{_SECRET_NAMES})\b[\"']?\s*[=:]\s*[\"']?)(?P<value>(?!(?:bearer|basic)\s)[^&\s\"',;]+)"
)
_BEARER = re.compile(r"(?i)\b(?P<name>bearer|basic)\s+(?P<value>[A-Za-z0-9._~+/=-]{8,})")
# A JWT anywhere (three base64url parts, the first always starting with eyJ).
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_AWS_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")


def mask_secrets(line: str) -> str:
    """`line` with passwords, tokens and keys replaced by *****; the parameter names stay."""
    line = _SECRET_PARAMETER.sub(lambda m: m.group("name") + MASK, line)
    line = _BEARER.sub(lambda m: m.group("name") + " " + MASK, line)
    line = _JWT.sub(MASK, line)
    return _AWS_ACCESS_KEY.sub(MASK, line)


def evidence_line(raw: str) -> str:
    """One raw log line made fit for an alert: masked first, then cut to MAX_LINE_CHARS."""
    # Masking before trimming: a cut could otherwise split a secret so the pattern misses it.
    masked = mask_secrets(raw.rstrip("\r\n"))
    if len(masked) > MAX_LINE_CHARS:
        return masked[: MAX_LINE_CHARS - 1] + "…"
    return masked


def evidence_lines(raws: Iterable[str]) -> tuple[str, ...]:
    """The first MAX_EVIDENCE_LINES of `raws` as evidence lines."""
    lines: list[str] = []
    for raw in raws:
        if len(lines) == MAX_EVIDENCE_LINES:
            break
        lines.append(evidence_line(raw))
    return tuple(lines)
