"""The `[monitor]` section of a TOML file, checked key by key with errors naming file and key.

`[monitor.detect]`, `[[monitor.export]]` and `[monitor.respond]` belong to the detections, the
exporters and the response playbooks: they are not read here, and the whole `[monitor]` table
is handed to build_detectors / build_sinks / build_playbooks, which check their own parts.
`[monitor.json_fields]` maps normalised field names to the keys of JSON application logs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pavedroad.core.errors import ConfigError
from pavedroad.monitor.parsers.registry import FORMAT_HINTS

OUTPUTS = ("text", "json")
START_AT = ("beginning", "end")
PASSED_THROUGH = ("detect", "export", "respond")


@dataclass(frozen=True, slots=True)
class MonitorConfig:
    """Every setting of `pavedroad monitor`, with its default."""

    format_hint: str = "auto"
    state_dir: Path | None = None
    output: str = "text"
    templates: bool = True
    start_at: str = "beginning"  # where a file without a saved offset is first read from
    max_line_bytes: int = 64 * 1024
    queue_size: int = 10_000  # syslog messages waiting; beyond, new ones are dropped and counted
    batch_lines: int = 512
    flush_interval_seconds: float = 1.0  # how often (in stream time) detector windows are flushed
    max_clock_skew_seconds: float = 300.0  # timestamps further ahead of the wall clock do not move stream time
    stats_interval_seconds: float = 60.0
    claim_idle_seconds: float = 60.0  # a stream entry pending this long belongs to a dead worker
    stream_field: str = "line"
    json_fields: Mapping[str, str] = field(default_factory=dict)
    section: Mapping[str, Any] = field(default_factory=dict)  # the whole [monitor] table, as read


def _choice(options: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in options else f"expected one of {', '.join(options)}"

    return check


def _positive_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return "expected a positive number"
    return None


def _positive_integer(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return "expected a positive integer"
    return None


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "expected a non-empty string"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


def _string_table(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        return "expected a table of strings"
    return None


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "format_hint": _choice(FORMAT_HINTS),
    "state_dir": _text,
    "output": _choice(OUTPUTS),
    "templates": _boolean,
    "start_at": _choice(START_AT),
    "max_line_bytes": _positive_integer,
    "queue_size": _positive_integer,
    "batch_lines": _positive_integer,
    "flush_interval_seconds": _positive_number,
    "max_clock_skew_seconds": _positive_number,
    "stats_interval_seconds": _positive_number,
    "claim_idle_seconds": _positive_number,
    "stream_field": _text,
    "json_fields": _string_table,
}
assert set(CHECKS) | {"section"} == {item.name for item in fields(MonitorConfig)}


def load_config(path: Path | None) -> MonitorConfig:
    """The settings of `[monitor]` in `path` (defaults without a file or a section)."""
    if path is None:
        return MonitorConfig()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(str(path), f"cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(str(path), f"not UTF-8 text ({error.reason})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), f"invalid TOML: {error}") from error
    section = document.get("monitor", {})
    if not isinstance(section, dict):
        raise ConfigError(str(path), "[monitor] must be a table")
    return config_from_mapping(section, str(path))


def config_from_mapping(section: Mapping[str, Any], where: str) -> MonitorConfig:
    """A MonitorConfig from the `[monitor]` table; `where` names the file in errors."""
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key in PASSED_THROUGH:
            continue
        check = CHECKS.get(key)
        if check is None:
            known = ", ".join(sorted([*CHECKS, *PASSED_THROUGH]))
            raise ConfigError(where, f"[monitor] unknown key {key!r} (known: {known})")
        problem = check(value)
        if problem is not None:
            raise ConfigError(where, f"[monitor] {key} = {value!r}: {problem}")
        values[key] = Path(value) if key == "state_dir" else value
    return MonitorConfig(**values, section=dict(section))
