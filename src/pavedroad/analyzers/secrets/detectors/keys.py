"""Private keys: PEM, OpenSSH, PGP, PuTTY and SSH.com; encrypted or not.

Each finding spans the whole block from BEGIN to END and is reported on the BEGIN line.
Blocks pasted into `.env` files and JSON strings with `\\n` escapes count too. Public keys
and certificates have other armour labels, so they never match.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.validators import pem_body_valid
from pavedroad.core.findings import Severity

_KEY_CWE = ("CWE-798", "CWE-321")
_UNENCRYPTED_FIX = (
    "Treat the key as compromised: revoke or replace it wherever it is trusted (authorized_keys,"
    " certificates, signing registries), remove it from the repository history, and keep keys in"
    " a secret manager or an agent, never in the tree."
)
_ENCRYPTED_FIX = (
    "The passphrase is the only protection left and it can be attacked offline: rotate the key,"
    " remove it from the repository history, and keep keys in a secret manager."
)


def _unescape(block: str) -> str:
    """A block written as one string with `\\n` escapes (.env files, JSON) as real lines."""
    return block.replace("\\r", "").replace("\\n", "\n")


def _pem_valid(block: str) -> bool:
    return pem_body_valid(_unescape(block))


def _armoured_body(block: str, header_prefix: str = "-----") -> bytes | None:
    """The base64 body of an armoured block: armour lines, headers and blanks left out."""
    lines: list[str] = []
    continued_header = False
    for raw_line in _unescape(block).splitlines():
        line = raw_line.strip()
        if continued_header:
            continued_header = line.endswith("\\")
            continue
        if not line or line.startswith(header_prefix):
            continue
        if ":" in line:
            continued_header = line.endswith("\\")
            continue
        lines.append(line)
    try:
        return base64.b64decode("".join(lines), validate=True)
    except (binascii.Error, ValueError):
        return None


def _openssh_cipher(block: str) -> str | None:
    """The cipher name inside an `openssh-key-v1` body ("none" when unencrypted)."""
    body = _armoured_body(block)
    magic = b"openssh-key-v1\x00"
    if body is None or not body.startswith(magic) or len(body) < 64:
        return None
    length = int.from_bytes(body[len(magic) : len(magic) + 4], "big")
    name = body[len(magic) + 4 : len(magic) + 4 + length]
    return name.decode("ascii", "replace") if 0 < length <= 64 and len(name) == length else None


def _openssh_unencrypted(block: str) -> bool:
    return _openssh_cipher(block) == "none"


def _openssh_encrypted(block: str) -> bool:
    cipher = _openssh_cipher(block)
    return cipher is not None and cipher != "none"


def _crc24(data: bytes) -> int:
    """The OpenPGP armour checksum (RFC 4880, section 6.1)."""
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


# Old- and new-format packet headers of a Secret-Key packet (tag 5).
_PGP_SECRET_KEY_TAGS = frozenset({0x94, 0x95, 0x96, 0x97, 0xC5})


def _pgp_private_block_valid(block: str) -> bool:
    """A secret-key packet first, and the armour checksum (when present) matches."""
    lines = [line.strip() for line in _unescape(block).splitlines()]
    checksum_lines = [line for line in lines if len(line) == 5 and line.startswith("=")]
    body = _armoured_body("\n".join(line for line in lines if line not in checksum_lines))
    if body is None or len(body) < 48 or body[0] not in _PGP_SECRET_KEY_TAGS:
        return False
    if checksum_lines:
        try:
            expected = int.from_bytes(base64.b64decode(checksum_lines[-1][1:], validate=True), "big")
        except (binascii.Error, ValueError):
            return False
        return _crc24(body) == expected
    return True


def _putty_private_lines_valid(block: str) -> bool:
    """The `Private-Lines: N` section holds N lines of base64 of a plausible key size."""
    lines = _unescape(block).splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("Private-Lines:"):
            try:
                count = int(line.split(":", 1)[1])
            except ValueError:
                return False
            chunk = "".join(part.strip() for part in lines[index + 1 : index + 1 + count])
            try:
                decoded = base64.b64decode(chunk, validate=True)
            except (binascii.Error, ValueError):
                return False
            return len(decoded) >= 32 and len(set(decoded)) > 16
    return False


_SSH_COM_MAGIC = bytes.fromhex("3f6ff9eb")


def _ssh_com_block_valid(block: str) -> bool:
    """SSH.com (SSH2) key bodies start with the format's magic number."""
    body = _armoured_body(block, header_prefix="----")
    return body is not None and body.startswith(_SSH_COM_MAGIC) and len(body) >= 64


def _pem_row(
    slug: str,
    title: str,
    label: str,
    severity: Severity,
    rationale: str,
    validator: Callable[[str], bool] = _pem_valid,
    not_after: str = "",
    reach: int = 8192,
) -> Detector:
    """A row for a `-----BEGIN <label>-----` ... `-----END <label>-----` block."""
    return Detector(
        slug=slug,
        title=title,
        category="private-key",
        severity=severity,
        keywords=(f"-----begin {label.lower()}-----",),
        pattern=rf"{not_after}(?P<secret>-----BEGIN {label}-----[\s\S]{{64,{reach}}}?-----END {label}-----)",
        validator=validator,
        placeholder_check=False,
        multiline=True,
        rationale=rationale,
        fix=_ENCRYPTED_FIX if "ENCRYPTED" in label or validator is _openssh_encrypted else _UNENCRYPTED_FIX,
        cwe=_KEY_CWE,
    )


DETECTORS = (
    Detector(
        slug="private-key-rsa",
        title="RSA private key",
        category="private-key",
        severity=Severity.CRITICAL,
        keywords=("-----begin rsa private key-----",),
        pattern=r"(?P<secret>-----BEGIN RSA PRIVATE KEY-----[\s\S]{64,8192}?-----END RSA PRIVATE KEY-----)",
        validator=_pem_valid,
        placeholder_check=False,
        multiline=True,
        cwe=_KEY_CWE,
    ),
    _pem_row(
        "private-key-ec",
        "EC private key",
        "EC PRIVATE KEY",
        Severity.CRITICAL,
        "An elliptic-curve private key signs as its owner: TLS servers, JWT issuers, code signing.",
    ),
    _pem_row(
        "private-key-dsa",
        "DSA private key",
        "DSA PRIVATE KEY",
        Severity.CRITICAL,
        "A DSA private key (legacy SSH and signing) authenticates and signs as its owner.",
    ),
    _pem_row(
        "private-key-openssh",
        "OpenSSH private key",
        "OPENSSH PRIVATE KEY",
        Severity.CRITICAL,
        "An unencrypted OpenSSH key logs in to every host and Git server that trusts its public half.",
        validator=_openssh_unencrypted,
    ),
    _pem_row(
        "private-key-openssh-encrypted",
        "OpenSSH private key (passphrase-protected)",
        "OPENSSH PRIVATE KEY",
        Severity.MEDIUM,
        "A passphrase-protected OpenSSH key is one offline guessing attack away from logging in"
        " wherever its public half is trusted.",
        validator=_openssh_encrypted,
    ),
    _pem_row(
        "private-key-pkcs8",
        "PKCS#8 private key",
        "PRIVATE KEY",
        Severity.CRITICAL,
        "A PKCS#8 key (RSA, EC or Ed25519) signs and decrypts as its owner: TLS, JWT, SAML, code signing.",
        # Keys inside a GCP service-account JSON are reported by that (more specific) detector.
        not_after=r"(?<!\"private_key\": \")(?<!\"private_key\":\")",
    ),
    _pem_row(
        "private-key-pkcs8-encrypted",
        "Encrypted PKCS#8 private key",
        "ENCRYPTED PRIVATE KEY",
        Severity.MEDIUM,
        "An encrypted key is only as safe as its passphrase, which can be attacked offline, and"
        " is often committed nearby.",
    ),
    _pem_row(
        "private-key-pgp",
        "PGP private key block",
        "PGP PRIVATE KEY BLOCK",
        Severity.CRITICAL,
        "A PGP secret key signs releases and commits and decrypts mail and files sent to its owner.",
        validator=_pgp_private_block_valid,
        reach=14000,
    ),
    Detector(
        slug="private-key-putty",
        title="PuTTY private key",
        category="private-key",
        severity=Severity.CRITICAL,
        keywords=("putty-user-key-file-",),
        pattern=r"(?P<secret>PuTTY-User-Key-File-[23]:[^\r\n]{1,100}\r?\n[\s\S]{32,12000}?"
        r"Private-MAC:[ \t]*[0-9a-f]{40,64})",
        validator=_putty_private_lines_valid,
        placeholder_check=False,
        multiline=True,
        rationale="A PuTTY key file logs in to every host that trusts its public half; its"
        " `Encryption:` header says whether a passphrase protects it.",
        fix=_UNENCRYPTED_FIX,
        cwe=_KEY_CWE,
    ),
    Detector(
        slug="private-key-ssh2",
        title="SSH.com (SSH2) private key",
        category="private-key",
        severity=Severity.HIGH,
        keywords=("---- begin ssh2 encrypted private key ----",),
        pattern=r"(?P<secret>---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----[\s\S]{64,12000}?"
        r"---- END SSH2 ENCRYPTED PRIVATE KEY ----)",
        validator=_ssh_com_block_valid,
        placeholder_check=False,
        multiline=True,
        rationale="The SSH.com key format (the label says ENCRYPTED even when the cipher is none)"
        " logs in wherever its public half is trusted.",
        fix=_ENCRYPTED_FIX,
        cwe=_KEY_CWE,
    ),
)
