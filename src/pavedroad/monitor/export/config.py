"""Reading the `[monitor]` tables of exporters and playbooks: typed values or a UsageError naming the key.

Shared by `export` and `respond` so every output reports a bad value the same way:
`monitor.export[1].port: expected an integer from 1 to 65535, got 'abc'`. Secrets are
never read from the file: a key ending in `_env` names the environment variable that holds
them, and error messages name that variable, never its value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pavedroad.core.errors import UsageError


class Table:
    """One config table and its key path; every getter raises UsageError with `path.key`."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise UsageError(f"{path}: expected a table, got {type(data).__name__}")
        self.data: Mapping[str, Any] = data
        self.path = path

    def where(self, key: str) -> str:
        """The dotted key path of `key` in this table, for messages."""
        return f"{self.path}.{key}"

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        """A typo (`flush_second`) must fail loudly rather than silently fall back to a default."""
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise UsageError(f"{self.where(unknown[0])}: unknown key (allowed: {', '.join(sorted(allowed))})")

    def string(self, key: str, default: str | None = None) -> str:
        """A non-empty string; required when no default is given."""
        value = self.data.get(key, default)
        if value is None:
            raise UsageError(f"{self.where(key)}: required")
        if not isinstance(value, str) or not value:
            raise UsageError(f"{self.where(key)}: expected a non-empty string, got {value!r}")
        return value

    def optional_string(self, key: str) -> str | None:
        """A non-empty string, or None when the key is absent."""
        return self.string(key) if key in self.data else None

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        """A string from a fixed set."""
        options = tuple(choices)
        value = self.string(key, default)
        if value not in options:
            raise UsageError(f"{self.where(key)}: expected one of {', '.join(options)}, got {value!r}")
        return value

    def integer(self, key: str, default: int | None = None, *, minimum: int = 0, maximum: int | None = None) -> int:
        """An integer within [minimum, maximum]; booleans are refused although Python counts them as ints."""
        value = self.data.get(key, default)
        if value is None:
            raise UsageError(f"{self.where(key)}: required")
        in_range = (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= minimum
            and (maximum is None or value <= maximum)
        )
        if not in_range:
            bound = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
            raise UsageError(f"{self.where(key)}: expected an integer {bound}, got {value!r}")
        return int(value)

    def number(self, key: str, default: float, *, minimum: float = 0.0) -> float:
        """A number (int or float) >= minimum."""
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise UsageError(f"{self.where(key)}: expected a number >= {minimum:g}, got {value!r}")
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        """true or false."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise UsageError(f"{self.where(key)}: expected true or false, got {value!r}")
        return value

    def table(self, key: str) -> Table:
        """A required sub-table."""
        if key not in self.data:
            raise UsageError(f"{self.where(key)}: required")
        return Table(self.data[key], self.where(key))

    def tables(self, key: str) -> list[Table]:
        """An array of tables (`[[monitor.export]]`); absent means empty."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise UsageError(f"{self.where(key)}: expected an array of tables, got {type(value).__name__}")
        return [Table(item, f"{self.where(key)}[{index}]") for index, item in enumerate(value)]

    def string_list(self, key: str) -> list[str]:
        """A required, non-empty array of strings."""
        value = self.data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            raise UsageError(f"{self.where(key)}: expected a non-empty array of strings, got {value!r}")
        return list(value)

    def string_map(self, key: str) -> dict[str, str]:
        """A table of string values (`headers = {X-Source = "pavedroad"}`); absent means empty."""
        value = self.data.get(key, {})
        if not isinstance(value, Mapping) or not all(
            isinstance(name, str) and isinstance(item, str) for name, item in value.items()
        ):
            raise UsageError(f"{self.where(key)}: expected a table of strings, got {value!r}")
        return dict(value)

    def url(self, key: str) -> str:
        """An http(s) URL without credentials in it: those belong in environment variables."""
        value = self.string(key)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"{self.where(key)}: expected an http:// or https:// URL, got {value!r}")
        if parts.username is not None or parts.password is not None:
            # Do not echo the value: it holds a credential.
            raise UsageError(f"{self.where(key)}: credentials in the URL are not allowed; use the *_env keys")
        return value

    def secret(self, key: str) -> str:
        """The value of the environment variable that `key` names (the file holds only the name)."""
        variable = self.string(key)
        value = os.environ.get(variable)
        if not value:
            raise UsageError(f"{self.where(key)}: environment variable {variable} is not set")
        return value

    def secret_headers(self, key: str) -> dict[str, str]:
        """Headers whose values come from environment variables: `headers_env = {Authorization = "HOOK_AUTH"}`."""
        names = self.string_map(key)
        headers = {}
        for header, variable in names.items():
            value = os.environ.get(variable)
            if not value:
                raise UsageError(f"{self.where(key)}.{header}: environment variable {variable} is not set")
            headers[header] = value
        return headers
