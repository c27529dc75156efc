"""Helpers for JSON records: flattening nested objects to dotted names, and dotted lookups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# A hostile record must not cost unbounded work: nesting deeper than this stays one value,
# and a record is not flattened past this many fields.
MAX_DEPTH = 6
MAX_FIELDS = 1000


def flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    """`{"a": {"b": 1}, "c": [1]}` → `{"a.b": 1, "c": [1]}` (lists are kept as values)."""
    flat: dict[str, Any] = {}
    stack: list[tuple[str, Mapping[str, Any], int]] = [("", record, 0)]
    while stack and len(flat) < MAX_FIELDS:
        prefix, mapping, depth = stack.pop()
        for key, value in mapping.items():
            name = prefix + str(key)
            if isinstance(value, dict) and value and depth < MAX_DEPTH:
                stack.append((name + ".", value, depth + 1))
            else:
                flat[name] = value
    return flat


def lookup(record: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (`userIdentity.type`), or None."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
        if value is None:
            return None
    return value
