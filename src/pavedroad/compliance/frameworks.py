"""Framework definitions, loaded from the JSON files packaged in compliance/frameworks/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pavedroad.core.errors import UsageError

_PACKAGE = "pavedroad.compliance"
_FOLDER = "frameworks"


class FrameworkError(UsageError):
    """A framework that is unknown or whose data file is malformed (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Control:
    """One control (requirement, criterion, category) and what maps a rule to it.

    A rule maps when it cites `prefix + id` in its `controls`, any id in `controls`, one of
    the `cwe` ids, or when its id starts with one of `rule_prefixes`.
    """

    id: str
    title: str
    cwe: frozenset[str] = frozenset()
    controls: frozenset[str] = frozenset()
    rule_prefixes: tuple[str, ...] = ()
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Framework:
    """A named, versioned framework and its controls, in the order the framework lists them."""

    name: str
    title: str
    version: str
    source: str
    scope: str
    controls: tuple[Control, ...]
    control_prefix: str = ""
    complete: bool = True

    @property
    def label(self) -> str:
        return f"{self.title} {self.version}"


@cache
def available_frameworks() -> dict[str, Framework]:
    """Every packaged framework by name (e.g. "owasp-top10"), sorted by name."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    loaded = [
        _parse(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    ]
    return {framework.name: framework for framework in sorted(loaded, key=lambda item: item.name)}


def load_framework(name: str) -> Framework:
    """The framework called `name`; FrameworkError listing the known names otherwise."""
    frameworks = available_frameworks()
    if name not in frameworks:
        known = ", ".join(f"{key} ({framework.label})" for key, framework in frameworks.items())
        raise FrameworkError(f"unknown framework {name!r}; available: {known}")
    return frameworks[name]


def _parse(file_name: str, text: str) -> Framework:
    try:
        data = json.loads(text)
        return Framework(
            name=_string(data, "name"),
            title=_string(data, "title"),
            version=_string(data, "version"),
            source=_string(data, "source"),
            scope=str(data.get("scope", "")),
            control_prefix=str(data.get("control_prefix", "")),
            complete=bool(data.get("complete", True)),
            controls=tuple(_control(item) for item in data["controls"]),
        )
    except json.JSONDecodeError as error:
        raise FrameworkError(f"{_FOLDER}/{file_name}:{error.lineno}: invalid JSON: {error.msg}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise FrameworkError(f"{_FOLDER}/{file_name}: malformed framework data: {error}") from None


def _control(item: dict[str, Any]) -> Control:
    rank = item.get("rank")
    return Control(
        id=_string(item, "id"),
        title=str(item.get("title", "")),
        cwe=frozenset(item.get("cwe", ())),
        controls=frozenset(item.get("controls", ())),
        rule_prefixes=tuple(item.get("rule_prefixes", ())),
        rank=int(rank) if rank is not None else None,
    )


def _string(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key!r} must be a non-empty string")
    return value
