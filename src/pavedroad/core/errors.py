"""Problems as data: scanner errors and skipped files end up in the run result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScanError:
    """A scanner error on one file or step; the scan went on. Exit code 2 if any."""

    path: str
    message: str
    analyzer: str | None = None
    line: int | None = None

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        who = f" [{self.analyzer}]" if self.analyzer else ""
        return f"{where}{who}: {self.message}"


@dataclass(frozen=True, slots=True)
class Skip:
    """A file that was not analysed, and why (binary, too large, symlink outside root...)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ScanWarning:
    """Something a user should know that did not prevent analysis (e.g. invalid UTF-8)."""

    path: str
    message: str
    line: int | None = None


class UsageError(Exception):
    """Bad input from the user (path, flags, config): a one-line message, exit code 2."""


class ConfigError(UsageError):
    """A malformed configuration file, with file and line where known."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
