"""Attack payload patterns and scanner signatures, as data.

Each injection family is one row: the rule it raises, its ATT&CK techniques and the
regular expressions (case-insensitive, searched in the URL-decoded request) that mark an
attempt. Adding a pattern is adding a string here; injection.py never changes for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pavedroad.core.findings import Severity


@dataclass(frozen=True, slots=True)
class PayloadFamily:
    """One family of injection payloads and the alert its matches raise."""

    slug: str
    title: str
    severity: Severity
    attack: tuple[str, ...]
    description: str
    patterns: tuple[str, ...]


# A command word not followed by "=": in `?page=2&id=5`, "&id" starts a parameter, not a command.
_COMMANDS = r"(?:id|whoami|uname|cat|ls|wget|curl|nc|ncat|bash|sh|ping|nslookup|powershell|cmd)\b(?!\s*=)"

INJECTION_FAMILIES: tuple[PayloadFamily, ...] = (
    PayloadFamily(
        slug="sql-injection",
        title="SQL injection attempt",
        severity=Severity.HIGH,
        attack=("T1190",),
        description="Requests carry SQL injection payloads (UNION SELECT, tautologies, time delays).",
        patterns=(
            r"\bunion\b[\s(+]+(?:all[\s(+]+)?select\b",
            r"'\s*(?:or|and)\s+'?\w+'?\s*(?:=|like)\s*'?\w",
            r"\bor\s+1\s*=\s*1\b",
            r"\b(?:sleep|pg_sleep)\s*\(\s*\d+\s*\)",
            r"\bbenchmark\s*\(\s*\d+\s*,",
            r"\bwaitfor\s+delay\s+'",
            r"\binformation_schema\b",
            r";\s*(?:drop|truncate|delete|insert|update)\s+(?:table\s+)?\w+",
            r"\b(?:extractvalue|updatexml)\s*\(",
            r"'\s*(?:--|#|/\*)",
        ),
    ),
    PayloadFamily(
        slug="xss",
        title="Cross-site scripting attempt",
        severity=Severity.MEDIUM,
        attack=("T1189",),
        description="Requests carry script payloads meant to run in another user's browser.",
        patterns=(
            r"<\s*script\b",
            r"\bjavascript\s*:",
            r"<[^>]+\bon(?:error|load|mouseover|focus|click|toggle)\s*=",
            r"<\s*(?:iframe|svg|img|body)\b[^>]*>",
            r"\bdocument\.(?:cookie|domain)\b",
            r"\balert\s*\(\s*(?:\d+|document|'[^']*')\s*\)",
        ),
    ),
    PayloadFamily(
        slug="path-traversal",
        title="Path traversal attempt",
        severity=Severity.HIGH,
        attack=("T1083", "T1190"),
        description="Requests try to climb out of the web root or name system files directly.",
        patterns=(
            r"(?:\.\.[/\\]){2,}",
            r"[/\\=]\.\.[/\\]",
            r"/etc/(?:passwd|shadow|hosts|group)\b",
            r"\b(?:c:)?[/\\]windows[/\\](?:win\.ini|system32)",
            r"/proc/self/(?:environ|cmdline)",
            r"\bfile:/{2,3}(?:etc|c:|proc)",
        ),
    ),
    PayloadFamily(
        slug="command-injection",
        title="OS command injection attempt",
        severity=Severity.HIGH,
        attack=("T1059", "T1190"),
        description="Requests try to chain shell commands onto a parameter.",
        patterns=(
            rf"[;|&]\s*{_COMMANDS}",
            rf"\$\(\s*{_COMMANDS}",
            rf"`\s*{_COMMANDS}[^`]*`",
            r"\b(?:/bin/|/usr/bin/)(?:ba)?sh\b",
        ),
    ),
    PayloadFamily(
        slug="ssti",
        title="Server-side template injection attempt",
        severity=Severity.HIGH,
        attack=("T1190",),
        description="Requests probe template engines with expressions such as {{7*7}}.",
        patterns=(
            r"\{\{\s*\d+\s*\*\s*\d+\s*\}\}",
            r"\{\{[^}]*(?:__class__|__globals__|__subclasses__|config\.|self\.|request\.application)",
            r"\$\{\s*\d+\s*\*\s*\d+\s*\}",
            r"#\{\s*\d+\s*\*\s*\d+\s*\}",
            r"<%=?\s*\d+\s*\*\s*\d+\s*%>",
        ),
    ),
    PayloadFamily(
        slug="ssrf",
        title="Server-side request forgery attempt",
        severity=Severity.HIGH,
        attack=("T1190", "T1552.005"),
        description="Request parameters point the server at cloud metadata or internal addresses.",
        patterns=(
            r"169\.254\.169\.254",
            r"\bmetadata\.google\.internal\b",
            r"=\s*(?:gopher|dict|ldap|tftp)://",
            r"=\s*(?:https?|ftp)://(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1?\])\b",
        ),
    ),
)

# A cheap first look at the raw (still encoded) request: anything able to carry one of the
# payloads above has one of these characters (or any whitespace) or, in any case, one of these
# substrings, so ordinary requests skip the full pattern set.
INJECTION_PREFILTER_CHARACTERS = "<>'\"`;|$(){}%\\+"
INJECTION_PREFILTER_SUBSTRINGS: tuple[str, ...] = ("..", "/etc/", "/proc/", "win.ini", "169.254", "://", "metadata")
# The same test as one case-insensitive expression.
INJECTION_PREFILTER = "|".join(
    ["[" + re.escape(INJECTION_PREFILTER_CHARACTERS) + r"\s]", *map(re.escape, INJECTION_PREFILTER_SUBSTRINGS)]
)

# Substrings (lower case) of the User-Agent headers of offensive scanners and brute forcers.
SCANNER_USER_AGENTS: tuple[str, ...] = (
    "sqlmap",
    "nikto",
    "nuclei",
    "zgrab",
    "masscan",
    "gobuster",
    "dirbuster",
    "wpscan",
    "nmap scripting engine",
    "ffuf",
    "feroxbuster",
    "wfuzz",
    "dirb/",
    "hydra",
    "acunetix",
    "netsparker",
    "openvas",
    "w3af",
    "arachni",
    "zmeu",
    "jaeles",
    "whatweb",
    "commix",
    "xsstrike",
    "fimap",
    "havij",
    "morfeus",
)

# Paths of login forms and token endpoints (prefix match, lower case).
LOGIN_PATHS: tuple[str, ...] = (
    "/login",
    "/signin",
    "/sign_in",
    "/wp-login.php",
    "/user/login",
    "/users/sign_in",
    "/account/login",
    "/auth/login",
    "/api/login",
    "/api/auth",
    "/api/v1/auth",
    "/oauth/token",
    "/session",
    "/xmlrpc.php",
)
