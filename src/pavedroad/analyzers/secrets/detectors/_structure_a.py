"""Structure checks shared by the cloud, registry and chat/mail detectors.

A random-looking string is only a credential of a given kind if it decodes the way that
kind does; these checks look at what the characters encode, never at how random they look.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from pavedroad.analyzers.secrets.validators import shannon_entropy

_BASE64_ALPHABET = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")


def decode_base64(value: str) -> bytes | None:
    """Standard or URL-safe base64, padded or not; None when it is not base64 at all."""
    if not value or not _BASE64_ALPHABET.match(value):
        return None
    unpadded = value.rstrip("=")
    if len(unpadded) % 4 == 1:
        return None
    padded = unpadded + "=" * (-len(unpadded) % 4)
    try:
        return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None


def decodes_to_byte_count(value: str, *counts: int) -> bool:
    """Base64 whose decoded length is one of `counts` (a key of a fixed size)."""
    decoded = decode_base64(value)
    return decoded is not None and len(decoded) in counts


def url_encoded_base64_of_byte_count(value: str, count: int) -> bool:
    """A URL-encoded base64 signature (an HMAC in a query string) of `count` bytes."""
    return decodes_to_byte_count(unquote(value), count)


def decodes_to_user_and_password(value: str) -> bool:
    """Base64 of `user:password` (HTTP Basic, `.npmrc` `_auth`, docker `auths`)."""
    decoded = decode_base64(value)
    if decoded is None:
        return False
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    user, separator, password = text.partition(":")
    return (
        bool(separator)
        and bool(user.strip())
        and len(password) >= 4
        and text.isprintable()
        and "${" not in password
        and password.lower() not in {"password", "pass", "secret", "changeme", "token"}
    )


def has_letters_and_digits(value: str) -> bool:
    """A random hex or alphanumeric key almost always mixes both; `12345678...` does not."""
    return any(char.isdigit() for char in value) and any(char.isalpha() for char in value)


def random_enough(value: str) -> bool:
    """At least 3 bits of entropy per character; unlike `min_entropy` it accepts UUID-shaped
    values, which some vendors (legacy npm tokens, Postmark, Scaleway) issue as secrets."""
    return shannon_entropy(value) >= 3.0
