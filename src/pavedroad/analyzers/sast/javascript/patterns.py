"""JavaScript rules that need no data flow: the call is the problem by itself (JWT checks switched off,
MD5 for passwords, `Math.random` for tokens, the deprecated `crypto.createCipher`). Each rule is a
row: metadata plus a matcher over one module's calls."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript.modules import ModuleIndex, qualified_name, string_value
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.rule import SastRule
from pavedroad.core.filekinds import is_test_path
from pavedroad.core.findings import Confidence, Severity

CRYPTO = "A02:2021-Cryptographic Failures"
AUTHENTICATION = "A07:2021-Identification and Authentication Failures"

Call = tuple[Node, str, list[Node]]  # (call node, qualified callee, arguments)
Matcher = Callable[[ModuleIndex, list[Call]], Iterator[tuple[Node, str]]]


@dataclass(frozen=True, slots=True)
class JsPatternRule:
    rule: SastRule
    find: Matcher  # yields (node, message) for every occurrence


pattern_rule = partial(SastRule, confidence=Confidence.HIGH)

JWT_VERIFY = ("jsonwebtoken.verify", "jose.jwtVerify", "express-jwt", "express-jwt.expressjwt")
JWT_DECODE = ("jsonwebtoken.decode", "jose.decodeJwt")
JWT_LIBRARIES = ("jsonwebtoken.", "jose.", "express-jwt", "jwt-simple.")
WEAK_HASHES = frozenset({"md5", "md4", "sha1", "sha-1", "ripemd160"})
WEAK_HASH_FUNCTIONS = frozenset({"md5", "sha1", "crypto-js.MD5", "crypto-js.SHA1", "crypto-js.md5", "crypto-js.sha1"})
PASSWORD = re.compile(r"pass(?:word|wd|phrase)?|pwd", re.IGNORECASE)
SECRET_NAME = re.compile(
    r"token|secret|password|passwd|nonce|otp|salt|session|api_?key|csrf|reset|verif|invite|auth", re.IGNORECASE
)
WEAK_CIPHER = re.compile(r"^(?:des|rc2|rc4|bf|blowfish|cast)|-ecb$", re.IGNORECASE)
NAMING_PARENTS = frozenset({"variable_declarator", "assignment_expression", "pair", "public_field_definition"})
FUNCTION_PARENTS = frozenset({"function_declaration", "method_definition", "function_expression", "arrow_function"})


def module_calls(module: ModuleIndex) -> list[Call]:
    """Every call and `new` in the module with its resolved callee, collected once for all rules."""
    calls: list[Call] = []
    for node in module.calls:
        callee = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        arguments = node.child_by_field_name("arguments")
        qualified = qualified_name(module, callee) if callee is not None else None
        if qualified:
            values = list(arguments.named_children) if arguments is not None and arguments.type == "arguments" else []
            calls.append((node, qualified, values))
    return calls


def _object_pairs(node: Node) -> Iterator[tuple[str, Node]]:
    if node.type != "object":
        return
    for entry in node.named_children:
        value = entry.child_by_field_name("value")
        if entry.type == "pair" and value is not None:
            key = entry.child_by_field_name("key")
            yield (string_value(key) if key is not None and key.type == "string" else text(key)) or "", value


def _allows_none(options: Node) -> bool:
    for key, value in _object_pairs(options):
        if key == "algorithms" and any((string_value(item) or "").lower() == "none" for item in value.named_children):
            return True
        if key == "algorithm" and (string_value(value) or "").lower() == "none":
            return True
    return False


def find_jwt_unverified(module: ModuleIndex, calls: list[Call]) -> Iterator[tuple[Node, str]]:
    verifies = any(qualified in JWT_VERIFY for _, qualified, _ in calls)
    for node, qualified, arguments in calls:
        is_jwt = qualified.startswith(JWT_LIBRARIES) or qualified in JWT_VERIFY
        if is_jwt and any(_allows_none(argument) for argument in arguments):
            yield node, f"{qualified}() accepts the `none` algorithm: unsigned tokens pass"
            continue
        if qualified == "jwt-simple.decode" and len(arguments) >= 3 and text(arguments[2]) == "true":
            yield node, "jwt-simple decode() with noVerify=true skips the signature check"
        elif qualified in JWT_DECODE and not verifies:
            yield node, f"{qualified}() reads a token without checking its signature, and nothing here verifies it"


def _naming_context(node: Node) -> str:
    """The name the value is given (variable, property, assignment target) or the enclosing function's."""
    current = node.parent
    while current is not None:
        if current.type in NAMING_PARENTS:
            target = (
                current.child_by_field_name("name")
                or current.child_by_field_name("left")
                or current.child_by_field_name("key")
                or current.child_by_field_name("property")
            )
            return text(target)
        if current.type in FUNCTION_PARENTS:
            name = current.child_by_field_name("name")
            if name is None and current.parent is not None and current.parent.type == "variable_declarator":
                name = current.parent.child_by_field_name("name")
            return text(name)
        current = current.parent
    return ""


def _statement_text(node: Node) -> str:
    current: Node | None = node
    while (
        current is not None and current.parent is not None and not current.type.endswith(("statement", "declaration"))
    ):
        current = current.parent
    return text(current)


def find_weak_password_hash(module: ModuleIndex, calls: list[Call]) -> Iterator[tuple[Node, str]]:
    if is_test_path(module.relpath):
        return  # test fixtures hash throwaway passwords
    for node, qualified, arguments in calls:
        if qualified == "crypto.createHash" and arguments:
            algorithm = (string_value(arguments[0]) or "").lower()
            if algorithm in WEAK_HASHES and _password_context(node):
                yield node, f"{algorithm} used to hash a password"
        elif qualified in WEAK_HASH_FUNCTIONS and arguments and _password_context(node):
            yield node, f"{qualified} used to hash a password"


def _password_context(node: Node) -> bool:
    return bool(PASSWORD.search(_statement_text(node)) or PASSWORD.search(_naming_context(node)))


def find_insecure_random_token(module: ModuleIndex, calls: list[Call]) -> Iterator[tuple[Node, str]]:
    if is_test_path(module.relpath):
        return  # random test tokens guard nothing
    for node, qualified, _ in calls:
        if qualified == "Math.random":
            name = _naming_context(node)
            if SECRET_NAME.search(name):
                yield node, f"Math.random() makes {name}: its output can be predicted"


def find_deprecated_cipher(module: ModuleIndex, calls: list[Call]) -> Iterator[tuple[Node, str]]:
    for node, qualified, arguments in calls:
        if qualified in {"crypto.createCipher", "crypto.createDecipher"}:
            yield node, f"{qualified}() derives the key with MD5 and no salt, and uses no IV"
        elif qualified in {"crypto.createCipheriv", "crypto.createDecipheriv"} and arguments:
            algorithm = string_value(arguments[0]) or ""
            if WEAK_CIPHER.search(algorithm):
                yield node, f"{qualified}() with {algorithm}: a broken cipher or mode"


JWT = pattern_rule(
    id="sast/js-jwt-verification-disabled",
    title="JWT accepted without a verified signature",
    severity=Severity.CRITICAL,
    cwe="CWE-347",
    owasp=AUTHENTICATION,
    rationale="Allowing the `none` algorithm, `jwt-simple`'s noVerify flag, or `jwt.decode` where no"
    " `jwt.verify` happens lets anyone forge a token with any identity and role.",
    fix="Call `jwt.verify(token, key, { algorithms: ['RS256'] })` with the algorithms you issue, and use"
    " `decode` only for display after verification.",
    vulnerable_example="const user = jwt.decode(req.headers.authorization)",
    fixed_example="const user = jwt.verify(req.headers.authorization, publicKey, { algorithms: ['RS256'] })",
)
WEAK_PASSWORD_HASH = pattern_rule(
    id="sast/js-weak-hash-password",
    title="Password hashed with MD5 or SHA-1",
    severity=Severity.HIGH,
    cwe="CWE-916",
    owasp=CRYPTO,
    rationale="MD5 and SHA-1 are fast and unsalted here: a leaked table of password hashes is cracked in"
    " hours with commodity GPUs.",
    fix="Use a slow, salted password hash: `bcrypt`, `argon2`, or `crypto.scrypt` with a random salt.",
    vulnerable_example='const hash = crypto.createHash("md5").update(password).digest("hex")',
    fixed_example="const hash = await bcrypt.hash(password, 12)",
)
INSECURE_RANDOM = pattern_rule(
    id="sast/js-insecure-random-token",
    title="Math.random used for a token or secret",
    severity=Severity.MEDIUM,
    cwe="CWE-330",
    owasp=CRYPTO,
    rationale="`Math.random` is not cryptographically secure: its state can be recovered from a few"
    " outputs, so reset tokens, session ids and nonces built from it can be predicted.",
    fix="Use `crypto.randomBytes(32).toString('hex')`, `crypto.randomUUID()` or `crypto.getRandomValues`.",
    vulnerable_example="const resetToken = Math.random().toString(36).slice(2)",
    fixed_example="const resetToken = crypto.randomBytes(32).toString('hex')",
)
DEPRECATED_CIPHER = pattern_rule(
    id="sast/js-deprecated-cipher",
    title="Deprecated or broken cipher (createCipher, DES, RC4, ECB)",
    severity=Severity.HIGH,
    cwe="CWE-327",
    owasp=CRYPTO,
    rationale="`crypto.createCipher` derives its key with one round of MD5 and uses no IV (removed in"
    " Node 22); DES, RC4 and ECB mode leak plaintext patterns or are broken outright.",
    fix="Use `crypto.createCipheriv('aes-256-gcm', key, iv)` with a random 12-byte IV and a key from `crypto.scrypt`.",
    vulnerable_example="const cipher = crypto.createCipher('aes-256-cbc', password)",
    fixed_example="const cipher = crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12))",
)

PATTERN_RULES: tuple[JsPatternRule, ...] = (
    JsPatternRule(JWT, find_jwt_unverified),
    JsPatternRule(WEAK_PASSWORD_HASH, find_weak_password_hash),
    JsPatternRule(INSECURE_RANDOM, find_insecure_random_token),
    JsPatternRule(DEPRECATED_CIPHER, find_deprecated_cipher),
)
