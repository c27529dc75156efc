"""Paths and CWE ids from the many spellings tools use, into pavedroad's forms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

_CWE = re.compile(r"(?:^|[^a-z0-9])cwe[-_ /:]*0*(\d+)", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*0*(\d+)\s*$")


def normalise_path(raw: str, *bases: str) -> str:
    """A relative, forward-slash path: file:// URIs decoded, a base and leading `./` or `/` removed.

    `bases` are scan roots the tool reported against (SARIF originalUriBaseIds); a path under
    the first that matches becomes relative to it. Other absolute paths keep their text minus the leading slash,
    since pavedroad's locations are always relative.
    """
    path = raw.strip()
    if path.startswith("file:"):
        path = unquote(urlparse(path).path)
    path = path.replace("\\", "/")
    for base in bases:
        base_path = normalise_base(base)
        if base_path and path.startswith(base_path):
            path = path[len(base_path) :]
            break
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def normalise_base(base: str) -> str:
    """A base directory (path or file:// URI) as a forward-slash prefix ending in `/`, or ''."""
    if not base:
        return ""
    path = unquote(urlparse(base).path) if base.startswith("file:") else base
    path = path.replace("\\", "/")
    return path if path.endswith("/") else path + "/"


def cwe_ids(values: Iterable[object], bare_numbers: bool = True) -> tuple[str, ...]:
    """`CWE-79` ids from ints, "79", "CWE-79: ...", "external/cwe/cwe-079"; others ignored.

    With `bare_numbers` off, only text that says "cwe" counts: SARIF tags are free-form
    and a tag "2021" is not a CWE.
    """
    found: list[str] = []
    for value in values:
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            number: str | None = str(value) if value > 0 else None
        else:
            text = str(value)
            match = _CWE.search(text) or (_BARE_NUMBER.match(text) if bare_numbers else None)
            number = match.group(1) if match else None
        if number and number != "0" and f"CWE-{number}" not in found:
            found.append(f"CWE-{number}")
    return tuple(found)
