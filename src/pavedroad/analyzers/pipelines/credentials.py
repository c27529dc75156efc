"""Is this pipeline variable a credential written in clear? Name and value heuristics shared by the checks."""

from __future__ import annotations

import re
from typing import Any

from pavedroad.analyzers.secrets.noise import DOCUMENTED_EXAMPLES, is_placeholder

# Variable names that hold a credential...
SECRET_NAME = re.compile(
    r"passw(?:or)?d|passwd|(?:^|_)pwd(?:_|$)|secret|token|api_?key|access_?key|private_?key|credential|(?:^|_)auth(?:_|$)"
    r"|signing_?key|encryption_?key|(?:^|_)pat(?:_|$)"
)
# ...unless the name says the value is about the credential rather than the credential itself.
NOT_SECRET_NAME = re.compile(
    r"_(?:file|path|dir|url|uri|endpoint|host|server|name|id|user|username|type|format|length|ttl|lifetime|expiry|expires"
    r"|header|env|var|variable|ref|source|mode|method|enabled|version|kind|field|scope|scopes|policy|arn|region)$"
    r"|^(?:persist_credentials|use_secrets?|secrets?_(?:manager|store|provider))$"
)
# Values whose shape alone says "credential", whatever the variable is called.
KNOWN_TOKEN = re.compile(
    r"^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{60,}|glpat-[\w-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}"
    r"|xox[abposr]-[\w-]{10,}|sk_live_\w{16,}|npm_[A-Za-z0-9]{36}|pypi-[\w-]{50,}|AIza[\w-]{35})$"
)
# Default passwords of the database and broker images CI service containers run (throwaway instances).
SERVICE_DEFAULTS = frozenset(
    {"postgres", "mysql", "mariadb", "root", "admin", "administrator", "guest", "rabbitmq", "redis", "minioadmin"}
)
_REFERENCE = re.compile(r"\$|\{\{|%[A-Za-z_]\w*%|^@|^vault:|^arn:|^projects/")


def normal_name(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(".", "_")


def literal_credential(name: str, value: Any) -> str | None:
    """The value when it looks like a clear-text credential assigned to `name`, else None.

    References (`$VAR`, `${{ secrets.X }}`, `%VAR%`), placeholders, short values, values with
    blanks (sentences), paths and plain URLs are not credentials.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in DOCUMENTED_EXAMPLES:
        return None
    if KNOWN_TOKEN.match(text):
        return text
    key = normal_name(name)
    if not SECRET_NAME.search(key) or NOT_SECRET_NAME.search(key):
        return None
    if len(text) < 8 or any(blank in text for blank in " \t\n") or _REFERENCE.search(text):
        return None
    if text.lower() in SERVICE_DEFAULTS or text.startswith(("/", "./", "~", "http://", "https://")):
        return None
    if is_placeholder(text):
        return None
    return text
