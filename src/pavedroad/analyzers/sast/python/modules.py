"""The scanned project's Python modules: names, imports and the functions each defines."""

from __future__ import annotations

import ast
import re
from array import array
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
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_NEWLINE = re.compile("\n")
NON_STRING_ANNOTATIONS = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date", "Decimal"})


@dataclass(slots=True)
class FunctionInfo:
    """A project function: its signature, whether a web framework calls it, and where its code is.

    It holds no AST: every function's AST kept at once is most of the memory a large project needs
    (over a gigabyte for 3,000 modules), while the taint engine reads one body at a time. `parse()`
    parses the function's lines of the module's text again when the engine analyses it.
    """

    qualified: str
    module: ModuleInfo
    name: str
    lineno: int
    col_offset: int
    first_line: int  # the first decorator's line: where the function's source starts
    last_line: int
    parameters: list[str]  # named parameters, then `*args` and `**kwargs`
    named_positional: int  # how many of them a positional argument can fill
    vararg: str | None
    kwarg: str | None
    handler: dict[str, str]  # parameters a web framework fills from the request: {name: description}
    location: tuple[int, ...]  # index in the module's body (then in the class's body)
    class_name: str | None = None

    @classmethod
    def from_node(
        cls,
        qualified: str,
        module: ModuleInfo,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        location: tuple[int, ...],
        class_name: str | None = None,
    ) -> FunctionInfo:
        arguments = node.args
        names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
        names += [extra.arg for extra in (arguments.vararg, arguments.kwarg) if extra is not None]
        return cls(
            qualified=qualified,
            module=module,
            name=node.name,
            lineno=node.lineno,
            col_offset=node.col_offset,
            first_line=min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)]),
            last_line=node.end_lineno or node.lineno,
            parameters=names,
            named_positional=len(arguments.posonlyargs) + len(arguments.args),
            vararg=arguments.vararg.arg if arguments.vararg else None,
            kwarg=arguments.kwarg.arg if arguments.kwarg else None,
            handler=_handler_parameters(node, module),
            location=location,
            class_name=class_name,
        )

    @property
    def is_method(self) -> bool:
        return self.class_name is not None and bool(self.parameters) and self.parameters[0] in ("self", "cls")

    def parse(self) -> ast.FunctionDef | ast.AsyncFunctionDef:
        """The function's AST, parsed from its own lines of the module (line and column numbers as in
        the whole module); the whole module is parsed only if those lines do not parse alone."""
        module = self.module
        segment = module.lines(self.first_line, self.last_line)
        # blank lines keep line numbers; `if 1:` gives an indented method a block to sit in
        prefix = "\n" * (self.first_line - 2) + "if 1:\n" if self.col_offset else "\n" * (self.first_line - 1)
        try:
            body = ast.parse(prefix + segment).body
            node = body[0].body[0] if self.col_offset and isinstance(body[0], ast.If) else body[0]
        except (SyntaxError, IndexError):
            node = None
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (node.lineno, node.col_offset) == (
            self.lineno,
            self.col_offset,
        ):
            return node
        found: ast.AST = ast.parse(module.text)
        for index in self.location:
            found = found.body[index]  # type: ignore[attr-defined]
        assert isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef)
        return found


def _handler_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef, module: ModuleInfo) -> dict[str, str]:
    """Parameters a web framework fills from the request: {name: description}."""
    found: dict[str, str] = {}
    arguments = node.args
    all_arguments = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        target = call.func if call else decorator
        name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
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
            elif not _typed_safe(argument) and not _has_depends_default(node, argument.arg):
                found[argument.arg] = f"request parameter {argument.arg}"
    if not found and module.is_django_views and all_arguments and all_arguments[0].arg == "request":
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
    tree: ast.Module  # after `keep_top_level_only()`, only the statements outside functions and classes
    aliases: dict[str, str] = field(default_factory=dict)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)  # local name or Class.method
    text: str = ""  # the source, newlines as "\n": functions are parsed again from it (FunctionInfo.parse)
    line_starts: array[int] = field(default_factory=lambda: array("L", [0]))  # offset of each line in text
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

    def set_text(self, text: str) -> None:
        """The decoded source; `\r\n` and `\r` become `\n` as Python's tokenizer reads them."""
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.line_starts = array("L", [0])
        self.line_starts.extend(match.end() for match in _NEWLINE.finditer(self.text))

    def lines(self, first: int, last: int) -> str:
        """Lines `first` to `last` (1-based, inclusive) of the text."""
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.text)
        return self.text[self.line_starts[first - 1] : end]

    def keep_top_level_only(self) -> None:
        """Drop the functions' and classes' ASTs once the pattern rules have seen the module: the taint
        engine reads only the top level from the tree, and parses a function's body when it needs it."""
        self.tree = ast.Module(
            body=[node for node in self.tree.body if not isinstance(node, _DEFINITIONS)], type_ignores=[]
        )


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


def index_module(relpath: str, tree: ast.Module, text: str) -> ModuleInfo:
    """The module's imports and functions; `text` is the source `tree` was parsed from."""
    info = ModuleInfo(module_name(relpath), relpath, tree)
    info.set_text(text)
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
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            info.functions[node.name] = FunctionInfo.from_node(f"{info.name}.{node.name}", info, node, (index,))
        elif isinstance(node, ast.ClassDef):
            for position, item in enumerate(node.body):
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    key = f"{node.name}.{item.name}"
                    info.functions[key] = FunctionInfo.from_node(
                        f"{info.name}.{key}", info, item, (index, position), node.name
                    )
    return info
