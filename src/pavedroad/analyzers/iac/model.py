"""The document model every IaC and pipeline check reads: parsed values that know their lines.

Parsers (YAML, HCL, Dockerfile...) turn a file into `Node` (a dict) and `NodeList` (a list)
values that remember the line of each key and item, so a check can point at the offending
attribute rather than the top of the file. A value a parser could not work out statically
(a Terraform variable without a default, a CloudFormation `!Ref`) is an `Unknown`; checks
treat it as "cannot tell" and never invent a finding from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


class Node(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def set(self, key: str, value: Any, line: int) -> None:
        self[key] = value
        self.key_lines[key] = line

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class NodeList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def add(self, value: Any, line: int) -> None:
        self.append(value)
        self.item_lines.append(line)

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value known only at deploy time; `references` lists the addresses it depends on."""

    expression: str
    references: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"${{{self.expression}}}"


class _Missing:
    """The absence of an attribute (distinct from an explicit null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

# A key a parser adds to a mapping whose content it could only partly see (a Terraform
# `dynamic` block, a Helm `{{ toYaml ... }}` line): an absent key there is unknown, not missing.
DYNAMIC_KEY = "<dynamic>"

Path = tuple[str | int, ...]


def split_path(path: str | Path) -> Path:
    """ "a.b.0.c" -> ("a", "b", 0, "c"); tuples pass through (keys containing dots need them)."""
    if isinstance(path, tuple):
        return path
    return tuple(int(part) if part.isdigit() else part for part in path.split("."))


def lookup(value: Any, path: str | Path) -> Any:
    """The value at `path`, or MISSING. A string step into a list takes its first item.

    Terraform writes nested blocks as one-item lists (`versioning { ... }`), so
    `lookup(bucket, "versioning.enabled")` reads naturally for them.
    """
    for step in split_path(path):
        if isinstance(value, Unknown):
            return value  # whatever lies below an unknown value is unknown too
        if isinstance(value, list) and isinstance(step, str):
            if not value:
                return MISSING
            value = value[0]
        if isinstance(value, dict) and isinstance(step, str):
            if step not in value and DYNAMIC_KEY in value:
                return Unknown(f"dynamic content: {step}")
            value = value.get(step, MISSING)
        elif isinstance(value, list) and isinstance(step, int):
            value = value[step] if 0 <= step < len(value) else MISSING
        else:
            return MISSING
        if value is MISSING:
            return MISSING
    return value


def lookup_all(value: Any, path: str | Path) -> Iterator[tuple[Any, int]]:
    """Every value at `path`, fanning out over lists, with the line of each (the attribute's line).

    A `*` step takes every item of a list or every value of a mapping.
    """
    yield from _walk(value, split_path(path), getattr(value, "line", 0))


def _walk(value: Any, steps: Path, line: int) -> Iterator[tuple[Any, int]]:
    if not steps:
        yield value, line
        return
    step, rest = steps[0], steps[1:]
    if step == "*":  # every item of a list (or value of a mapping)
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, rest, _line_in(value, index, line))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(item, rest, _line_in(value, key, line))
        return
    if isinstance(value, list) and isinstance(step, str):
        for index, item in enumerate(value):
            yield from _walk(item, steps, _line_in(value, index, line))
        return
    if (isinstance(value, dict) and isinstance(step, str) and step in value) or (
        isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)
    ):
        yield from _walk(value[step], rest, _line_in(value, step, line))  # type: ignore[index]


def _line_in(container: Any, key: str | int, default: int) -> int:
    line_of = getattr(container, "line_of", None)
    return int(line_of(key)) if line_of is not None else default


def line_at(value: Any, path: str | Path, default: int | None = None) -> int:
    """The line of the deepest part of `path` that exists (`default`, else the value's own line, if none does)."""
    line = default if default is not None else getattr(value, "line", 0)
    for step in split_path(path):
        if isinstance(value, list) and isinstance(step, str):
            if not value:
                return line
            line = _line_in(value, 0, line)
            value = value[0]
        if (isinstance(value, dict) and isinstance(step, str) and step in value) or (
            isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)
        ):
            line = _line_in(value, step, line)
            value = value[step]  # type: ignore[index]
        else:
            return line
    return line


def plain(value: Any) -> Any:
    """The value as plain JSON-like data (for Rego input and messages); Unknowns become strings."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, Unknown):
        return str(value)
    return value


@dataclass(slots=True)
class Resource:
    """One thing a check looks at: a Terraform resource, a Kubernetes object, a Dockerfile...

    `kind` is the type as the format spells it (`aws_s3_bucket`, `Deployment`,
    `AWS::S3::Bucket`, `dockerfile`, `github-workflow`); `framework` is the format family
    (`terraform`, `kubernetes`, `cloudformation`, `dockerfile`, `compose`, `github-actions`...).
    `address` identifies it within the project (`module.web.aws_s3_bucket.logs`).
    """

    framework: str
    kind: str
    name: str
    body: Node
    path: str
    line: int
    end_line: int = 0
    address: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    def get(self, path: str | Path) -> Any:
        return lookup(self.body, path)

    def line_at(self, path: str | Path) -> int:
        """The line of the deepest existing part of `path`; the resource's own line when none exists
        (a CloudFormation body starts at its first property, a Compose service at its first key)."""
        return line_at(self.body, path, default=self.line) or self.line
