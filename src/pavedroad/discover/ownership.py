"""CODEOWNERS rules: each line's path pattern and the users, teams or emails that own it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pavedroad.discover.model import Discovery, DiscoveryError, OwnershipRule

# @user, @org/team, or an email address.
_OWNER = re.compile(r"@[\w.-]+(?:/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+")
# GitLab section headers: "[Section]", "^[Optional section][2] @default-owner".
_SECTION_HEADER = re.compile(r"^\^?\[[^\]]*\]")
_UNESCAPED_SPACE = re.compile(r"(?<!\\)\s+")


def extract_codeowners(relpath: str, kinds: frozenset[str], text: str) -> Iterator[Discovery]:
    """One rule per pattern line. An owner that is not @user, @org/team or an email is an error."""
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or _SECTION_HEADER.match(line):
            continue
        pattern, *owners = _UNESCAPED_SPACE.split(line)
        for owner in owners:
            if not _OWNER.fullmatch(owner):
                raise DiscoveryError(f"owner {owner!r} is not an @user, @org/team or email address", number)
        yield OwnershipRule(relpath, number, pattern.replace("\\ ", " "), tuple(owners))
