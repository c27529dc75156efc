"""Matchers for web application configuration: cookies, debug mode, Django settings, secret keys,
CSRF exemptions, listening addresses and assert-based access checks."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from pavedroad.analyzers.sast.python.modules import ModuleInfo
from pavedroad.analyzers.sast.python.pattern_ast import (
    Match,
    argument,
    assignments,
    calls,
    dotted_name,
    is_config_module,
    is_constant,
    is_non_production_name,
    is_settings_module,
    last_name,
    method_name,
    nodes,
    qualified_name,
    string,
    words,
)

# Cookie setters and the positions of secure, httponly and samesite (Flask, Django and Starlette agree).
COOKIE_SETTERS: dict[str, tuple[int | None, int | None, int | None]] = {
    "set_cookie": (6, 7, 8),
    "set_signed_cookie": (None, None, None),
}
COOKIE_FLAGS = ("secure", "httponly", "samesite")
COOKIE_RISKS = {"secure": "is also sent over plain HTTP", "httponly": "can be read by script injected into the page"}

SECRET_KEY_SETTERS = frozenset({"update", "from_mapping"})  # app.config.update(SECRET_KEY=...)
# Values that say "replace me" rather than being a key (compared without case or punctuation).
PLACEHOLDER_MARKERS = ("changeme", "changethis", "replaceme", "replacethis", "placeholder", "yoursecret",
                       "yourkey", "secretkeyhere", "fixme", "todo", "example", "dummy")  # fmt: skip
_PUNCTUATION = re.compile(r"[^a-z0-9]")

ALL_INTERFACES = frozenset({"0.0.0.0", "::", "[::]"})
# Calls that start a server, with where they take the host: a `host` keyword or a leading argument.
SERVER_CALLS = frozenset({"run", "serve", "run_simple", "run_app", "make_server", "start_server", "create_server"})

# Words of an access check. The strong ones are enough; user, role and auth also name ordinary data,
# so they count in web code or next to a check (`is_...`, `has_...`, `can_...`, `request`).
ACCESS_WORDS = frozenset({"admin", "authenticated", "authorized", "authorised", "permission", "permissions", "perm",
                          "perms", "staff", "superuser", "privilege", "privileges", "privileged"})  # fmt: skip
WEAK_ACCESS_WORDS = frozenset({"user", "users", "role", "roles", "auth"})
CHECK_PREFIXES = ("is_", "has_", "can_")


def _unset(node: ast.expr | None) -> bool:
    return node is None or is_constant(node, False) or is_constant(node, None)


def cookie_without_flags(module: ModuleInfo) -> Iterator[Match]:
    """Cookies set without `secure` or `httponly` (a missing `samesite` is named too, but alone is not reported)."""
    for call in calls(module):
        positions = COOKIE_SETTERS.get(method_name(call))
        if positions is None or not isinstance(call.func, ast.Attribute):
            continue
        if any(item.arg is None for item in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
            continue  # flags passed through **options: unknown
        if not call.keywords and (not call.args or (len(call.args) == 1 and string(call.args[0]) is None)):
            continue  # http.cookiejar's set_cookie(cookie): a client storing a cookie, not a response setting one
        missing = [
            flag for flag, index in zip(COOKIE_FLAGS, positions, strict=True) if _unset(argument(call, index, flag))
        ]
        if "secure" in missing or "httponly" in missing:
            text = ", ".join(f"{flag}=True" if flag != "samesite" else 'samesite="Lax"' for flag in missing)
            risks = [COOKIE_RISKS[flag] for flag in ("secure", "httponly") if flag in missing]
            message = f"{method_name(call)}() without {text}: the cookie {' and '.join(risks)}"
            yield call, message


def debug_enabled(module: ModuleInfo) -> Iterator[Match]:
    """`app.run(debug=True)`, and `DEBUG = True` in a Django settings module."""
    for call in calls(module):
        if (
            method_name(call) == "run"
            and isinstance(call.func, ast.Attribute)
            and is_constant(argument(call, None, "debug"), True)
        ):
            message = (
                f"{dotted_name(call.func) or 'run'}(debug=True) serves the interactive debugger, which runs"
                " any Python code a visitor types; read the setting from the environment and keep it off in"
                " production"
            )
            yield call, message
    if is_settings_module(module):
        for name, value, statement in assignments(module.tree.body):
            if name == "DEBUG" and is_constant(value, True):
                message = (
                    "DEBUG = True in Django settings shows stack traces, settings and SQL to visitors;"
                    ' read it from the environment (DEBUG = os.environ.get("DJANGO_DEBUG") == "1")'
                )
                yield statement, message


def allowed_hosts_wildcard(module: ModuleInfo) -> Iterator[Match]:
    """`"*"` in ALLOWED_HOSTS of a Django settings module."""
    if not is_settings_module(module):
        return
    for name, value, statement in assignments(module.tree.body):
        if (
            name == "ALLOWED_HOSTS"
            and isinstance(value, ast.List | ast.Tuple | ast.Set)
            and any(string(element) == "*" for element in value.elts)
        ):
            message = (
                'ALLOWED_HOSTS contains "*": Django accepts any Host header, which enables cache poisoning'
                " and poisoned password-reset links; list the site's host names"
            )
            yield statement, message


def _hardcoded(node: ast.expr | None) -> bool:
    """A literal key that is not empty and not an obvious placeholder."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str | bytes):
        return False
    text = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
    folded = _PUNCTUATION.sub("", text.lower())
    if len(set(text.strip())) <= 1 or "<" in text or "${" in text or "{{" in text:
        return False
    return not any(marker in folded for marker in PLACEHOLDER_MARKERS)


def hardcoded_secret_key(module: ModuleInfo) -> Iterator[Match]:
    """A literal SECRET_KEY: Django settings, Flask `secret_key` / `config["SECRET_KEY"]`, config classes."""
    message = (
        "the secret key is written in the source: anyone with the code can sign sessions, cookies and"
        ' reset tokens; read it from the environment (os.environ["SECRET_KEY"]) or a secrets manager'
    )
    if is_config_module(module):
        for name, value, statement in assignments(module.tree.body):
            if name == "SECRET_KEY" and _hardcoded(value):
                yield statement, f"SECRET_KEY: {message}"
    for node in nodes(module):
        if isinstance(node, ast.ClassDef):
            class_words = words(node.name)
            if {"config", "settings"}.intersection(class_words) and not is_non_production_name(node.name):
                for name, value, statement in assignments(node.body):
                    if name == "SECRET_KEY" and _hardcoded(value):
                        yield statement, f"{node.name}.SECRET_KEY: {message}"
        elif isinstance(node, ast.Assign) and _hardcoded(node.value):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "secret_key":
                    yield node, f"{dotted_name(target) or 'secret_key'}: {message}"
                elif isinstance(target, ast.Subscript) and string(target.slice) == "SECRET_KEY":
                    yield node, f'{dotted_name(target.value) or ""}["SECRET_KEY"]: {message}'
        elif (
            isinstance(node, ast.Call)
            and method_name(node) in SECRET_KEY_SETTERS
            and any(item.arg == "SECRET_KEY" and _hardcoded(item.value) for item in node.keywords)
        ):
            yield node, f"{method_name(node)}(SECRET_KEY=...): {message}"


CSRF_EXEMPT_NAMES = frozenset({"csrf_exempt", "exempt"})  # the last names _is_csrf_exempt accepts


def _is_csrf_exempt(name: str) -> bool:
    """Django's decorator (imported from django) or Flask-WTF's `csrf.exempt` on a CSRFProtect object."""
    prefix, _, last = name.rpartition(".")
    django = last == "csrf_exempt" and name.startswith("django.")
    return django or (last == "exempt" and "csrf" in words(prefix))


def csrf_exempt(module: ModuleInfo) -> Iterator[Match]:
    """Django's `csrf_exempt` (as a decorator, a call or via method_decorator) and Flask-WTF's `csrf.exempt`."""
    for node in nodes(module):
        if (
            isinstance(node, ast.Attribute | ast.Name)
            and isinstance(node.ctx, ast.Load)
            and last_name(module, node) in CSRF_EXEMPT_NAMES
        ):
            name = qualified_name(module, node)
            if name and _is_csrf_exempt(name):
                message = (
                    f"{dotted_name(node)} turns CSRF protection off: another site can make a logged-in user's"
                    " browser submit this request; keep the check and send the token (or use token authentication)"
                )
                yield node, message


def _any_interface(node: ast.expr | None, empty_too: bool = False) -> bool:
    if isinstance(node, ast.Tuple) and node.elts:
        return _any_interface(node.elts[0], empty_too=True)
    value = string(node)
    return value is not None and (value in ALL_INTERFACES or (empty_too and value == ""))


def bind_all_interfaces(module: ModuleInfo) -> Iterator[Match]:
    """Servers and sockets listening on every network interface."""
    for call in calls(module):
        method = method_name(call)
        if method == "bind":
            address = argument(call, 0, "address")
            exposed = isinstance(address, ast.Tuple) and _any_interface(address)
        elif method in SERVER_CALLS:
            listen = string(argument(call, None, "listen")) or ""
            exposed = (
                _any_interface(argument(call, None, "host"))
                or any(_any_interface(item) for item in call.args[:2])
                or listen.startswith(("0.0.0.0:", "*:"))
            )
        else:
            continue
        if exposed:
            message = (
                f"{dotted_name(call.func) or method}() listens on every network interface, so anything"
                " that can reach the machine can connect; bind to 127.0.0.1 unless it must be reachable"
            )
            yield call, message


def _type_narrowing(test: ast.expr) -> bool:
    """`isinstance(x, T)` or `x is not None`: a hint for the type checker rather than a permission check."""
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance":
        return True
    return (
        isinstance(test, ast.Compare)
        and all(isinstance(op, ast.IsNot) for op in test.ops)
        and all(is_constant(item, None) for item in test.comparators)
    )


def _mentions(test: ast.expr) -> Iterator[str]:
    """The names, attributes and strings in an assert's test (`session.get("is_admin")`: session, get, is_admin)."""
    for node in ast.walk(test):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def assert_for_access_control(module: ModuleInfo) -> Iterator[Match]:
    """`assert` checking users, roles or permissions: `python -O` removes it."""
    web_code = module.uses_web_framework
    for node in nodes(module):
        if not isinstance(node, ast.Assert) or _type_narrowing(node.test):
            continue
        mentions = list(_mentions(node.test))
        found = {word for mention in mentions for word in words(mention)}
        weak_counts = web_code or any(m.startswith(CHECK_PREFIXES) or m == "request" for m in mentions)
        if ACCESS_WORDS.intersection(found) or (weak_counts and WEAK_ACCESS_WORDS.intersection(found)):
            text = ast.unparse(node.test)
            text = text if len(text) <= 60 else text[:57] + "..."
            message = (
                f"`assert {text}` guards access, but Python drops assert statements when run with -O;"
                " check with `if` and raise PermissionError (or return 403)"
            )
            yield node, message
