"""Building blocks for checks that are rows of data: "attribute X must (not) be Y".

Each function returns an `Evaluate` (resource, project) -> violations. Unknown values never
violate: a check that cannot tell stays silent rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pavedroad.analyzers.iac.check import Evaluate, Project, Violation
from pavedroad.analyzers.iac.model import MISSING, Resource, Unknown, lookup, lookup_all

Predicate = Callable[[Any], bool]


def _normal(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool) and isinstance(value, str) and value.lower() in ("true", "false"):
        return (value.lower() == "true") is expected
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    return bool(_normal(value) == _normal(expected))


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def show(value: Any) -> str:
    """A short rendering of a value for messages, spelled as the configuration would (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def where(path: str, predicate: Predicate, message: str) -> Evaluate:
    """Violation at every value at `path` (fanning out over lists) for which `predicate` holds."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for value, line in lookup_all(resource.body, path):
            if value is MISSING or is_unknown(value):
                continue
            if predicate(value):
                yield Violation(line or resource.line, message.format(value=show(value), path=path), show(value))

    return evaluate


def equals(path: str, *values: Any, message: str = "{path} is {value}") -> Evaluate:
    """Violation where the value at `path` is one of `values` (strings compared case-insensitively)."""
    return where(path, lambda value: any(_same(value, bad) for bad in values), message)


def contains(path: str, *values: Any, message: str = "{path} includes {value}") -> Evaluate:
    """Violation where the list at `path` holds one of `values` (or the scalar there is one)."""

    def holds(value: Any) -> bool:
        items = value if isinstance(value, list) else [value]
        return any(_same(item, bad) for item in items for bad in values)

    return where(path, holds, message)


def matches(path: str, pattern: str, message: str = "{path} is {value}") -> Evaluate:
    compiled = re.compile(pattern)
    return where(path, lambda value: isinstance(value, str) and compiled.search(value) is not None, message)


def required(
    path: str,
    *expected: Any,
    missing: bool = True,
    message: str = "{path} is {value}",
    missing_message: str = "{path} is not set",
) -> Evaluate:
    """Violation unless the value at `path` is one of `expected`; an absent value violates when `missing`.

    With no `expected` values any present, non-empty value satisfies the check.
    """

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        value = lookup(resource.body, path)
        if value is MISSING or value is None:
            if missing:
                yield Violation(resource.line_at(path), missing_message.format(path=path), "missing")
            return
        if is_unknown(value):
            return
        if not expected:
            if value in ("", [], {}, False):
                yield Violation(resource.line_at(path), message.format(value=show(value), path=path), show(value))
            return
        if not any(_same(value, good) for good in expected):
            yield Violation(resource.line_at(path), message.format(value=show(value), path=path), show(value))

    return evaluate


def at_least(path: str, minimum: float, *, missing: bool = True, message: str = "{path} is {value}") -> Evaluate:
    """Violation when the number at `path` is below `minimum` (or absent, when `missing`)."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        value = lookup(resource.body, path)
        if value is MISSING or value is None:
            if missing:
                yield Violation(resource.line_at(path), f"{path} is not set", "missing")
            return
        number = _number(value)
        if number is not None and number < minimum:
            yield Violation(resource.line_at(path), message.format(value=show(value), path=path), show(value))

    return evaluate


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def absent_unless_related(
    inline_path: str | None,
    related_kinds: tuple[str, ...],
    message: str,
    *,
    related_ok: Callable[[Resource], bool] | None = None,
    inline_ok: Predicate | None = None,
) -> Evaluate:
    """Violation when a setting is neither inline (`inline_path`) nor in a related resource.

    Models the AWS provider v4+ split: a bucket is encrypted if it has an inline
    `server_side_encryption_configuration` *or* an `aws_s3_bucket_server_side_encryption_configuration`
    that references it. `related_ok` can require something of the related resource too.
    """

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        if inline_path is not None:
            value = lookup(resource.body, inline_path)
            if is_unknown(value):
                return
            if value is not MISSING and value is not None and (inline_ok is None or inline_ok(value)):
                return
        related = project.referencing(resource, *related_kinds)
        if any(related_ok is None or related_ok(other) for other in related):
            return
        yield Violation(resource.line, message, "absent")

    return evaluate


def all_of(*evaluates: Evaluate) -> Evaluate:
    """Every violation of every part (a check made of several simple conditions)."""

    def evaluate(resource: Resource, project: Project) -> Iterable[Violation]:
        return [violation for part in evaluates for violation in part(resource, project)]

    return evaluate


def only_if(condition: Callable[[Resource], bool], evaluate: Evaluate) -> Evaluate:
    """Evaluate only resources for which `condition` holds (e.g. only internet-facing load balancers)."""

    def guarded(resource: Resource, project: Project) -> Iterable[Violation]:
        return evaluate(resource, project) if condition(resource) else ()

    return guarded
