"""Walking a GitLab CI pipeline: jobs, the `default:` section, scripts, images, includes and rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pavedroad.analyzers.iac.model import Node, NodeList, Resource
from pavedroad.analyzers.pipelines.shellscan import ScriptLine, script_lines

# Top-level keys that configure the pipeline rather than name a job.
GLOBAL_KEYWORDS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
     "after_script", "spec", "types"}
)  # fmt: skip
SCRIPT_KEYS = ("before_script", "script", "after_script")


def jobs(resource: Resource) -> Iterator[tuple[str, Node]]:
    """Every job, hidden `.templates` included (they reach real jobs through `extends:`)."""
    for name, value in resource.body.items():
        if name not in GLOBAL_KEYWORDS and isinstance(value, Node):
            yield name, value


def sections(resource: Resource) -> Iterator[tuple[str, Node]]:
    """Where job settings can be written: the top level (legacy globals), `default:`, and every job."""
    yield "(global)", resource.body
    default = resource.body.get("default")
    if isinstance(default, Node):
        yield "default", default
    yield from jobs(resource)


def scripts(owner: Node) -> Iterator[ScriptLine]:
    """Logical lines of `before_script`, `script` and `after_script` (strings, lists, nested lists)."""
    for key in SCRIPT_KEYS:
        if key in owner:
            yield from _lines(owner[key], owner.line_of(key))


def _lines(value: Any, line: int) -> Iterator[ScriptLine]:
    if isinstance(value, str):
        yield from script_lines(line, value)
    elif isinstance(value, NodeList):
        for index, item in enumerate(value):
            yield from _lines(item, value.line_of(index))


@dataclass(frozen=True, slots=True)
class Image:
    """An `image:` or `services:` entry: `registry/name[:tag][@digest]`, where it is written."""

    reference: str
    line: int

    @property
    def digest(self) -> str:
        return self.reference.partition("@")[2]

    @property
    def tag(self) -> str:
        last = self.reference.partition("@")[0].rsplit("/", 1)[-1]
        return last.rpartition(":")[2] if ":" in last else ""

    @property
    def variable(self) -> bool:
        return "$" in self.reference


def _image(value: Any, line: int) -> Image | None:
    if isinstance(value, Node):
        line, value = value.line_of("name"), value.get("name")
    return Image(value.strip(), line) if isinstance(value, str) and value.strip() else None


def images(owner: Node) -> Iterator[Image]:
    if "image" in owner:
        found = _image(owner["image"], owner.line_of("image"))
        if found:
            yield found


def services(owner: Node) -> Iterator[Image]:
    items = owner.get("services")
    if not isinstance(items, NodeList):
        return
    for index, item in enumerate(items):
        found = _image(item, items.line_of(index))
        if found:
            yield found


@dataclass(frozen=True, slots=True)
class Include:
    """One `include:` entry: a bare string (local or remote URL) or a mapping."""

    value: str | Node
    line: int

    def get(self, key: str) -> Any:
        return self.value.get(key) if isinstance(self.value, Node) else None

    def line_of(self, key: str) -> int:
        return self.value.line_of(key) if isinstance(self.value, Node) and key in self.value else self.line

    @property
    def remote(self) -> str | None:
        found = self.value if isinstance(self.value, str) else self.get("remote")
        return found if isinstance(found, str) and re.match(r"https?://", found.strip()) else None


def includes(resource: Resource) -> Iterator[Include]:
    value = resource.body.get("include")
    if isinstance(value, NodeList):
        for index, item in enumerate(value):
            if isinstance(item, str | Node):
                yield Include(item, value.line_of(index))
    elif isinstance(value, str | Node):
        yield Include(value, resource.body.line_of("include"))


_MERGE_REQUEST_RULE = re.compile(
    r"==\s*['\"]?merge_request_event|=~\s*/[^/]*merge_request_event|^\s*\$CI_MERGE_REQUEST_IID\s*(?:$|&&|\|\|)"
)


def runs_on_merge_requests(job: Node) -> bool:
    """The job's `rules:` or `only:` let it run in merge request pipelines."""
    rules = job.get("rules")
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, Node):
            continue
        condition, when = rule.get("if"), rule.get("when")
        if isinstance(condition, str) and _MERGE_REQUEST_RULE.search(condition) and when != "never":
            return True
    only = job.get("only")
    refs = only.get("refs") if isinstance(only, Node) else only
    return isinstance(refs, list) and "merge_requests" in refs


def variables(owner: Node) -> Iterator[tuple[str, Any, int]]:
    """(name, value, line) of a `variables:` mapping; the `{value: ..., description: ...}` form is unwrapped."""
    found = owner.get("variables")
    if not isinstance(found, Node):
        return
    for name, value in found.items():
        if isinstance(value, Node):
            yield name, value.get("value"), value.line_of("value")
        else:
            yield name, value, found.line_of(name)
