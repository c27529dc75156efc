"""A Terraform configuration: modules (directories), their variables, locals and resource instances.

Every directory with .tf files is evaluated as a root module with its variables' defaults
and its `terraform.tfvars`/`*.auto.tfvars` (plus any var files the config names); local
module calls (`source = "./modules/x"`) are followed with the caller's inputs, so a
setting passed down from a root is checked where the module uses it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pavedroad.analyzers.iac.model import MISSING, Node, NodeList, Resource, Unknown
from pavedroad.analyzers.iac.terraform.expressions import Scope, evaluate
from pavedroad.analyzers.iac.terraform.hcl import HclError, parse_hcl

MAX_MODULE_DEPTH = 10
_META_ARGUMENTS = {"source", "version", "count", "for_each", "providers", "depends_on", "lifecycle", "provider"}

Report = Callable[[str, str, "int | None"], None]  # (relpath, message, line)


@dataclass(slots=True)
class ParsedFile:
    relpath: str
    node: Node
    text_lines: list[str]


@dataclass(slots=True)
class TerraformConfiguration:
    """Parsed .tf files by directory (POSIX, relative to the scan root)."""

    files_by_directory: dict[str, list[ParsedFile]] = field(default_factory=lambda: defaultdict(list))
    tfvars_by_directory: dict[str, list[ParsedFile]] = field(default_factory=lambda: defaultdict(list))
    extra_var_files: list[tuple[str, str]] = field(default_factory=list)  # (relpath, text), for every root


def parse_files(files: Iterable[tuple[str, str]], report: Report) -> TerraformConfiguration:
    """Parse (relpath, text) pairs; a file that does not parse is reported and left out."""
    configuration = TerraformConfiguration()
    for relpath, text in files:
        try:
            node = parse_hcl(text)
        except HclError as error:
            report(relpath, str(error), error.line)
            continue
        parsed = ParsedFile(relpath, node, text.splitlines())
        directory = str(PurePosixPath(relpath).parent)
        if relpath.endswith(".tfvars"):
            if PurePosixPath(relpath).name == "terraform.tfvars" or relpath.endswith(".auto.tfvars"):
                configuration.tfvars_by_directory[directory].append(parsed)
        else:
            configuration.files_by_directory[directory].append(parsed)
    return configuration


class ModuleLoader:
    """Turns modules into resource instances; follows local module calls, detecting cycles."""

    def __init__(self, configuration: TerraformConfiguration, root: Path, report: Report, note: Report) -> None:
        self.configuration = configuration
        self.root = root
        self.report = report
        self.note = note
        self.visited: set[str] = set()

    def root_modules(self) -> list[Resource]:
        """Resources of every root module, and of the local modules they call (through the calls).

        A directory that another scanned directory calls as a module is not a root: checked on
        its own it would miss what its callers pass in or add beside it (a bucket whose
        encryption the caller configures), so it is checked only through its calls.
        """
        resources: list[Resource] = []
        called = self._called_directories()
        directories = sorted(self.configuration.files_by_directory)
        for directory in [d for d in directories if d not in called]:
            resources.extend(self.module(directory, self._tfvars(directory), prefix="", stack=()))
        # Modules that only call each other (a cycle) or whose callers were not scanned.
        for directory in directories:
            if directory not in self.visited:
                resources.extend(self.module(directory, self._tfvars(directory), prefix="", stack=()))
        return resources

    def _called_directories(self) -> set[str]:
        called = set()
        for directory, files in self.configuration.files_by_directory.items():
            for parsed in files:
                for _, body in _named(parsed.node.get("module")):
                    source = body.get("source")
                    if isinstance(source, str) and source.startswith(("./", "../")):
                        target = _join(directory, source)
                        if target is not None and target != directory:
                            called.add(target)
        return called

    def _tfvars(self, directory: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        empty = Scope({}, {})
        for parsed in sorted(self.configuration.tfvars_by_directory.get(directory, []), key=lambda p: p.relpath):
            values.update({key: evaluate(value, empty) for key, value in parsed.node.items()})
        for relpath, text in self.configuration.extra_var_files:
            try:
                node = parse_hcl(text)
            except HclError as error:
                self.report(relpath, str(error), error.line)
                continue
            values.update({key: evaluate(value, empty) for key, value in node.items()})
        return values

    def module(self, directory: str, inputs: dict[str, Any], prefix: str, stack: tuple[str, ...]) -> list[Resource]:
        self.visited.add(directory)
        files = self.configuration.files_by_directory.get(directory, [])
        variables, locals_ = self._declarations(files, inputs)
        scope = Scope(variables, locals_)
        resources: list[Resource] = []
        for parsed in files:
            for block_type in ("resource", "data"):
                for kind, name, body in _labelled(parsed.node.get(block_type)):
                    resources.extend(self._instances(block_type, kind, name, body, scope, parsed.relpath, prefix))
            for name, body in _named(parsed.node.get("module")):
                # The call itself is a resource of kind "module" too (checks read its `source`, `version`).
                call = Resource(
                    "terraform",
                    "module",
                    name,
                    evaluate_block(body, scope),
                    parsed.relpath,
                    body.line,
                    0,
                    f"{prefix}module.{name}",
                )
                resources.append(call)
                resources.extend(self._call(directory, name, body, scope, parsed.relpath, prefix, stack))
        return resources

    def _declarations(self, files: list[ParsedFile], inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        variables: dict[str, Any] = {}
        locals_: dict[str, Any] = {}
        for parsed in files:
            for name, body in _named(parsed.node.get("variable")):
                default = body.get("default", MISSING)
                if default is not MISSING:
                    variables[name] = evaluate(default, Scope({}, {}))
            for block in _blocks(parsed.node.get("locals")):
                locals_.update(block)
        variables.update(inputs)
        return variables, locals_

    def _instances(
        self, block_type: str, kind: str, name: str, body: Node, scope: Scope, relpath: str, prefix: str
    ) -> list[Resource]:
        address = f"{prefix}{'data.' if block_type == 'data' else ''}{kind}.{name}"
        resource_kind = f"data.{kind}" if block_type == "data" else kind

        def make(instance_scope: Scope, suffix: str = "") -> Resource:
            evaluated = evaluate_block(body, instance_scope)
            return Resource("terraform", resource_kind, name, evaluated, relpath, body.line, 0, address + suffix)

        if "count" in body:
            count = evaluate(body["count"], scope)
            if isinstance(count, int) and not isinstance(count, bool):
                return [make(scope.instance(count_index=0))] if count > 0 else []
            return [make(scope)]
        if "for_each" in body:
            collection = evaluate(body["for_each"], scope)
            if isinstance(collection, dict):
                return [
                    make(scope.instance(each={"key": key, "value": value}), f'["{key}"]')
                    for key, value in collection.items()
                ]
            if isinstance(collection, list):
                return [
                    make(scope.instance(each={"key": item, "value": item}), f'["{item}"]')
                    for item in collection
                    if not isinstance(item, Unknown)
                ]
            return [make(scope)]
        return [make(scope)]

    def _call(
        self, directory: str, name: str, body: Node, scope: Scope, relpath: str, prefix: str, stack: tuple[str, ...]
    ) -> list[Resource]:
        source = evaluate(body.get("source", ""), scope)
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            return []  # registry and remote modules are not fetched: scan them where they live
        target = _join(directory, source)
        if target is None or not (self.root / target).is_dir():
            self.note(relpath, f"module {name}: source {source} not found in the scanned tree", body.line)
            return []
        if target in stack or len(stack) >= MAX_MODULE_DEPTH:
            chain = " -> ".join([*stack, target])
            self.report(relpath, f"module {name}: module cycle or nesting too deep ({chain})", body.line)
            return []
        if target not in self.configuration.files_by_directory:
            self._load_from_disk(target)
        count = evaluate(body.get("count", 1), scope)
        if isinstance(count, int) and not isinstance(count, bool) and count == 0:
            return []
        inputs = {key: evaluate(value, scope) for key, value in body.items() if key not in _META_ARGUMENTS}
        return self.module(target, inputs, f"{prefix}module.{name}.", (*stack, directory))

    def _load_from_disk(self, directory: str) -> None:
        """A module directory outside the scanned targets (excluded or out of scope) is read for the call."""
        for path in sorted((self.root / directory).glob("*.tf")):
            relpath = path.relative_to(self.root).as_posix()
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
                node = parse_hcl(text)
            except HclError as error:
                self.report(relpath, str(error), error.line)
                continue
            except OSError as error:
                self.report(relpath, f"cannot read module file: {error.strerror}", None)
                continue
            self.configuration.files_by_directory[directory].append(ParsedFile(relpath, node, text.splitlines()))


def _join(directory: str, source: str) -> str | None:
    parts: list[str] = [] if directory == "." else directory.split("/")
    for part in source.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # outside the scan root
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or "."


def _blocks(value: Any) -> list[Node]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Node)]
    return [value] if isinstance(value, Node) else []


def _named(value: Any) -> Iterable[tuple[str, Node]]:
    for block in _blocks(value):
        for name, body in block.items():
            if isinstance(body, Node):
                yield name, body


def _labelled(value: Any) -> Iterable[tuple[str, str, Node]]:
    for block in _blocks(value):
        for kind, named in block.items():
            if isinstance(named, Node):
                for name, body in named.items():
                    if isinstance(body, Node):
                        yield kind, name, body


def evaluate_block(body: Node, scope: Scope) -> Node:
    """The block with its expressions evaluated and `dynamic "x" {...}` blocks expanded into `x` blocks.

    A dynamic block whose `for_each` is unknown leaves `x` Unknown: checks of `x` cannot tell.
    """
    result = Node(body.line)
    for key, value in body.items():
        if key != "dynamic":
            result.set(key, _evaluate_value(value, scope), body.line_of(key))
    for label, block in _dynamic_blocks(body.get("dynamic")):
        collection = evaluate(block.get("for_each", MISSING), scope)
        content = block.get("content", MISSING)
        content_node = content[0] if isinstance(content, list) and content else content
        if not isinstance(collection, dict | list) or not isinstance(content_node, Node):
            if label not in result:
                result.set(label, Unknown(f"dynamic {label}"), block.line)
            continue
        existing = result.get(label)
        expanded = existing if isinstance(existing, NodeList) else NodeList(block.line)
        items: list[tuple[Any, Any]] = (
            list(collection.items()) if isinstance(collection, dict) else list(enumerate(collection))
        )
        for key, value in items:
            expanded.add(evaluate_block(content_node, scope.with_iterator(label, key, value)), content_node.line)
        result.set(label, expanded, block.line)
    return result


def _evaluate_value(value: Any, scope: Scope) -> Any:
    if isinstance(value, Node):
        return evaluate_block(value, scope)
    if isinstance(value, NodeList) and value and all(isinstance(item, Node) for item in value):
        items = NodeList(value.line)
        for index, item in enumerate(value):
            items.add(evaluate_block(item, scope), value.line_of(index))
        return items
    return evaluate(value, scope)


def _dynamic_blocks(value: Any) -> Iterable[tuple[str, Node]]:
    for block in _blocks(value):
        for label, body in block.items():
            if isinstance(body, Node):
                yield label, body
