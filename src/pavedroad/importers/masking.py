"""Secrets quoted by imported tools are masked before they enter a Finding.

pavedroad's own mask (a short prefix, a fixed run of stars, the last two characters) is
reused so an imported secret looks like one pavedroad found.
"""

from __future__ import annotations

import re

from pavedroad.analyzers.secrets.noise import mask

# Token-like runs that hold both letters and digits: what a leaked key looks like when the
# tool did not tell us which part is the secret.
# `=` only as base64 padding, so `NAME=value` keeps its name.
_TOKEN = re.compile(r"[A-Za-z0-9_\-+/.]{12,}={0,2}")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_HAS_DIGIT = re.compile(r"\d")


def mask_secret_in(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` replaced by its mask."""
    if not secret:
        return text
    return text.replace(secret, mask(secret))


def mask_token_like(text: str) -> str:
    """`text` with every long letters-and-digits run masked (a tool already masked it, usually)."""
    return _TOKEN.sub(_mask_if_token, text)


def _mask_if_token(match: re.Match[str]) -> str:
    value = match.group(0)
    if _HAS_LETTER.search(value) and _HAS_DIGIT.search(value):
        return mask(value)
    return value
