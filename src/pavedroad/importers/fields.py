"""Typed access to untrusted JSON, and per-entry conversion that skips bad entries with a reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pavedroad.core.findings import Finding

_T = TypeVar("_T")


class MissingField(Exception):
    """An entry lacks a field it needs (or has one of the wrong type); the entry is skipped."""


def required(entry: object, key: str, kind: type[_T]) -> _T:
    """entry[key] as `kind`, or MissingField naming the key."""
    if not isinstance(entry, Mapping):
        raise MissingField(f"expected an object, found {type(entry).__name__}")
    value = entry.get(key)
    if isinstance(value, bool) and kind is not bool:
        value = None  # JSON true/false are ints to Python; never accept them as numbers or text
    if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # tools disagree on whether ids like ZAP's pluginid are numbers
    if not isinstance(value, kind) or (kind is str and not value):
        raise MissingField(f"missing field {key!r}")
    return value


def optional(entry: object, key: str, kind: type[_T], default: _T) -> _T:
    """entry[key] as `kind`, or `default` when absent, null or of another type."""
    try:
        return required(entry, key, kind)
    except MissingField:
        return default


def text(entry: object, key: str) -> str:
    """entry[key] as text; empty when absent."""
    return optional(entry, key, str, "")


def objects(entry: object, key: str) -> list[Any]:
    """entry[key] as a list; empty when absent or null (tools write `null` for "none")."""
    return optional(entry, key, list, [])


def convert_each(
    entries: Iterable[tuple[str, object]], convert: Callable[[object], Iterable[Finding]]
) -> tuple[list[Finding], list[str]]:
    """Convert each (label, entry); an entry that raises MissingField is skipped with its label."""
    findings: list[Finding] = []
    skipped: list[str] = []
    for label, entry in entries:
        try:
            # All or nothing: an entry that fails halfway contributes no findings.
            findings.extend(list(convert(entry)))
        except MissingField as problem:
            skipped.append(f"{label}: {problem}")
    return findings, skipped


def labelled(prefix: str, entries: Iterable[object]) -> Iterable[tuple[str, object]]:
    """Pair entries with a label like `results[3]` for skip reasons."""
    return ((f"{prefix}[{index}]", entry) for index, entry in enumerate(entries))


def raw(entry: object, key: str) -> object:
    """entry[key] whatever its type (None when absent): for values a level table interprets."""
    return entry.get(key) if isinstance(entry, Mapping) else None
