"""Reading one `[monitor.detect.<section>]` table into a frozen settings dataclass.

Every detector declares its thresholds as a dataclass whose field defaults are the documented
defaults (docs/monitor-detections.md); this module overlays what the user configured and
rejects unknown keys and wrongly typed values with a message naming the key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from pavedroad.core.errors import UsageError

SettingsT = TypeVar("SettingsT")


class DetectionConfigError(UsageError):
    """A bad value under `[monitor.detect]`: one line naming the key and what is wrong."""


def section(config: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The `detect.<name>` table of the `[monitor]` config (empty when absent)."""
    detect = config.get("detect", {})
    if not isinstance(detect, Mapping):
        raise DetectionConfigError("monitor.detect: expected a table")
    table = detect.get(name, {}) if name else detect
    if not isinstance(table, Mapping):
        raise DetectionConfigError(f"monitor.detect.{name}: expected a table")
    return table


def read_settings(defaults: SettingsT, table: Mapping[str, Any], where: str) -> SettingsT:
    """`defaults` with the keys of `table` applied; types are checked against the defaults."""
    known = {f.name: f for f in dataclasses.fields(defaults)}  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise DetectionConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(known))})")
        changes[key] = _checked(value, getattr(defaults, key), f"{where}.{key}")
    return dataclasses.replace(defaults, **changes)  # type: ignore[type-var]


def _checked(value: Any, default: Any, where: str) -> Any:
    # bool is an int in Python, so it is tested first and never accepted for a number.
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise DetectionConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DetectionConfigError(f"{where}: expected a number, got {value!r}")
        if value < 0:
            raise DetectionConfigError(f"{where}: must not be negative, got {value!r}")
        return type(default)(value) if isinstance(default, float) else value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise DetectionConfigError(f"{where}: expected a string, got {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple) or not all(isinstance(item, str | int) for item in value):
            raise DetectionConfigError(f"{where}: expected a list of strings or numbers, got {value!r}")
        return tuple(value)
    return value
