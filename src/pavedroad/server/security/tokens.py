"""API tokens: random secrets shown once, stored as SHA-256 hashes, looked up by hash."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "prd_"
PREFIX_LENGTH = 12  # how much of a token is kept in clear, to recognise it in listings


def generate_token() -> str:
    """A new token: 256 random bits, with a recognisable prefix (secret scanners can spot it)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a token. Plain SHA-256 is enough: the token has 256 bits of entropy."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_prefix(token: str) -> str:
    """The part of a token safe to show again."""
    return token[:PREFIX_LENGTH]
