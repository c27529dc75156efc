"""Decoding TOML and JSON documents into plain values, with parse errors as DiscoveryError."""

from __future__ import annotations

import json
import re
import tomllib

from pavedroad.discover.model import DiscoveryError

_TOML_ERROR_LINE = re.compile(r"at line (\d+)")


def load_toml(text: str) -> dict[str, object]:
    """The TOML document in `text`; a syntax error names its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR_LINE.search(str(error))
        raise DiscoveryError(f"invalid TOML: {error}", int(found.group(1)) if found else None) from None
    except RecursionError:
        raise DiscoveryError("invalid TOML: nested too deeply") from None


def load_json_object(text: str) -> dict[str, object]:
    """The JSON object in `text`; a syntax error names its line, and a non-object is an error too."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DiscoveryError(f"invalid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    except RecursionError:
        raise DiscoveryError("invalid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise DiscoveryError("expected a JSON object at the top level", 1)
    return document


def as_table(value: object) -> dict[str, object]:
    """`value` if it is a table/object, else an empty one: a wrong shape means no names, not a crash."""
    return value if isinstance(value, dict) else {}


def as_strings(value: object) -> list[str]:
    """The strings in `value` if it is a list, else none."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
