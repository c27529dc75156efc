"""One module's index: what its names import (`require`, `import`), its functions and its exports.

Imported names become qualified names: `const { exec } = require("node:child_process")` maps
`exec` to "child_process.exec". A relative import maps to the imported module's id ("@3"), so
`utils.find` becomes "@3.find", looked up in that module's exports.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript.parse import ParsedSource, text
from pavedroad.analyzers.sast.javascript.specs import MODULE_SYNONYMS, ROUTE_METHODS

FUNCTION_TYPES = frozenset(
    {"function_declaration", "generator_function_declaration", "function_expression", "arrow_function",
     "generator_function", "method_definition", "function"}
)  # fmt: skip
RESOLVE_SUFFIXES = ("", ".js", ".ts", ".tsx", ".jsx", ".mjs", ".cjs", "/index.js", "/index.ts", "/index.tsx")
DEFAULT = "default"
PROMISIFY = frozenset({"util.promisify", "bluebird.promisify"})


@dataclass(slots=True)
class FunctionInfo:
    """A named function of a module: `function f`, `const f = () => ...`, a class method `C.m`."""

    name: str
    node: Node
    module: ModuleIndex

    @property
    def key(self) -> str:
        return f"{self.module.relpath}:{self.name}"

    @property
    def class_name(self) -> str | None:
        return self.name.rsplit(".", 1)[0] if "." in self.name else None


@dataclass(slots=True)
class ModuleIndex:
    relpath: str
    source: ParsedSource
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # exported name -> local function name
    handlers: set[str] = field(default_factory=set)  # functions registered as route handlers by reference
    function_nodes: set[int] = field(default_factory=set)  # ids of the nodes in `functions`
    # objects built with `new`: "svc" or "Class.this.field" -> the constructor's qualified name
    instances: dict[str, str] = field(default_factory=dict)
    calls: list[Node] = field(default_factory=list)  # every call and `new`, for the pattern rules

    @property
    def root(self) -> Node:
        return self.source.root


def normalise_module(name: str) -> str:
    """`node:fs` and `fs` are one module; `fs/promises` is `fs.promises`, `lodash/merge` `lodash.merge`."""
    name = name.removeprefix("node:")
    name = MODULE_SYNONYMS.get(name, name)
    if name.startswith("@"):
        return name  # scoped packages keep their slash: "@prisma/client"
    head, _, rest = name.partition("/")
    head = MODULE_SYNONYMS.get(head, head)
    return f"{head}.{rest.replace('/', '.')}" if rest and not name.startswith("next/") else name


def string_value(node: Node | None) -> str | None:
    """The value of a string literal (or a template literal without substitutions)."""
    if node is None:
        return None
    if node.type == "string":
        return "".join(text(child) for child in node.named_children)
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return "".join(text(child) for child in node.named_children)
    return None


def required_module(node: Node) -> str | None:
    """The module a `require("x")` call (or `await import("x")`) names."""
    if node.type == "await_expression" and node.named_child_count:
        node = node.named_children[0]
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or text(function) not in {"require", "import"}:
        return None
    values = arguments.named_children
    return string_value(values[0]) if values else None


def index_module(relpath: str, source: ParsedSource) -> ModuleIndex:
    """Imports, functions and exports of one parsed file (relative imports resolved later)."""
    module = ModuleIndex(relpath, source)
    nodes = source.index_nodes()
    for node in nodes.get("import", ()):
        _index_import(module, node)
    for node in nodes.get("declarator", ()):
        _index_declarator(module, node)
    for node in nodes.get("function", ()):
        _add_function(module, text(node.child_by_field_name("name")), node)
    for node in nodes.get("class", ()):
        _index_class(module, node)
    for node in nodes.get("export", ()):
        _index_export(module, node)
    for node in nodes.get("assignment", ()):
        _index_commonjs_export(module, node)
    module.calls = nodes.get("call", [])
    for node in module.calls:
        _mark_handlers(module, node)
    return module


def _walk(root: Node) -> Iterator[Node]:
    pending = [root]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(reversed(node.named_children))


def _add_function(module: ModuleIndex, name: str, node: Node) -> None:
    if name and name not in module.functions:
        module.functions[name] = FunctionInfo(name, node, module)
        module.function_nodes.add(node.id)


def _module_alias(module: ModuleIndex, specifier: str) -> str:
    if specifier.startswith("."):
        return f"relative:{specifier}"  # resolved to a module id once every module is indexed
    return normalise_module(specifier)


def _index_import(module: ModuleIndex, node: Node) -> None:
    specifier = string_value(node.child_by_field_name("source"))
    if specifier is None:
        return
    base = _module_alias(module, specifier)
    for clause in node.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":  # default import
                module.aliases[text(part)] = base if not base.startswith("relative:") else f"{base}#{DEFAULT}"
            elif part.type == "namespace_import":
                for name in part.named_children:
                    module.aliases[text(name)] = base
            elif part.type == "named_imports":
                for specifier_node in part.named_children:
                    imported = text(specifier_node.child_by_field_name("name"))
                    local = text(specifier_node.child_by_field_name("alias")) or imported
                    separator = "#" if base.startswith("relative:") else "."
                    module.aliases[local] = f"{base}{separator}{imported}"


def _index_declarator(module: ModuleIndex, node: Node) -> None:
    name = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    if name is None or value is None:
        return
    if value.type in FUNCTION_TYPES and name.type == "identifier":
        _add_function(module, text(name), value)
        return
    constructed = _constructed(module, value)
    if constructed is not None and name.type == "identifier":
        module.instances[text(name)] = constructed
    qualified = _import_path(module, value) or _promisified(module, value)
    if qualified is None:
        return
    if name.type == "identifier":
        module.aliases[text(name)] = qualified
    elif name.type == "object_pattern":
        separator = "#" if qualified.startswith("relative:") and "#" not in qualified else "."
        for part in name.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                module.aliases[text(part)] = f"{qualified}{separator}{text(part)}"
            elif part.type == "pair_pattern":
                key = text(part.child_by_field_name("key"))
                local = part.child_by_field_name("value")
                if local is not None and local.type == "identifier":
                    module.aliases[text(local)] = f"{qualified}{separator}{key}"


def _import_path(module: ModuleIndex, value: Node) -> str | None:
    """`require("x")`, `require("x").y` and `alias.y` as qualified names; None for anything else."""
    specifier = required_module(value)
    if specifier is not None:
        return _module_alias(module, specifier)
    if value.type == "member_expression":
        inner = value.child_by_field_name("object")
        prop = text(value.child_by_field_name("property"))
        if inner is None:
            return None
        base = _import_path(module, inner)
        if base is None and inner.type == "identifier":
            base = module.aliases.get(text(inner))
        if base is None:
            return None
        separator = "#" if base.startswith("relative:") and "#" not in base else "."
        return f"{base}{separator}{prop}"
    return None


def _promisified(module: ModuleIndex, value: Node) -> str | None:
    """`const run = promisify(exec)` runs what `exec` runs."""
    if value.type != "call_expression":
        return None
    function = value.child_by_field_name("function")
    arguments = value.child_by_field_name("arguments")
    if function is None or arguments is None or not arguments.named_child_count:
        return None
    if qualified_name(module, function) not in PROMISIFY:
        return None
    return qualified_name(module, arguments.named_children[0])


def _index_class(module: ModuleIndex, node: Node) -> None:
    class_name = text(node.child_by_field_name("name"))
    body = node.child_by_field_name("body")
    if not class_name or body is None:
        return
    for member in body.named_children:
        if member.type == "method_definition":
            _add_function(module, f"{class_name}.{text(member.child_by_field_name('name'))}", member)
            for node in _walk(member):  # `this.service = new OrderService()`: calls on this.service resolve
                left = node.child_by_field_name("left") if node.type == "assignment_expression" else None
                if left is not None and text(left).startswith("this."):
                    constructed = _constructed(module, node.child_by_field_name("right"))
                    if constructed is not None:
                        module.instances[f"{class_name}.{text(left)}"] = constructed


def _constructed(module: ModuleIndex, value: Node | None) -> str | None:
    """The qualified class name of `new X(...)` (imports resolved later with the aliases)."""
    if value is None or value.type != "new_expression":
        return None
    constructor = value.child_by_field_name("constructor")
    return (
        text(constructor)
        if constructor is not None and constructor.type in {"identifier", "member_expression"}
        else None
    )


def _index_export(module: ModuleIndex, node: Node) -> None:
    declaration = node.child_by_field_name("declaration")
    is_default = any(child.type == "default" for child in node.children)
    if declaration is not None:
        if declaration.type in {"function_declaration", "generator_function_declaration", "class_declaration"}:
            name = text(declaration.child_by_field_name("name"))
            module.exports[DEFAULT if is_default else name] = name
        elif declaration.type in {"lexical_declaration", "variable_declaration"}:
            for declarator in declaration.named_children:
                name = text(declarator.child_by_field_name("name"))
                module.exports[name] = name
        return
    value = node.child_by_field_name("value")
    if is_default and value is not None:
        if value.type == "identifier":
            module.exports[DEFAULT] = text(value)
        elif value.type in FUNCTION_TYPES:
            _add_function(module, DEFAULT, value)
            module.exports[DEFAULT] = DEFAULT
        return
    for clause in node.named_children:
        if clause.type == "export_clause":
            for specifier in clause.named_children:
                local = text(specifier.child_by_field_name("name"))
                module.exports[text(specifier.child_by_field_name("alias")) or local] = local


def _index_commonjs_export(module: ModuleIndex, node: Node) -> None:
    left = text(node.child_by_field_name("left"))
    right = node.child_by_field_name("right")
    if right is None:
        return
    if left == "module.exports":
        if right.type == "identifier":
            module.exports[DEFAULT] = text(right)
        elif right.type in FUNCTION_TYPES:
            _add_function(module, DEFAULT, right)
            module.exports[DEFAULT] = DEFAULT
        elif right.type == "object":
            _index_exported_object(module, right)
        return
    for prefix in ("module.exports.", "exports."):
        if left.startswith(prefix):
            name = left.removeprefix(prefix)
            if right.type in FUNCTION_TYPES:
                _add_function(module, name, right)
                module.exports[name] = name
            elif right.type == "identifier":
                module.exports[name] = text(right)


def _index_exported_object(module: ModuleIndex, node: Node) -> None:
    for entry in node.named_children:
        if entry.type == "shorthand_property_identifier":
            module.exports[text(entry)] = text(entry)
        elif entry.type == "pair":
            key = text(entry.child_by_field_name("key"))
            value = entry.child_by_field_name("value")
            if value is not None and value.type == "identifier":
                module.exports[key] = text(value)
            elif value is not None and value.type in FUNCTION_TYPES:
                _add_function(module, key, value)
                module.exports[key] = key
        elif entry.type == "method_definition":
            name = text(entry.child_by_field_name("name"))
            _add_function(module, name, entry)
            module.exports[name] = name


def _mark_handlers(module: ModuleIndex, node: Node) -> None:
    """`app.get("/x", auth, showUser)`: functions registered by reference handle requests."""
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or function.type != "member_expression":
        return
    if text(function.child_by_field_name("property")) not in ROUTE_METHODS:
        return
    for argument in arguments.named_children:
        if argument.type == "identifier":
            module.handlers.add(text(argument))


def resolve_relative(importer: str, specifier: str, known: dict[str, str]) -> str | None:
    """The module id a relative import names, trying the extensions Node and bundlers try."""
    base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
    stem = base.rsplit(".", 1)[0] if base.endswith((".js", ".mjs", ".cjs", ".jsx")) else None
    for candidate in (base, *(f"{base}{suffix}" for suffix in RESOLVE_SUFFIXES[1:])):
        if candidate in known:
            return known[candidate]
    if stem is not None:  # TypeScript imports "./db.js" meaning "./db.ts"
        for suffix in (".ts", ".tsx"):
            if f"{stem}{suffix}" in known:
                return known[f"{stem}{suffix}"]
    return None


def link_modules(modules: list[ModuleIndex]) -> None:
    """Replace `relative:./x` aliases with the id ("@N") of the module they name, or drop them."""
    ids = {module.relpath: f"@{number}" for number, module in enumerate(modules)}
    for module in modules:
        for local, qualified in list(module.aliases.items()):
            if not qualified.startswith("relative:"):
                continue
            specifier, hash_sign, member = qualified.removeprefix("relative:").partition("#")
            target = resolve_relative(module.relpath, specifier, ids)
            if target is None:
                del module.aliases[local]
            else:
                module.aliases[local] = f"{target}.{member}" if hash_sign else target


def qualified_name(module: ModuleIndex, node: Node) -> str | None:
    """`exec`, `cp.exec`, `require("child_process").exec` → "child_process.exec"; a chain on a local
    object keeps its text ("res.send"); None for anything else (a call result, a subscript)."""
    if node.type == "identifier":
        name = text(node)
        return module.aliases.get(name, name)
    if node.type == "member_expression":
        inner = node.child_by_field_name("object")
        prop = text(node.child_by_field_name("property"))
        if inner is None:
            return None
        if inner.type == "this":
            return f"this.{prop}"
        specifier = required_module(inner)
        base = _module_alias(module, specifier) if specifier is not None else qualified_name(module, inner)
        return f"{base}.{prop}" if base is not None and not base.startswith("relative:") else None
    return None
