"""What a condition proves about a variable: `if host in ALLOWED_HOSTS:` makes `host` safe inside
the branch; `if name not in ALLOWED: abort(400)` makes it safe after the `if`. Only checks that
pin a value down count (membership in a fixed collection, a full-match validation, a digit
check, a containment check on a resolved path); a mere truthiness test proves nothing. Some
checks prove only a fact (specs.FACT_RULES): `target.startswith("/")` alone lets "//evil.example"
through, and with `not target.startswith(("//", "/\\"))` makes a local path."""

from __future__ import annotations

import ast
from collections.abc import Callable

from pavedroad.analyzers.sast.python.specs import (
    NO_CR,
    NO_LF,
    NOT_DOUBLE_SLASH,
    NOT_SLASH_BACKSLASH,
    REQUEST_ATTRIBUTES,
    RESOLVING_CALLS,
    STARTS_WITH_SLASH,
)
from pavedroad.analyzers.sast.python.taint import dotted

Proof = dict[str, frozenset[str]]  # variable -> sink categories it is now safe for ("*" = all)

EVERYTHING = frozenset({"*"})
URL_PARTS = ("hostname", "netloc", "scheme")
SAFE_URL_CHECKS = ("url_has_allowed_host_and_scheme", "is_safe_url")
VALIDATING_METHODS = ("isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier")
FULL_MATCHES = ("re.fullmatch", "re.match", "fullmatch", "match")
TERMINATORS = ("abort", "flask.abort", "redirect", "sys.exit", "exit")
PATH_CONVERSIONS = ("str", "os.fspath", "Path", "pathlib.Path", "PurePath", "pathlib.PurePath", "PosixPath")
# `"\r" not in value`: what the absence of a piece of text proves
ABSENT_TEXT = {"\r": NO_CR, "\n": NO_LF, "//": NOT_DOUBLE_SLASH, "\\": NOT_SLASH_BACKSLASH}
# `not value.startswith("//")`: what not starting with a prefix proves
ABSENT_PREFIX = {"//": NOT_DOUBLE_SLASH, "/\\": NOT_SLASH_BACKSLASH}

RESOLVING_FUNCTIONS = frozenset(name.rsplit(".", 1)[-1] for name in RESOLVING_CALLS if not name.startswith("."))

Resolved = Callable[[str], bool]  # does this variable hold a resolved path (specs.RESOLVED_PATH)?


def _unresolved(name: str) -> bool:
    return False


def proofs(
    test: ast.expr, parsed_urls: dict[str, str] | None = None, resolved: Resolved | None = None
) -> tuple[Proof, Proof]:
    """(what holds when `test` is true, what holds when it is false). `parsed_urls` maps names holding
    `urlparse(url)` to the URL's name, so `parts.hostname in ALLOWED` speaks about `url`; `resolved`
    says which names hold a resolved path, the only kind a containment check speaks about."""
    urls = parsed_urls or {}
    is_resolved = resolved or _unresolved
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        true, false = proofs(test.operand, urls, is_resolved)
        return false, true
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        # `if bad_scheme or host not in ALLOWED: raise` -> after it, every operand is false
        either: Proof = {}
        for value in test.values:
            _, false = proofs(value, urls, is_resolved)
            _join(either, false)
        return {}, either
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        combined: Proof = {}
        for value in test.values:
            true, _ = proofs(value, urls, is_resolved)
            _join(combined, true)
        return combined, {}
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        found = _absent_text(test) or _common_path(test, is_resolved)
        if found is not None:
            return found
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and fixed_collection(test.comparators[0]):
        subject = _subject(test.left, urls)
        if subject is not None:
            proof = {subject[0]: subject[1]}
            if isinstance(test.ops[0], ast.In):
                return proof, {}
            if isinstance(test.ops[0], ast.NotIn):
                return {}, proof
    if isinstance(test, ast.Call):
        true = _validation(test)
        _join(true, _containment(test, is_resolved))
        _join(true, _local_prefix(test))
        return true, _refuted_prefix(test)
    return {}, {}


def _join(into: Proof, proof: Proof) -> None:
    """Both hold (the operands of a true `and`, of a false `or`)."""
    for name, categories in proof.items():
        into[name] = into.get(name, frozenset()) | categories


def _absent_text(test: ast.Compare) -> tuple[Proof, Proof] | None:
    """`"\\n" in value` / `"\\n" not in value`: the facts its absence proves."""
    text = test.left
    if not (isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value in ABSENT_TEXT):
        return None
    name = dotted(test.comparators[0])
    if not name:
        return None
    proof = {name: frozenset({ABSENT_TEXT[text.value]})}
    if isinstance(test.ops[0], ast.In):
        return {}, proof
    if isinstance(test.ops[0], ast.NotIn):
        return proof, {}
    return None


def _common_path(test: ast.Compare, resolved: Resolved) -> tuple[Proof, Proof] | None:
    """`os.path.commonpath([base, real]) == base` (or `!=`) on a resolved path: `real` is under `base`."""
    if not isinstance(test.ops[0], ast.Eq | ast.NotEq):
        return None
    left, right = test.left, test.comparators[0]
    call, base = (left, right) if isinstance(left, ast.Call) else (right, left)
    if not (isinstance(call, ast.Call) and (dotted(call.func) or "").endswith("commonpath")):
        return None
    if len(call.args) != 1 or not isinstance(call.args[0], ast.List | ast.Tuple) or len(call.args[0].elts) != 2:
        return None
    first, second = call.args[0].elts
    same = ast.dump(base)
    other = second if ast.dump(first) == same else first if ast.dump(second) == same else None
    subject = _resolved_subject(other, resolved) if other is not None else None
    if subject is None:
        return None
    proof = {subject: frozenset({"path"})}
    return (proof, {}) if isinstance(test.ops[0], ast.Eq) else ({}, proof)


def _resolved_subject(node: ast.expr, resolved: Resolved) -> str | None:
    """The variable a containment check speaks about: one holding a resolved path (`real`, `str(real)`),
    or the path resolved in the check itself (`candidate` in `candidate.resolve().is_relative_to(BASE)`)."""
    node = _unwrap(node)
    if isinstance(node, ast.Name):
        return node.id if resolved(node.id) else None
    if isinstance(node, ast.NamedExpr):
        return node.target.id if resolved(node.target.id) else None
    if isinstance(node, ast.Call):
        function = (dotted(node.func) or "").rsplit(".", 1)[-1] in RESOLVING_FUNCTIONS  # `realpath` imported too
        method = isinstance(node.func, ast.Attribute) and f".{node.func.attr}" in RESOLVING_CALLS
        inner = node.args[0] if function and node.args else None
        if method and isinstance(node.func, ast.Attribute):
            inner = node.func.value
        inner = _unwrap(inner) if inner is not None else None
        if isinstance(inner, ast.Name):
            return inner.id
    return None


def _unwrap(node: ast.expr) -> ast.expr:
    """`str(path)`, `os.fspath(path)`, `Path(path)`: the same path."""
    while (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and (dotted(node.func) or "") in PATH_CONVERSIONS
    ):
        node = node.args[0]
    return node


def _containment(call: ast.Call, resolved: Resolved) -> Proof:
    """`real.is_relative_to(BASE)`, `str(real).startswith(str(BASE) + os.sep)` on a resolved path.
    (On a path not resolved both are fooled by "..": `BASE / "../etc/passwd"` is "relative to" BASE.)"""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in ("is_relative_to", "startswith"):
        return {}
    if len(call.args) != 1 or call.keywords:
        return {}
    if call.func.attr == "startswith" and not _directory_prefix(call.args[0]):
        return {}
    subject = _resolved_subject(call.func.value, resolved)
    return {subject: frozenset({"path"})} if subject else {}


def _directory_prefix(node: ast.expr) -> bool:
    """A prefix naming a directory: not "/" or "" (every absolute path starts with those)."""
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_directory_prefix(element) for element in node.elts)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip("/\\"))
    return True


def _prefixes(call: ast.Call) -> tuple[str, list[str]] | None:
    """(variable, constant prefixes) of `variable.startswith("/" or a tuple of them)`."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr != "startswith":
        return None
    if len(call.args) != 1 or call.keywords:  # a start position moves where the prefix is looked for
        return None
    name = dotted(call.func.value)
    argument = call.args[0]
    elements = argument.elts if isinstance(argument, ast.Tuple) else [argument]
    prefixes = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if not name or not elements or len(prefixes) != len(elements):
        return None
    return name, prefixes


def _local_prefix(call: ast.Call) -> Proof:
    """`target.startswith("/")` is true: a path on this site, unless it goes on with "/" or "\\"
    ("/account/" says that too; "/" alone is only STARTS_WITH_SLASH)."""
    found = _prefixes(call)
    if found is None or not all(prefix.startswith("/") for prefix in found[1]):
        return {}
    name, prefixes = found
    if all(len(prefix) > 1 and prefix[1] not in "/\\" for prefix in prefixes):
        return {name: frozenset({"redirect"})}
    return {name: frozenset({STARTS_WITH_SLASH})}


def _refuted_prefix(call: ast.Call) -> Proof:
    """`target.startswith(("//", "/\\"))` is false: neither kind of scheme-relative URL."""
    found = _prefixes(call)
    if found is None:
        return {}
    facts = frozenset(ABSENT_PREFIX[prefix] for prefix in found[1] if prefix in ABSENT_PREFIX)
    return {found[0]: facts} if facts else {}


def fixed_collection(node: ast.expr) -> bool:
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return all(isinstance(element, ast.Constant) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(isinstance(key, ast.Constant) for key in node.keys if key is not None)
    name = dotted(node) or ""
    last = name.rsplit(".", 1)[-1]
    if last in REQUEST_ATTRIBUTES:  # Django's request.GET / POST / COOKIES are upper case and not ours
        return False
    return bool(last) and last.upper() == last and any(char.isalpha() for char in last)  # ALLOWED_HOSTS


def _subject(node: ast.expr, urls: dict[str, str]) -> tuple[str, frozenset[str]] | None:
    name = dotted(node)
    if isinstance(node, ast.Name) and name:
        return name, EVERYTHING
    parsed = isinstance(node, ast.Attribute) and node.attr in URL_PARTS and isinstance(node.value, ast.Name)
    if parsed and node.value.id in urls:  # type: ignore[attr-defined]
        return urls[node.value.id], frozenset({"ssrf", "redirect"})  # type: ignore[attr-defined]
    # urlparse(url).hostname in ALLOWED -> the URL goes only to allowed hosts
    if isinstance(node, ast.Attribute) and node.attr in URL_PARTS and isinstance(node.value, ast.Call):
        call = node.value
        if (
            call.args
            and isinstance(call.args[0], ast.Name)
            and (dotted(call.func) or "").endswith(("urlparse", "urlsplit"))
        ):
            return call.args[0].id, frozenset({"ssrf", "redirect"})
    return None


def _validation(call: ast.Call) -> Proof:
    callee = dotted(call.func) or ""
    if callee.rsplit(".", 1)[-1] in SAFE_URL_CHECKS and call.args and isinstance(call.args[0], ast.Name):
        return {call.args[0].id: frozenset({"redirect", "ssrf"})}
    # EMAIL_RE.fullmatch(value): a compiled pattern of ours, matched in full
    compiled = (
        isinstance(call.func, ast.Attribute) and call.func.attr == "fullmatch" and fixed_collection(call.func.value)
    )
    if compiled and call.args and isinstance(call.args[0], ast.Name):
        return {call.args[0].id: EVERYTHING}
    if isinstance(call.func, ast.Attribute) and call.func.attr == "isprintable":
        name = dotted(call.func.value)  # no control character: neither CR nor LF
        return {name: frozenset({"log", NO_CR, NO_LF})} if name else {}
    if isinstance(call.func, ast.Attribute) and call.func.attr in VALIDATING_METHODS:
        name = dotted(call.func.value)
        return {name: EVERYTHING} if name else {}
    if callee in FULL_MATCHES and len(call.args) >= 2 and isinstance(call.args[1], ast.Name):
        pattern = call.args[0]
        if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and _anchored(pattern.value, callee):
            return {call.args[1].id: EVERYTHING}
    return {}


def _anchored(pattern: str, callee: str) -> bool:
    return pattern.endswith("$") or pattern.endswith("\\Z") or callee.endswith("fullmatch")


def terminates(body: list[ast.stmt]) -> bool:
    """The block never falls through (return, raise, continue, break, abort(...))."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Return | ast.Raise | ast.Continue | ast.Break):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return (dotted(last.value.func) or "") in TERMINATORS
    return False
