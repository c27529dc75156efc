"""Loading JSON, TOML and YAML manifests within limits, and reading their values by shape.

Syntax errors name their line. A damaged TOML or YAML lockfile is cut back to the last
complete entry before the error and read again, so the packages before the damage are
still reported (the file is marked `partial`). YAML is loaded with the safe constructors,
every scalar other than booleans and nulls kept as the string the file spells (a version
"1.10" must not become the float 1.1), and a cap on aliases against "billion laughs" bombs (counted by
the nodes the aliases would add, not by how many there are).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile

# Nodes that aliases may add when a YAML document is expanded; lockfiles use none at all.
MAX_YAML_ALIAS_EXPANSION = 10_000
# How many earlier cut points a damaged document is retried at before giving up.
MAX_RECOVERY_ATTEMPTS = 4

_TOML_ERROR_LINE = re.compile(r"at line (\d+)")
# Anything that may be a YAML anchor or alias; a false match only costs the slower loader.
_MAYBE_YAML_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.MULTILINE)
_TOML_TABLE_HEADER = re.compile(r"^\s*\[")
_YAML_ENTRY_START = re.compile(r"^ {0,2}[^\s#-]")


def load_json(file: ManifestFile) -> Any:
    """The JSON document in `file`; a syntax error raises ManifestError with its line."""
    try:
        return json.loads(file.text)
    except json.JSONDecodeError as error:
        raise ManifestError(f"invalid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    except RecursionError:
        raise ManifestError("invalid JSON: nested too deeply") from None


def load_json_object(file: ManifestFile) -> dict[str, Any]:
    """The JSON object in `file`; any other top-level value is an error."""
    document = load_json(file)
    if not isinstance(document, dict):
        raise ManifestError("expected a JSON object at the top level", 1)
    return document


def load_toml(file: ManifestFile) -> dict[str, Any]:
    """The TOML document in `file`, or the part of it before a syntax error (recorded as a problem)."""
    return _load_recovering(file, "TOML", _parse_toml, _TOML_TABLE_HEADER)


def load_yaml_mapping(file: ManifestFile) -> dict[str, Any]:
    """The YAML mapping in `file`, or the part of it before a syntax error (recorded as a problem)."""
    document = _load_recovering(file, "YAML", _parse_yaml, _YAML_ENTRY_START)
    return document


class _DocumentSyntaxError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _load_recovering(
    file: ManifestFile,
    kind: str,
    parse: Callable[[str], dict[str, Any]],
    cut_point: re.Pattern[str],
) -> dict[str, Any]:
    try:
        return parse(file.text)
    except _DocumentSyntaxError as error:
        failure = error
    except RecursionError:
        raise ManifestError(f"invalid {kind}: nested too deeply") from None
    lines = file.text.splitlines(keepends=True)
    error_line = failure.line if failure.line is not None else len(lines)
    for cut in _cut_points(lines, error_line, cut_point):
        try:
            document = parse("".join(lines[:cut]))
        except (_DocumentSyntaxError, RecursionError):
            continue
        file.problem(
            f"invalid {kind}: {failure.message}; only the entries before line {cut + 1} were read", failure.line
        )
        file.partial = True
        return document
    raise ManifestError(f"invalid {kind}: {failure.message}", failure.line)


def _cut_points(lines: list[str], error_line: int, cut_point: re.Pattern[str]) -> Iterator[int]:
    """Line indexes to cut before: entry starts at or above the error, nearest first."""
    attempts = 0
    for index in range(min(error_line, len(lines)) - 1, 0, -1):
        if cut_point.match(lines[index]):
            yield index
            attempts += 1
            if attempts == MAX_RECOVERY_ATTEMPTS:
                return


def _parse_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_ERROR_LINE.search(message)
        line = int(found.group(1)) if found else None
        if line is None and "end of document" in message:
            line = text.count("\n") + 1
        message = re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)", "", message)
        raise _DocumentSyntaxError(message, line) from None


def _scalar_resolvers(base: type[yaml.resolver.BaseResolver]) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """Implicit resolvers for booleans and nulls only: numbers and dates stay strings."""
    kept = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag in kept]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }


class _StringScalarLoader(yaml.SafeLoader):
    """The pure-Python safe loader with string scalars and a cap on what aliases expand to.

    An alias costs nothing to load (it shares the anchored node) but everything to walk:
    nine aliases to nine aliases to ... is a billion nodes. So each alias adds the size of
    the node it repeats, and the document is refused once that passes the cap.
    """

    yaml_implicit_resolvers = _scalar_resolvers(yaml.SafeLoader)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.expanded_nodes = 0
        self._sizes: dict[int, int] = {}
        self._open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            anchored = self.anchors.get(event.anchor)
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if event.anchor in self._open_anchors:
                raise _RefusedYaml("a YAML alias inside its own anchor makes an endless document", line)
            self.expanded_nodes += self._size(anchored) if anchored is not None else 1
            if self.expanded_nodes > MAX_YAML_ALIAS_EXPANSION:
                message = f"YAML aliases expand to more than {MAX_YAML_ALIAS_EXPANSION} nodes; refusing to expand them"
                raise _RefusedYaml(message, line)
            return super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            return super().compose_node(parent, index)
        self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._open_anchors.discard(anchor)

    def _size(self, node: yaml.Node) -> int:
        """Nodes under `node` with aliases expanded, stopping early once past the cap."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        for child in children:
            size += self._size(child)
            if size > MAX_YAML_ALIAS_EXPANSION:
                break
        self._sizes[id(node)] = size
        return size


_FAST_LOADER_BASE: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastStringScalarLoader(_FAST_LOADER_BASE):  # type: ignore[misc]
    """The libyaml loader with string scalars, for documents without anchors or aliases."""

    yaml_implicit_resolvers = _scalar_resolvers(yaml.SafeLoader)


class _RefusedYaml(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _parse_yaml(text: str) -> dict[str, Any]:
    loader: type[Any] = _StringScalarLoader if _MAYBE_YAML_ANCHOR.search(text) else _FastStringScalarLoader
    try:
        document = yaml.load(text, Loader=loader)  # both loaders are SafeLoader subclasses
    except _RefusedYaml as error:
        raise ManifestError(error.message, error.line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "syntax error"
        raise _DocumentSyntaxError(message, mark.line + 1 if mark is not None else None) from None
    except yaml.YAMLError as error:
        raise _DocumentSyntaxError(str(error).splitlines()[0], None) from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ManifestError("expected a YAML mapping at the top level", 1)
    return document


def as_table(value: object) -> dict[str, Any]:
    """`value` if it is a mapping, else an empty one: a wrong shape means no packages, not a crash."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_text(value: object) -> str | None:
    """`value` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def as_strings(value: object) -> list[str]:
    """The strings in `value` if it is a list, else none."""
    return [item for item in as_list(value) if isinstance(item, str)]
