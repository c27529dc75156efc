"""Noise control: placeholders, documented examples and references are not secrets."""

from __future__ import annotations

import re

# Values vendors publish in their documentation; they are not credentials.
DOCUMENTED_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "AKIAI44QH8DHBEXAMPLE",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "xoxb-not-a-real-token-this-will-not-work",
    }
)

# Shapes that mean "fill this in" or "read it from elsewhere", never a literal secret.
_PLACEHOLDER_PATTERNS = [
    r"\$\{[^}]*\}",  # ${VAR}
    r"\{\{.*\}\}",  # {{ template }}
    r"^\$[A-Za-z_][A-Za-z0-9_]*$",  # $VAR
    r"^%[A-Za-z_][A-Za-z0-9_]*%$",  # %VAR%
    r"<[^>]*>",  # <your-token>
    r"\b(?:os\.environ|os\.getenv|process\.env|getenv|ENV\[|System\.getenv|secrets\.)",
    r"example|placeholder|changeme|change_me|dummy|fake|sample|redacted|your[_-]?|insert[_-]?|replace[_-]?me|todo|fixme|notreal|not[_-]a[_-]real",
    r"^(?:x+|\*+|\.+|0+|1234\w{0,8}|abc(?:d|def|123)?|test\w{0,8}|secret|password|passw0rd|none|null|true|false|undefined)$",
    r"(.)\1{7,}",  # xxxxxxxx, 00000000
]
_PLACEHOLDER = re.compile("|".join(f"(?:{pattern})" for pattern in _PLACEHOLDER_PATTERNS), re.IGNORECASE)

_HEX_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_INTEGRITY = re.compile(r"^sha(?:1|256|384|512)-[A-Za-z0-9+/=]+$")


def is_placeholder(value: str) -> bool:
    """True for documented examples and fill-in-the-blank values."""
    return value in DOCUMENTED_EXAMPLES or _PLACEHOLDER.search(value) is not None


def looks_like_non_secret_identifier(value: str) -> bool:
    """Hashes, UUIDs and lockfile integrity strings look random but are not credentials."""
    return bool(_UUID.match(value) or _INTEGRITY.match(value) or _HEX_HASH.match(value.lower()))


def mask(secret: str) -> str:
    """A recognisable but useless form: a short prefix, a fixed run of stars, the last two.

    The run of stars has a fixed length so the mask does not reveal the secret's length.
    """
    if len(secret) <= 8:
        return "*" * 8
    visible_start = min(4, len(secret) // 5)
    visible_end = 2 if len(secret) >= 16 else 0
    return secret[:visible_start] + "*" * 8 + (secret[-visible_end:] if visible_end else "")
