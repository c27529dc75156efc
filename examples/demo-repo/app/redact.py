"""Scrub credentials from anything the service logs."""

import re

_PATTERNS = [
    re.compile(r"ghp_[A-Za-z0-9]{36}"),
    re.compile(r"sk_live_[A-Za-z0-9]{24,}"),
    re.compile(r"AKIA[A-Z2-7]{16}"),
    re.compile(r"(postgres(?:ql)?://[^:/\s]+:)[^@\s]+(@)"),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: (match.group(1) + "***" + match.group(2)) if match.groups() else "***", text)
    return text
