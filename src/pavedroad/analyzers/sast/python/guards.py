"""What a condition proves about a variable: `if host in ALLOWED_HOSTS:` makes `host` safe inside
the branch; `if name not in ALLOWED: abort(400)` makes it safe after the `if`. Only checks that
pin a value down count (membership in a fixed collection, a full-match validation, a digit
check, a path prefix check); a mere truthiness test proves nothing."""

from __future__ import annotations

import ast

from pavedroad.analyzers.sast.python.specs import REQUEST_ATTRIBUTES
from pavedroad.analyzers.sast.python.taint import dotted

Proof = dict[str, frozenset[str]]  # variable -> sink categories it is now safe for ("*" = all)

EVERYTHING = frozenset({"*"})
URL_PARTS = ("hostname", "netloc", "scheme")
SAFE_URL_CHECKS = ("url_has_allowed_host_and_scheme", "is_safe_url")
VALIDATING_METHODS = ("isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier")
FULL_MATCHES = ("re.fullmatch", "re.match", "fullmatch", "match")
TERMINATORS = ("abort", "flask.abort", "redirect", "sys.exit", "exit")


def proofs(test: ast.expr, parsed_urls: dict[str, str] | None = None) -> tuple[Proof, Proof]:
    """(what holds when `test` is true, what holds when it is false). `parsed_urls` maps names holding
    `urlparse(url)` to the URL's name, so `parts.hostname in ALLOWED` speaks about `url`."""
    urls = parsed_urls or {}
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        true, false = proofs(test.operand, urls)
        return false, true
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        # `if bad_scheme or host not in ALLOWED: raise` -> after it, every operand is false
        either: Proof = {}
        for value in test.values:
            _, false = proofs(value, urls)
            for name, categories in false.items():
                either[name] = either.get(name, frozenset()) | categories
        return {}, either
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        combined: Proof = {}
        for value in test.values:
            true, _ = proofs(value, urls)
            for name, categories in true.items():
                combined[name] = combined.get(name, frozenset()) | categories
        return combined, {}
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and fixed_collection(test.comparators[0]):
        subject = _subject(test.left, urls)
        if subject is not None:
            proof = {subject[0]: subject[1]}
            if isinstance(test.ops[0], ast.In):
                return proof, {}
            if isinstance(test.ops[0], ast.NotIn):
                return {}, proof
    if isinstance(test, ast.Call):
        return _validation(test), {}
    return {}, {}


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
    # path.resolve().is_relative_to(BASE)
    if isinstance(call.func, ast.Attribute) and call.func.attr == "is_relative_to":
        inner = call.func.value
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and isinstance(inner.func.value, ast.Name)
        ):
            return {inner.func.value.id: frozenset({"path"})}
    if isinstance(call.func, ast.Attribute) and call.func.attr in VALIDATING_METHODS:
        name = dotted(call.func.value)
        return {name: EVERYTHING} if name else {}
    if callee in FULL_MATCHES and len(call.args) >= 2 and isinstance(call.args[1], ast.Name):
        pattern = call.args[0]
        if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and _anchored(pattern.value, callee):
            return {call.args[1].id: EVERYTHING}
    # os.path.realpath(path).startswith(BASE) -> the path stays under BASE
    if isinstance(call.func, ast.Attribute) and call.func.attr == "startswith":
        inner = call.func.value
        if isinstance(inner, ast.Call) and (dotted(inner.func) or "").endswith(("realpath", "abspath", "resolve")):
            target = (
                inner.args[0] if inner.args else (inner.func.value if isinstance(inner.func, ast.Attribute) else None)
            )
            if isinstance(target, ast.Name):
                return {target.id: frozenset({"path"})}
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
