"""Matchers for cryptography and transport: weak hashes and ciphers, predictable randomness,
certificate and signature checks turned off, temporary files and file modes."""

from __future__ import annotations

import ast
import re
import stat
from collections.abc import Iterator

from pavedroad.analyzers.sast.python.modules import ModuleInfo
from pavedroad.analyzers.sast.python.pattern_ast import (
    Match,
    argument,
    calls,
    dotted_name,
    imports_any,
    is_constant,
    last_name,
    method_name,
    nodes,
    qualified_name,
    string,
    target_names,
    words,
)

PYCRYPTO = ("Crypto", "Cryptodome")  # PyCrypto / PyCryptodome and PyCryptodomex
CRYPTOGRAPHY_HASHES = "cryptography.hazmat.primitives.hashes"

WEAK_HASHES: dict[str, str] = {
    "hashlib.md5": "MD5",
    "hashlib.sha1": "SHA-1",
    f"{CRYPTOGRAPHY_HASHES}.MD5": "MD5",
    f"{CRYPTOGRAPHY_HASHES}.SHA1": "SHA-1",
    **{
        f"{package}.Hash.{module}.new": label
        for package in PYCRYPTO
        for module, label in (("MD2", "MD2"), ("MD4", "MD4"), ("MD5", "MD5"), ("SHA", "SHA-1"), ("SHA1", "SHA-1"))
    },
}
WEAK_HASH_NAMES = {"md4": "MD4", "md5": "MD5", "md5-sha1": "MD5", "sha": "SHA-1", "sha1": "SHA-1"}  # hashlib.new

WEAK_CIPHERS: dict[str, str] = {
    f"{package}.Cipher.{module}.new": label
    for package in PYCRYPTO
    for module, label in (
        ("DES", "DES"),
        ("DES3", "Triple DES"),
        ("ARC2", "RC2"),
        ("ARC4", "RC4"),
        ("Blowfish", "Blowfish"),
        ("CAST", "CAST"),
    )
}
# cryptography: `algorithms.X` in hazmat.primitives.ciphers or, since 43, hazmat.decrepit.ciphers.
WEAK_ALGORITHMS = {"TripleDES": "Triple DES", "ARC4": "RC4", "Blowfish": "Blowfish", "CAST5": "CAST5", "IDEA": "IDEA",
                   "SEED": "SEED"}  # fmt: skip
PYCRYPTO_ECB = re.compile(r"Crypto(dome)?\.Cipher\.\w+\.MODE_ECB")

RANDOM_FUNCTIONS = frozenset(
    {"random", "randint", "choice", "choices", "randrange", "getrandbits", "randbytes", "shuffle", "sample"}
)
# Identifier words that name something an attacker must not guess. Words of five letters or more
# also match inside a longer word ("sessionid", "csrftoken"); shorter ones only alone or plural.
SECRET_WORDS = ("token", "password", "passwd", "pwd", "passphrase", "secret", "apikey", "otp", "totp", "hotp",
                "nonce", "salt", "session", "csrf", "xsrf")  # fmt: skip
# "key" and "code" are secret alone (`key = ...`) or with one of these words (api_key, reset_code),
# not in sort_key or status_code.
QUALIFIED_WORDS: dict[str, frozenset[str]] = {
    "key": frozenset({"api", "access", "auth", "secret", "private", "signing", "sign", "encryption", "crypt", "aes",
                      "hmac", "master", "session", "license", "activation", "recovery", "invite", "otp"}),
    "code": frozenset({"reset", "verification", "verify", "confirm", "confirmation", "auth", "otp", "mfa", "sms",
                       "login", "access", "security", "invite", "invitation", "activation", "recovery", "backup",
                       "pin", "one", "coupon", "voucher", "promo", "referral"}),
}  # fmt: skip
# Words that make a name a measure or a text-processing term: max_tokens, session_timeout, tokenizer.
ORDINARY_WORDS = frozenset({"num", "max", "min", "count", "total", "length", "len", "size", "limit", "vocab", "weight",
                            "weights", "timeout", "delay", "ttl", "tokenize", "tokenizer", "tokenized",
                            "tokenization"})  # fmt: skip

# HTTP client libraries and the keywords that turn certificate validation off when False.
TLS_CLIENTS: dict[str, tuple[str, ...]] = {
    "requests": ("verify",),
    "httpx": ("verify",),
    "aiohttp": ("ssl", "verify_ssl"),
}
CLIENT_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
                            "Client", "AsyncClient", "ws_connect", "TCPConnector"})  # fmt: skip

UNVERIFIED_TLS: dict[str, str] = {
    "ssl._create_unverified_context": "ssl._create_unverified_context() makes a TLS context that accepts any"
    " certificate for any host",
    "ssl.CERT_NONE": "ssl.CERT_NONE accepts any certificate: a machine in the middle can read and change the traffic",
    "ssl.VerifyMode.CERT_NONE": "ssl.VerifyMode.CERT_NONE accepts any certificate: a machine in the middle can read"
    " and change the traffic",
}
UNVERIFIED_TLS_NAMES = frozenset(name.rpartition(".")[2] for name in UNVERIFIED_TLS)
HOSTNAME_CHECKS = ("check_hostname", "assert_hostname")

JWT_DECODERS = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode"})
CHMOD_FUNCTIONS = frozenset({"os.chmod", "os.lchmod", "os.fchmod"})


def weak_hash(module: ModuleInfo) -> Iterator[Match]:
    """MD5 and SHA-1 (and older) hashes, unless marked `usedforsecurity=False`."""
    for call in calls(module):
        name = qualified_name(module, call)
        if name == "hashlib.new":
            algorithm = string(argument(call, 0, "name"))
            weak = WEAK_HASH_NAMES.get(algorithm.lower()) if algorithm else None
        else:
            weak = WEAK_HASHES.get(name or "")
        if weak and not is_constant(argument(call, None, "usedforsecurity"), False):
            hashlib = (name or "").startswith("hashlib.")
            opt_out = " (or pass usedforsecurity=False for a non-security checksum)" if hashlib else ""
            message = (
                f"{name}() computes {weak}, which is broken: collisions can be forged and digests of short secrets"
                f" brute-forced; use SHA-256 or better{opt_out}"
            )
            yield call, message


def weak_cipher(module: ModuleInfo) -> Iterator[Match]:
    """Broken block and stream ciphers, and ECB mode."""
    for call in calls(module):
        name = qualified_name(module, call) or ""
        parts = name.split(".")
        problem = None
        if name in WEAK_CIPHERS:
            problem = f"{name}() encrypts with {WEAK_CIPHERS[name]}, a broken or obsolete cipher"
        elif parts[0] == "cryptography" and parts[-2:-1] == ["algorithms"] and parts[-1] in WEAK_ALGORITHMS:
            problem = f"{name}() encrypts with {WEAK_ALGORITHMS[parts[-1]]}, a broken or obsolete cipher"
        elif parts[0] == "cryptography" and parts[-2:] == ["modes", "ECB"]:
            problem = f"{name}() is ECB mode, which encrypts equal blocks to equal ciphertext and leaks patterns"
        elif parts[0] in PYCRYPTO and parts[-1] == "new":
            mode_node = argument(call, 1, "mode")
            mode = qualified_name(module, mode_node) if mode_node else None
            if mode and PYCRYPTO_ECB.fullmatch(mode):
                problem = f"{name}() with {mode} encrypts equal blocks to equal ciphertext and leaks patterns"
        if problem:
            yield call, f"{problem}; use AES-GCM or ChaCha20-Poly1305 (authenticated encryption)"


def _secret_word(name: str) -> bool:
    tokens = words(name)
    if ORDINARY_WORDS.intersection(tokens):
        return False
    for word, qualifiers in QUALIFIED_WORDS.items():
        if {word, word + "s"}.intersection(tokens) and (len(tokens) == 1 or qualifiers.intersection(tokens)):
            return True
    return any(
        token in (word, word + "s") or (len(word) >= 5 and word in token) for token in tokens for word in SECRET_WORDS
    )


def _children(node: ast.AST) -> Iterator[tuple[ast.AST, tuple[str, ...]]]:
    """`node`'s children, each with the names its value is given to (a function's name for its body,
    the targets for an assigned value, the keyword for a keyword argument, the key for a dict value,
    the callee for a positional argument)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from ((child, ()) for child in (*node.decorator_list, node.args))
        yield from ((child, (f"{node.name}()",)) for child in node.body)
    elif isinstance(node, ast.Assign):
        yield from ((target, ()) for target in node.targets)
        yield node.value, tuple(name for target in node.targets for name in target_names(target))
    elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and node.value is not None:
        yield node.target, ()
        yield node.value, tuple(target_names(node.target))
    elif isinstance(node, ast.keyword):
        yield node.value, (node.arg,) if node.arg and node.arg != "key" else ()  # key=: a sort key
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            label = string(key)
            if key is not None:
                yield key, ()
            yield value, (label,) if label else ()
    elif isinstance(node, ast.Call):
        yield node.func, ()
        callee = method_name(node)
        yield from ((child, (callee,) if callee else ()) for child in node.args)
        yield from ((child, ()) for child in node.keywords)
    else:
        yield from ((child, ()) for child in ast.iter_child_nodes(node))


def insecure_random(module: ModuleInfo) -> Iterator[Match]:
    """`random` functions whose result becomes something secret (by the names it is given to)."""
    if not imports_any(module, frozenset({"random"})):
        return
    pending: list[tuple[ast.AST, tuple[str, ...]]] = [(module.tree, ())]
    while pending:
        node, names = pending.pop()
        if isinstance(node, ast.Call):
            name = qualified_name(module, node) or ""
            package, _, function = name.rpartition(".")
            secret = (
                next((label for label in reversed(names) if _secret_word(label)), None)
                if (package == "random" and function in RANDOM_FUNCTIONS)
                else None
            )
            if secret:
                use = f"in `{secret}`" if secret.endswith("()") else f"for `{secret}`"
                message = (
                    f"{name}() is a predictable generator (Mersenne Twister), used here {use};"
                    " use the secrets module (secrets.token_urlsafe, secrets.choice)"
                )
                yield node, message
        pending.extend((child, names + extra) for child, extra in reversed(list(_children(node))))


def tls_verification_disabled(module: ModuleInfo) -> Iterator[Match]:
    """requests / httpx / aiohttp calls with certificate validation turned off."""
    imported = [root for root in TLS_CLIENTS if imports_any(module, frozenset({root}))]
    if not imported:
        return
    for node in nodes(module):
        if isinstance(node, ast.Call):
            name = qualified_name(module, node)
            root = (name or "").split(".", 1)[0]
            if root in TLS_CLIENTS:
                libraries = [root]
            elif method_name(node) in CLIENT_METHODS:
                libraries = imported
            else:
                continue
            flags = {flag for library in libraries for flag in TLS_CLIENTS[library]}
            disabled = next(
                (item.arg for item in node.keywords if item.arg in flags and is_constant(item.value, False)), None
            )
            if disabled:
                message = (
                    f"{name or method_name(node)}(..., {disabled}=False) accepts any certificate: a machine in the"
                    " middle can read and change the traffic; keep verification on (pass a CA bundle if needed)"
                )
                yield node, message
        elif (
            isinstance(node, ast.Assign)
            and is_constant(node.value, False)
            and any(isinstance(target, ast.Attribute) and target.attr == "verify" for target in node.targets)
        ):
            message = "`.verify = False` on an HTTP session turns certificate validation off for every request it sends"
            yield node, message


def ssl_unverified_context(module: ModuleInfo) -> Iterator[Match]:
    """TLS contexts that skip certificate or host name checks (CERT_NONE in a comparison or as a dict key is
    being tested or mapped, not set: not reported)."""
    ignored: set[int] | None = None  # nodes inside comparisons and dict keys, found at the first candidate
    for node in nodes(module):
        if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
            if last_name(module, node) not in UNVERIFIED_TLS_NAMES:
                continue
            message = UNVERIFIED_TLS.get(qualified_name(module, node) or "")
            if message:
                ignored = _compared_or_keys(module) if ignored is None else ignored
                if id(node) not in ignored:
                    yield node, message
        elif isinstance(node, ast.Assign) and is_constant(node.value, False):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in HOSTNAME_CHECKS:
                    yield node, f"{target.attr} = False accepts a certificate issued for any other host"
        elif isinstance(node, ast.keyword) and node.arg in HOSTNAME_CHECKS and is_constant(node.value, False):
            yield node, f"{node.arg}=False accepts a certificate issued for any other host"
        elif isinstance(node, ast.keyword) and node.arg == "cert_reqs" and string(node.value) in ("CERT_NONE", "none"):
            yield node, f'cert_reqs="{string(node.value)}" accepts any certificate'


def _compared_or_keys(module: ModuleInfo) -> set[int]:
    """Ids of the nodes inside comparisons and dict keys: names there are tested or mapped, not used."""
    tests = [node for node in nodes(module) if isinstance(node, ast.Compare)]
    keys = [key for node in nodes(module) if isinstance(node, ast.Dict) for key in node.keys if key is not None]
    return {id(inner) for node in (*tests, *keys) for inner in ast.walk(node)}


def insecure_tempfile(module: ModuleInfo) -> Iterator[Match]:
    """tempfile.mktemp: a name that another process can create first."""
    for call in calls(module):
        if qualified_name(module, call) == "tempfile.mktemp":
            message = (
                "tempfile.mktemp() returns a name without creating the file: another process can create or link it"
                " first; use tempfile.mkstemp() or NamedTemporaryFile()"
            )
            yield call, message


def _algorithm_none(node: ast.expr | None) -> bool:
    elements = node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else [node] if node else []
    return any((string(element) or "").lower() == "none" for element in elements)


def jwt_verification_disabled(module: ModuleInfo) -> Iterator[Match]:
    """PyJWT / python-jose decode without signature verification or accepting the "none" algorithm."""
    for call in calls(module):
        name = qualified_name(module, call)
        if name not in JWT_DECODERS:
            continue
        options = argument(call, None, "options")
        if isinstance(options, ast.Dict) and any(
            string(key) == "verify_signature" and is_constant(value, False)
            for key, value in zip(options.keys, options.values, strict=True)
        ):
            problem = 'options={"verify_signature": False}'
        elif is_constant(argument(call, None, "verify"), False):
            problem = "verify=False"
        elif _algorithm_none(argument(call, 2, "algorithms")):
            problem = 'algorithms allowing "none"'
        else:
            continue
        message = (
            f"{name}() with {problem} accepts tokens nobody signed: anyone can forge the claims;"
            " verify with the key and an explicit list of algorithms"
        )
        yield call, message


def _mode(module: ModuleInfo, node: ast.expr | None) -> int | None:
    """A file mode written as numbers and stat constants (`0o644`, `stat.S_IRWXU | stat.S_IROTH`)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.Add):
        left, right = _mode(module, node.left), _mode(module, node.right)
        return None if left is None or right is None else left | right
    name = qualified_name(module, node) if isinstance(node, ast.Attribute | ast.Name) else None
    if name and name.startswith("stat.S_"):
        value = getattr(stat, name.removeprefix("stat."), None)
        return value if isinstance(value, int) else None
    return None


def permissive_chmod(module: ModuleInfo) -> Iterator[Match]:
    """chmod to a mode that lets any local user write the file."""
    for call in calls(module):
        name = qualified_name(module, call)
        if name in CHMOD_FUNCTIONS:
            mode_node = argument(call, 1, "mode")
        elif method_name(call) == "chmod" and isinstance(call.func, ast.Attribute) and call.args:
            mode_node = argument(call, None, "mode") or call.args[min(len(call.args), 2) - 1]  # Path / SFTP
        else:
            continue
        mode = _mode(module, mode_node)
        if mode is not None and mode & stat.S_IWOTH:
            label = name or dotted_name(call.func) or "chmod"
            message = (
                f"{label}() sets mode {oct(mode)}, which lets every user on the machine write the file;"
                " grant write to the owner (and group) only, e.g. 0o600 or 0o640"
            )
            yield call, message
