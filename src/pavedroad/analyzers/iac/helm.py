"""Helm charts without the helm binary: the templates' static parts, values filled in where certain.

Rendering a chart needs its template logic; pavedroad does not evaluate it. Each template is
rewritten line for line (so every line number still points into the template): control
lines (`{{- if }}`, `{{- end }}`, `{{- range }}`...) become blank, a line that only
includes YAML (`{{- toYaml .Values.resources | nindent 12 }}`, `{{ include ... }}`) becomes
a "dynamic content" marker (so a check cannot claim that, say, `resources` is missing
there), and `{{ .Values.a.b }}` inside a line becomes the value from values.yaml when it
is a plain scalar; anything else becomes an Unknown. A template that still is not YAML
is reported as a note, not an error: that is a limit of static reading, not a bad file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pavedroad.analyzers.iac.kubernetes import manifest_resources
from pavedroad.analyzers.iac.model import DYNAMIC_KEY, Node, NodeList, Resource, Unknown
from pavedroad.analyzers.iac.yamldoc import YamlError, load_documents

_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_ONLY_ACTIONS = re.compile(r"^\s*(?:\{\{-?.*?-?\}\}\s*)+$")
_CONTROL = re.compile(r"^(?:if|else|end|range|with|define|block|template|/\*|break|continue)\b")
_INDENT = re.compile(r"\b(?:nindent|indent)\s+(\d+)")
_VALUES_PATH = re.compile(r"^\.Values((?:\.[A-Za-z_][\w-]*)+)$")
_HARMLESS_FILTERS = re.compile(r"^(?:quote|squote|toString|lower|upper|trim)$")
_DEFAULT_FILTER = re.compile(r"^default\s+(\"[^\"]*\"|[\w.-]+)$")
PLACEHOLDER = "__pavedroad_helm_value__"
DYNAMIC_MARKER = "__pavedroad_helm_dynamic__"
TEMPLATE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Chart:
    directory: str  # relative to the scan root, POSIX

    def owns(self, relpath: str) -> bool:
        prefix = "" if self.directory == "." else self.directory + "/"
        return relpath.startswith(prefix + "templates/")

    @property
    def values_path(self) -> str:
        return "values.yaml" if self.directory == "." else f"{self.directory}/values.yaml"


def charts_of(relpaths: list[str]) -> list[Chart]:
    return [Chart(str(PurePosixPath(path).parent)) for path in relpaths if PurePosixPath(path).name == "Chart.yaml"]


def load_values(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        documents = list(load_documents(text))
    except YamlError:
        return {}
    return documents[0] if documents and isinstance(documents[0], dict) else {}


def render_statically(template: str, values: dict[str, Any]) -> str:
    """The template with the same number of lines, its template actions replaced (see module doc)."""
    rendered = []
    for line in template.split("\n"):
        if _ONLY_ACTIONS.match(line):
            rendered.append(_action_line(line))
        else:
            rendered.append(_ACTION.sub(lambda match: _inline_value(match.group(1), values), line))
    return "\n".join(rendered)


def _action_line(line: str) -> str:
    actions = _ACTION.findall(line)
    if all(_CONTROL.match(action) or not action for action in actions):
        return ""
    indent = _INDENT.search(line)
    width = int(indent.group(1)) if indent else len(line) - len(line.lstrip())
    return " " * width + f"{DYNAMIC_MARKER}: true"


def _inline_value(action: str, values: dict[str, Any]) -> str:
    """`.Values.a.b` (through quote/default filters) as the literal value, or the Unknown placeholder."""
    first, *filters = (part.strip() for part in action.split("|"))
    path = _VALUES_PATH.match(first)
    if path is None:
        return PLACEHOLDER
    value: Any = values
    for step in path.group(1).strip(".").split("."):
        value = value.get(step) if isinstance(value, dict) else None
    for name in filters:
        fallback = _DEFAULT_FILTER.match(name)
        if fallback:
            literal = fallback.group(1)
            if value in (None, "") and literal.startswith('"'):
                value = literal.strip('"')
            elif value in (None, ""):
                return PLACEHOLDER  # the default is itself an expression (.Chart.AppVersion)
        elif not _HARMLESS_FILTERS.match(name):
            return PLACEHOLDER
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return PLACEHOLDER


def chart_resources(template: str, relpath: str, values: dict[str, Any]) -> Iterator[Resource]:
    """Resources of one template file; raises YamlError when even the static parts are not YAML."""
    for document in load_documents(render_statically(template, values)):
        for resource in manifest_resources(_mark_unknowns(document), relpath):
            if not isinstance(resource.body.get("metadata", {}).get("name"), str):
                resource.name = PurePosixPath(relpath).stem
                resource.address = f"{resource.kind}/{relpath}"
            resource.facts["helm_static"] = True
            yield resource


def _mark_unknowns(value: Any) -> Any:
    if isinstance(value, str) and PLACEHOLDER in value:
        return Unknown(value.replace(PLACEHOLDER, "{{ ... }}"))
    if isinstance(value, Node):
        result = Node(value.line)
        for key, item in value.items():
            if key == DYNAMIC_MARKER:
                result.set(DYNAMIC_KEY, True, value.line_of(key))
            else:
                result.set(key, _mark_unknowns(item), value.line_of(key))
        return result
    if isinstance(value, NodeList):
        items = NodeList(value.line)
        for index, item in enumerate(value):
            items.add(_mark_unknowns(item), value.line_of(index))
        return items
    return value
