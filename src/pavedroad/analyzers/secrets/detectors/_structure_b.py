"""Shapes shared by the payments, AI and infrastructure catalogues.

Many vendors issue credentials with no prefix of their own (32 hex characters, a UUID,
40 letters and digits). Such a value is only a credential when the key it is assigned to
names the vendor, so those rows match a keyed assignment: `DATADOG_API_KEY=...`,
`"cohere_api_key": "..."`, `Cohere(api_key="...")`, `cohere.token: ...`.
"""

from __future__ import annotations

from collections.abc import Callable

from pavedroad.analyzers.secrets.validators import shannon_entropy

# After the vendor word: the rest of the key name (Ruby's `::` allowed) and the first
# assignment operator after it, then an optional opening quote.
# A token that is not glued to a longer identifier on either side, and a lower-case UUID.
TOKEN_START = r"(?<![A-Za-z0-9_-])"
TOKEN_END = r"(?![A-Za-z0-9_-])"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

_KEYED_GAP = r"(?:[^\n=:]|::){0,40}?(?::=|=>|=|:)[ \t]{0,4}[\"'`]?"
# The value ends where a token character cannot continue it.
_VALUE_END = r"(?![A-Za-z0-9_+/=-])"


# A key naming the vendor must also name a credential (`HEROKU_API_KEY`, `snykToken`,
# `Cohere(api_key=`), so `HEROKU_RELEASE_ID` or `SNYK_ORG` holding a UUID is not one.
_CREDENTIAL_WORD = r"(?:[\w.(-]|::){0,30}?(?:key|token|secret|pass|auth|credential)"


def vendor_key(vendor: str, *exact_keys: str) -> str:
    """A context for `keyed_value`: `vendor` followed by a credential word, or an exact key name."""
    return "|".join((rf"(?:{vendor}){_CREDENTIAL_WORD}", *exact_keys))


def keyed_value(context: str, value: str) -> str:
    """A pattern for `value` assigned to a key that contains `context` (case-insensitive).

    `context` and `value` are regular-expression fragments; the `secret` group is the value.
    Every keyword of a row using this must occur in every text `context` can match.
    """
    return rf"(?i:{context}){_KEYED_GAP}(?P<secret>{value}){_VALUE_END}"


_RUNS = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
)


def _has_sequential_run(value: str, length: int = 6) -> bool:
    """`abcdef`, `123456`, `fedcba`: keyboard-filler, not randomness."""
    for alphabet in _RUNS:
        for backwards in (alphabet, alphabet[::-1]):
            for start in range(len(backwards) - length + 1):
                if backwards[start : start + length] in value:
                    return True
    return False


def looks_random(value: str, min_entropy: float) -> bool:
    """Entropy of at least `min_entropy` bits per character and no filler runs."""
    return shannon_entropy(value) >= min_entropy and not _has_sequential_run(value)


def random_value(min_entropy: float) -> Callable[[str], bool]:
    """A validator accepting values that `looks_random` at `min_entropy`."""

    def validate(value: str) -> bool:
        return looks_random(value, min_entropy)

    return validate


def random_after_prefix(prefix_length: int, min_entropy: float) -> Callable[[str], bool]:
    """A validator for prefixed tokens: the part after the fixed prefix must look random."""

    def validate(value: str) -> bool:
        return looks_random(value[prefix_length:], min_entropy)

    return validate
