"""Data stores named by connection URLs in code and configuration.

Only the scheme is kept ("postgres://"): the rest of a URL may hold a user and password, and
the inventory must never carry them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pavedroad.discover.catalog import CONNECTION_SCHEMES, DATA_STORE
from pavedroad.discover.model import Evidence, Fact

# "postgresql+psycopg2://", "jdbc:mysql://", "mongodb+srv://"; not the tail of a longer word.
_SCHEME = re.compile(rb"(?<![A-Za-z0-9+.-])(?:jdbc:)?([A-Za-z][A-Za-z0-9]*)(\+[A-Za-z0-9]+)?://")

# Kinds of file whose text is searched for connection URLs.
CONNECTION_KINDS = frozenset({"source", "config", "dotenv"})


def find_connection_schemes(relpath: str, line_number: int, line: bytes) -> Iterator[Fact]:
    """A data store fact for each connection URL scheme in one line of a file."""
    for match in _SCHEME.finditer(line):
        store = CONNECTION_SCHEMES.get(match.group(1).decode("ascii").lower())
        if store is not None:
            scheme = match.group(0).decode("ascii").lower()
            yield Fact(DATA_STORE, store, Evidence(relpath, line_number, scheme))
