"""Password hashing with scrypt (standard library only), parameters kept in the hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
# N=2^15, r=8, p=1 costs 32 MiB and tens of milliseconds: slow for guessing, fine for logins.
COST = 2**15
BLOCK_SIZE = 8
PARALLELISM = 1
KEY_LENGTH = 32
MAX_MEMORY = 128 * 1024 * 1024


def _derive(password: str, salt: bytes, cost: int, block_size: int, parallelism: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=cost,
        r=block_size,
        p=parallelism,
        maxmem=MAX_MEMORY,
        dklen=KEY_LENGTH,
    )


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$key`: a fresh random salt each time."""
    salt = secrets.token_bytes(16)
    key = _derive(password, salt, COST, BLOCK_SIZE, PARALLELISM)
    return f"{SCHEME}${COST}${BLOCK_SIZE}${PARALLELISM}${_encode(salt)}${_encode(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored`; compares in constant time; never raises on bad hashes."""
    try:
        scheme, cost, block_size, parallelism, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(password, _decode(salt), int(cost), int(block_size), int(parallelism))
        return hmac.compare_digest(derived, _decode(key))
    except (ValueError, TypeError):
        return False


# Verified against when the user does not exist, so a login takes as long either way.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
