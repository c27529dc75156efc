"""Rewrite one dependency's version on one manifest line, leaving everything else as it was.

Each editable format is a row: which files, and the pattern of a version constraint for a
named package on a line. Only the version text changes; operators, extras, markers,
comments and formatting stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import PurePosixPath


def _python_name(name: str) -> str:
    """A regex for a PEP 503 name in any of its spellings (Django_REST.framework)."""
    parts = re.split(r"[-_.]+", name)
    return "[-_.]+".join(re.escape(part) for part in parts)


def _requirements_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?i)^(?P<before>\s*{_python_name(name)}\s*(?:\[[^\]]*\])?\s*(?:==|===|>=|~=)\s*)(?P<version>[\w.!+*-]+)"
    )


def _pyproject_pattern(name: str) -> re.Pattern[str]:
    # PEP 621: "django>=3.2,<4"; Poetry: django = "^3.2" or django = { version = "^3.2" }
    return re.compile(
        rf"(?i)(?P<before>[\"']{_python_name(name)}\s*(?:\[[^\]]*\])?\s*(?:==|===|>=|~=)\s*)(?P<version>[\w.!+*-]+)"
        rf"|(?P<before2>^\s*[\"']?{_python_name(name)}[\"']?\s*=\s*(?:\{{[^}}]*?version\s*=\s*)?[\"'](?:==|>=|~=|\^|~)?)"
        rf"(?P<version2>[\w.!+*-]+)"
    )


def _package_json_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<before>\"{re.escape(name)}\"\s*:\s*\"(?:\^|~|>=|=)?)(?P<version>\d[\w.+-]*)(?=\")")


@dataclass(frozen=True, slots=True)
class EditableFormat:
    patterns: tuple[str, ...]
    ecosystem: str
    constraint: Callable[[str], re.Pattern[str]]
    note: str = ""


EDITABLE_FORMATS = (
    EditableFormat(("requirements*.txt", "requirements*.in", "constraints*.txt"), "PyPI", _requirements_pattern),
    EditableFormat(
        ("pyproject.toml",), "PyPI", _pyproject_pattern, "then refresh the lockfile (poetry lock, uv lock...)"
    ),
    EditableFormat(
        ("package.json",), "npm", _package_json_pattern, "then run npm install to refresh package-lock.json"
    ),
)


def editable_format(relpath: str, ecosystem: str) -> EditableFormat | None:
    name = PurePosixPath(relpath).name
    for entry in EDITABLE_FORMATS:
        if entry.ecosystem == ecosystem and any(fnmatch(name, pattern) for pattern in entry.patterns):
            return entry
    return None


def rewrite_line(line: str, package: str, version: str, edit: EditableFormat) -> str | None:
    """`line` with `package`'s version constraint set to `version`; None when it holds none."""
    match = edit.constraint(package).search(line)
    if match is None:
        return None
    group = "version" if match.group("version") is not None else "version2"
    start, end = match.span(group)
    return line[:start] + version + line[end:]
