"""The scanned project's Python modules: names, imports and the functions each defines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pavedroad.analyzers.sast.python.specs import WEB_FRAMEWORKS
from pavedroad.analyzers.sast.python.taint import Taint

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "head", "options", "websocket",
                              "api_route", "view"})  # fmt: skip
# Parameters a framework fills with its own objects, not with client data (a pydantic model named
# `MirrorRequest` is client data and is not in this list).
FRAMEWORK_OBJECTS = frozenset({"Request", "fastapi.Request", "starlette.requests.Request", "WebSocket", "Session",
                               "BackgroundTasks", "Response", "HttpRequest", "AsyncSession"})  # fmt: skip
NON_STRING_ANNOTATIONS = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date", "Decimal"})


@dataclass(slots=True)
class FunctionInfo:
    qualified: str
    module: ModuleInfo
    node: ast.FunctionDef | ast.AsyncFunctionDef
    class_name: str | None = None

    @property
    def parameters(self) -> list[str]:
        """Named parameters, then `*args` and `**kwargs` (which take whatever the others do not)."""
        arguments = self.node.args
        names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
        names += [extra.arg for extra in (arguments.vararg, arguments.kwarg) if extra is not None]
        return names

    @property
    def is_method(self) -> bool:
        return self.class_name is not None and bool(self.parameters) and self.parameters[0] in ("self", "cls")

    def handler_parameters(self) -> dict[str, str]:
        """Parameters a web framework fills from the request: {name: description}."""
        found: dict[str, str] = {}
        arguments = self.node.args
        all_arguments = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        for decorator in self.node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            name = (
                target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
            )
            if name not in ROUTE_DECORATORS:
                continue
            path = call.args[0].value if call and call.args and isinstance(call.args[0], ast.Constant) else ""
            flask_style = isinstance(path, str) and "<" in path
            for argument in all_arguments:
                if argument.arg in ("self", "cls", "request", "req"):
                    continue
                if flask_style:
                    converter = _flask_converter(str(path), argument.arg)
                    if converter is not None and converter not in ("int", "float", "uuid"):
                        found[argument.arg] = f"URL path parameter <{argument.arg}>"
                elif not _typed_safe(argument) and not _has_depends_default(self.node, argument.arg):
                    found[argument.arg] = f"request parameter {argument.arg}"
        if not found and self.module.is_django_views and all_arguments and all_arguments[0].arg == "request":
            for argument in all_arguments[1:]:
                if not _typed_safe(argument):
                    found[argument.arg] = f"URL parameter {argument.arg}"
        return found


def _flask_converter(path: str, name: str) -> str | None:
    for part in path.split("<")[1:]:
        inner = part.split(">", 1)[0]
        converter, _, variable = inner.rpartition(":")
        if variable == name:
            return converter or "string"
    return None


def _typed_safe(argument: ast.arg) -> bool:
    annotation = argument.annotation
    if annotation is None:
        return False
    text = ast.unparse(annotation)
    if text in NON_STRING_ANNOTATIONS or text in FRAMEWORK_OBJECTS:
        return True
    # int | None, Optional[int], Annotated[int, Query(...)]
    parts = {
        part.strip()
        for part in text.replace("Optional[", "").replace("Annotated[", "").rstrip("]").replace("|", ",").split(",")
    }
    typed = {part for part in parts if part and part != "None" and "(" not in part}
    return bool(typed) and typed <= NON_STRING_ANNOTATIONS


def _has_depends_default(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = dict(
        zip([a.arg for a in positional][len(positional) - len(arguments.defaults) :], arguments.defaults, strict=False)
    )
    defaults.update(
        (argument.arg, default)
        for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=False)
        if default is not None
    )
    default = defaults.get(name)
    return isinstance(default, ast.Call) and ast.unparse(default.func).endswith(("Depends", "Security"))


@dataclass(slots=True)
class ModuleInfo:
    name: str
    relpath: str
    tree: ast.Module
    aliases: dict[str, str] = field(default_factory=dict)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)  # local name or Class.method
    source_lines: list[str] = field(default_factory=list)
    instances: dict[str, str] = field(default_factory=dict)  # module-level name -> project class it holds
    global_taints: dict[str, Taint] = field(default_factory=dict)  # module-level names holding input
    imported_modules: set[str] = field(default_factory=set)  # names bound by `import x` (modules, not objects)

    @property
    def is_django_views(self) -> bool:
        return PurePosixPath(self.relpath).name in ("views.py", "api.py") or "django" in self.aliases_text

    @property
    def uses_web_framework(self) -> bool:
        return any(value.split(".")[0] in WEB_FRAMEWORKS for value in self.aliases.values())

    @property
    def aliases_text(self) -> str:
        return " ".join(self.aliases.values())


def module_name(relpath: str) -> str:
    path = PurePosixPath(relpath)
    parts = list(path.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    if parts and parts[0] == "src":
        parts.pop(0)
    return ".".join(parts)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without visiting expressions (imports live in statements)."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        for name in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(statement, name, None)
            if isinstance(children, list):
                stack.extend(reversed([child for child in children if isinstance(child, ast.stmt | ast.excepthandler)]))  # type: ignore[misc]


def index_module(relpath: str, tree: ast.Module) -> ModuleInfo:
    info = ModuleInfo(module_name(relpath), relpath, tree)
    package = info.name.rsplit(".", 1)[0] if "." in info.name else ""
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                info.imported_modules.add(alias.asname or alias.name.split(".")[0])
                info.aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = info.name.split(".")
                anchor = (
                    anchor[: len(anchor) - node.level]
                    if relpath.endswith("__init__.py") is False
                    else anchor[: len(anchor) - node.level + 1]
                )
                base = ".".join([*anchor, base] if base else anchor) if anchor else base
                if not base:
                    base = package
            for alias in node.names:
                if alias.name != "*":
                    info.aliases[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            info.functions[node.name] = FunctionInfo(f"{info.name}.{node.name}", info, node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    key = f"{node.name}.{item.name}"
                    info.functions[key] = FunctionInfo(f"{info.name}.{key}", info, item, node.name)
    return info
