"""Structure checks: where a credential format has a checksum or a shape, it beats entropy."""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from collections import Counter

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def shannon_entropy(value: str) -> float:
    """Bits per character of `value` (0 for an empty string)."""
    if not value:
        return 0.0
    counts = Counter(value)
    length = len(value)
    return -sum(count / length * math.log2(count / length) for count in counts.values())


def base62_encode(number: int, width: int) -> str:
    digits = []
    while number:
        number, remainder = divmod(number, 62)
        digits.append(_BASE62[remainder])
    return "".join(reversed(digits)).rjust(width, "0")


def crc32_base62_suffix_valid(token: str, prefix_length: int, checksum_length: int = 6) -> bool:
    """GitHub- and npm-style tokens: the last six characters are base62(CRC32(body))."""
    body = token[prefix_length:-checksum_length]
    checksum = token[-checksum_length:]
    return base62_encode(zlib.crc32(body.encode()), checksum_length) == checksum


def github_token_valid(token: str) -> bool:
    """ghp_/gho_/ghu_/ghs_/ghr_ tokens: 4-char prefix, 30 random, 6 checksum."""
    return len(token) == 40 and crc32_base62_suffix_valid(token, 4)


def npm_token_valid(token: str) -> bool:
    return len(token) == 40 and crc32_base62_suffix_valid(token, 4)


def _b64decode(value: str) -> bytes | None:
    padded = value + "=" * (-len(value) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return None


def jwt_valid(token: str) -> bool:
    """A JWT whose header decodes to a JSON object naming an algorithm."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    header = _b64decode(parts[0])
    if header is None:
        return False
    try:
        decoded = json.loads(header)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(decoded, dict) and "alg" in decoded


def pem_body_valid(body: str) -> bool:
    """A PEM block whose body is real base64 of plausible key length, not `...` or a placeholder.

    Armour lines (-----BEGIN/END) and headers (Proc-Type: ...) are ignored.
    """
    lines = [
        line.strip()
        for line in body.splitlines()
        if line.strip() and ":" not in line and not line.strip().startswith("-----")
    ]
    joined = "".join(lines)
    if len(joined) < 64:
        return False
    try:
        decoded = base64.b64decode(joined, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(decoded) >= 48 and len(set(decoded)) > 16


def pypi_token_valid(token: str) -> bool:
    """PyPI API tokens are macaroons: `pypi-` then base64 of a binary macaroon for pypi.org."""
    decoded = _b64decode(token.removeprefix("pypi-"))
    return decoded is not None and b"pypi.org" in decoded


def gcp_service_account_valid(document: str) -> bool:
    """A service-account JSON with a private key block and a client email."""
    return '"private_key"' in document and "BEGIN PRIVATE KEY" in document and ".iam.gserviceaccount.com" in document


def luhn_valid(number: str) -> bool:
    digits = [int(char) for char in number if char.isdigit()]
    checksum = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        checksum += digit
    return len(digits) >= 12 and checksum % 10 == 0


def has_mixed_classes(value: str, minimum: int = 2) -> bool:
    """At least `minimum` of: lower case, upper case, digits, symbols."""
    classes = (
        any(char.islower() for char in value),
        any(char.isupper() for char in value),
        any(char.isdigit() for char in value),
        any(not char.isalnum() for char in value),
    )
    return sum(classes) >= minimum
