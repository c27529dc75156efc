"""AST helpers for the pattern rules: names through imports, literal values, identifiers as words."""

from __future__ import annotations

import ast
import re
import weakref
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from pavedroad.analyzers.sast.python.modules import ModuleInfo
from pavedroad.core.filekinds import is_test_path

Match = tuple[ast.AST, str]
Matcher = Callable[[ModuleInfo], Iterator[Match]]

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Path or class words that mark configuration meant for a developer's machine or the test suite.
NON_PRODUCTION_WORDS = frozenset({"dev", "develop", "development", "local", "test", "tests", "testing", "ci"})


def dotted_name(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name; None for anything else (calls, subscripts...)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


_QUALIFIED: dict[int, str | None] = {}


def qualified_name(module: ModuleInfo, node: ast.AST) -> str | None:
    """What `node` (a call, or the expression a call, decorator or reference names) refers to after
    the module's imports: `h.md5(...)` after `import hashlib as h` is "hashlib.md5"; a name that no
    import binds stays as written ("app.run"). Remembered per node until `forget(module)`."""
    key = id(node)
    if key not in _QUALIFIED:
        _QUALIFIED[key] = _qualified_name(module, node)
    return _QUALIFIED[key]


def last_name(module: ModuleInfo, node: ast.Name | ast.Attribute) -> str:
    """The last component `qualified_name(module, node)` would have, without building the dotted
    name: rules that look for a few names test this first on every name of the module."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return (module.aliases.get(node.id) or node.id).rpartition(".")[2]


def _qualified_name(module: ModuleInfo, node: ast.AST) -> str | None:
    dotted = dotted_name(node.func if isinstance(node, ast.Call) else node)
    if dotted is None:
        return None
    head, dot, rest = dotted.partition(".")
    base = module.aliases.get(head)
    return f"{base}{dot}{rest}" if base else dotted


def method_name(call: ast.Call) -> str:
    """The last name of the callee: "set_cookie" for `response.set_cookie(...)`."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def imports_any(module: ModuleInfo, roots: frozenset[str]) -> bool:
    return any(value.split(".", 1)[0] in roots for value in module.aliases.values())


_NODES: weakref.WeakKeyDictionary[ast.Module, list[ast.AST]] = weakref.WeakKeyDictionary()


def nodes(module: ModuleInfo) -> list[ast.AST]:
    """Every node of the module, walked once however many rules look."""
    found = _NODES.get(module.tree)
    if found is None:
        found = _NODES[module.tree] = _walk(module.tree)
    return found


def _walk(tree: ast.AST) -> list[ast.AST]:
    """The nodes in `ast.walk`'s order (breadth first), without its generator per node: the walk
    of every module was a tenth of the analysis time."""
    found = [tree]
    index = 0
    while index < len(found):
        node = found[index]
        index += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                found.append(value)
            elif isinstance(value, list):
                found.extend(item for item in value if isinstance(item, ast.AST))
    return found


_CALLS: weakref.WeakKeyDictionary[ast.Module, list[ast.Call]] = weakref.WeakKeyDictionary()


def calls(module: ModuleInfo) -> Iterator[ast.Call]:
    """Every call of the module, collected once."""
    found = _CALLS.get(module.tree)
    if found is None:
        found = _CALLS[module.tree] = [node for node in nodes(module) if isinstance(node, ast.Call)]
    return iter(found)


def forget(module: ModuleInfo) -> None:
    """Drop the per-module caches once every rule has looked (memory on large trees)."""
    _NODES.pop(module.tree, None)
    _CALLS.pop(module.tree, None)
    _QUALIFIED.clear()


def argument(call: ast.Call, index: int | None, name: str) -> ast.expr | None:
    """The argument passed as keyword `name` or at position `index` (None: keyword only)."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    if index is None or index >= len(call.args):
        return None
    if any(isinstance(item, ast.Starred) for item in call.args[: index + 1]):
        return None
    return call.args[index]
    return None


def is_constant(node: ast.AST | None, value: object) -> bool:
    """A literal `value`, compared by identity for True/False/None so that `1` is not `True`."""
    if not isinstance(node, ast.Constant):
        return False
    if isinstance(value, bool) or value is None:
        return node.value is value
    return type(node.value) is type(value) and node.value == value


def string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def words(identifier: str) -> list[str]:
    """`resetToken_v2` → ["reset", "token", "v", "2"]."""
    return [word.lower() for word in _WORD.findall(identifier)]


def target_names(target: ast.AST) -> Iterator[str]:
    """The names an assignment target writes: `a`, `obj.attr`'s "attr", `d["key"]`'s "key"."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Attribute):
        yield target.attr
    elif isinstance(target, ast.Subscript):
        key = string(target.slice)
        if key is not None:
            yield key
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from target_names(element)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)


def assignments(body: list[ast.stmt]) -> Iterator[tuple[str, ast.expr, ast.stmt]]:
    """(name, value, statement) for every plain name `body` assigns at its own level (not in
    functions, classes or branches): module constants, class attributes."""
    for statement in body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    yield target.id, statement.value, statement
        elif (
            isinstance(statement, ast.AnnAssign | ast.AugAssign)
            and statement.value is not None
            and isinstance(statement.target, ast.Name)
        ):
            yield statement.target.id, statement.value, statement


def _path_words(module: ModuleInfo) -> list[str]:
    return [word for part in PurePosixPath(module.relpath).with_suffix("").parts for word in words(part)]


def is_settings_module(module: ModuleInfo) -> bool:
    """A Django-style settings module (settings.py, settings/production.py, prod_settings.py) that
    is not for development or tests."""
    path_words = _path_words(module)
    return "settings" in path_words and not NON_PRODUCTION_WORDS.intersection(path_words)


def is_config_module(module: ModuleInfo) -> bool:
    path_words = _path_words(module)
    return bool({"settings", "config"}.intersection(path_words)) and not NON_PRODUCTION_WORDS.intersection(path_words)


def is_non_production_name(name: str) -> bool:
    return bool(NON_PRODUCTION_WORDS.intersection(words(name)))


def outside_tests(matcher: Matcher) -> Matcher:
    """`matcher`, silent in test code, where the pattern is normal (asserts, fixed keys, debug)."""

    def find(module: ModuleInfo) -> Iterator[Match]:
        if not is_test_path(module.relpath):
            yield from matcher(module)

    find.__name__ = matcher.__name__
    find.__doc__ = matcher.__doc__
    return find
