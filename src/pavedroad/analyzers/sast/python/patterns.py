"""Rules that need no data flow: a call, an argument or an assignment is the problem by itself
(weak hashes, disabled TLS verification, debug mode...). Each rule is a row: metadata plus a
small matcher over one module's AST (the matchers live in pattern_crypto and pattern_web)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from pavedroad.analyzers.sast.python import pattern_crypto as crypto
from pavedroad.analyzers.sast.python import pattern_web as web
from pavedroad.analyzers.sast.python.pattern_ast import Matcher, outside_tests
from pavedroad.analyzers.sast.rule import SastRule
from pavedroad.core.findings import Confidence, Severity

__all__ = ["PATTERN_RULES", "Matcher", "PatternRule"]

ACCESS = "A01:2021-Broken Access Control"
CRYPTO = "A02:2021-Cryptographic Failures"
MISCONFIG = "A05:2021-Security Misconfiguration"
AUTHENTICATION = "A07:2021-Identification and Authentication Failures"


@dataclass(frozen=True, slots=True)
class PatternRule:
    rule: SastRule
    find: Matcher  # yields (node, message) for every occurrence


pattern_rule = partial(SastRule, confidence=Confidence.HIGH)

WEAK_HASH = pattern_rule(
    id="sast/python-weak-hash",
    title="Broken hash algorithm (MD5, SHA-1)",
    severity=Severity.MEDIUM,
    cwe="CWE-328",
    owasp=CRYPTO,
    rationale="MD5 and SHA-1 collisions can be computed, and both are fast enough to brute-force hashed"
    " passwords and short secrets: a signature, integrity check or password hash built on them protects little.",
    fix="Use SHA-256 or better (`hashlib.sha256`); for passwords a slow, salted KDF (argon2, bcrypt,"
    " `hashlib.scrypt`). Where the hash is not a security control (a cache key, an ETag), say so with"
    " `usedforsecurity=False`.",
    vulnerable_example="digest = hashlib.md5(payload).hexdigest()",
    fixed_example="digest = hashlib.sha256(payload).hexdigest()\n"
    "etag = hashlib.md5(body, usedforsecurity=False).hexdigest()",
    references=(
        "https://docs.python.org/3/library/hashlib.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
    ),
)
WEAK_CIPHER = pattern_rule(
    id="sast/python-weak-cipher",
    title="Broken cipher or ECB mode",
    severity=Severity.HIGH,
    cwe="CWE-327",
    owasp=CRYPTO,
    rationale="DES keys are brute-forced in hours, RC4's keystream is biased, 64-bit block ciphers (Triple"
    " DES, Blowfish) leak plaintext over long sessions (Sweet32), and ECB mode encrypts equal blocks to"
    " equal ciphertext, so the data's structure shows through.",
    fix="Use authenticated encryption: AES-GCM or ChaCha20-Poly1305 (`cryptography`'s `AESGCM`,"
    " `ChaCha20Poly1305`, or Fernet).",
    vulnerable_example="cipher = DES.new(key, DES.MODE_ECB)",
    fixed_example="ciphertext = AESGCM(key).encrypt(nonce, data, None)",
    references=("https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html",),
)
INSECURE_RANDOM = pattern_rule(
    id="sast/python-insecure-random",
    title="Predictable random numbers used for a secret",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe="CWE-330",
    owasp=CRYPTO,
    rationale="The `random` module is a Mersenne Twister: after 624 outputs its state, and every later"
    " token, password or reset code, can be computed. Reported where the value is given a secret-sounding"
    " name (token, password, key, nonce, salt, session, code...) or made in a function so named.",
    fix="Use the `secrets` module: `secrets.token_urlsafe()`, `secrets.token_hex()`, `secrets.choice()`"
    " (or `random.SystemRandom()`).",
    vulnerable_example='reset_token = "".join(random.choices(string.ascii_letters, k=32))',
    fixed_example="reset_token = secrets.token_urlsafe(32)",
    references=("https://docs.python.org/3/library/secrets.html",),
)
TLS_VERIFICATION = pattern_rule(
    id="sast/python-tls-verification-disabled",
    title="HTTP request with certificate verification disabled",
    severity=Severity.HIGH,
    cwe="CWE-295",
    owasp=AUTHENTICATION,
    rationale="With `verify=False` any certificate is accepted, so anyone on the network path can"
    " impersonate the server, read the traffic (credentials, tokens) and change the responses.",
    fix='Leave verification on; for an internal CA pass its bundle: `verify="/path/to/ca.pem"`.',
    vulnerable_example='requests.get("https://internal.example.com/api", verify=False)',
    fixed_example='requests.get("https://internal.example.com/api", verify="/etc/ssl/internal-ca.pem")',
    references=("https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification",),
)
SSL_UNVERIFIED = pattern_rule(
    id="sast/python-ssl-unverified-context",
    title="TLS context that skips certificate or host name checks",
    severity=Severity.HIGH,
    cwe="CWE-295",
    owasp=AUTHENTICATION,
    rationale="`ssl._create_unverified_context()`, `verify_mode = ssl.CERT_NONE` and `check_hostname = False`"
    " accept certificates that are self-signed or issued for another host: the connection is encrypted"
    " to whoever intercepts it.",
    fix="Use `ssl.create_default_context()` (load a private CA with `cafile=`) and keep `check_hostname`"
    " and `CERT_REQUIRED`.",
    vulnerable_example="context = ssl._create_unverified_context()",
    fixed_example='context = ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")',
    references=("https://docs.python.org/3/library/ssl.html#security-considerations",),
)
INSECURE_TEMPFILE = pattern_rule(
    id="sast/python-insecure-tempfile",
    title="Temporary file name from tempfile.mktemp",
    severity=Severity.MEDIUM,
    cwe="CWE-377",
    owasp=ACCESS,
    rationale="`tempfile.mktemp()` only returns a name; between that and opening the file another local"
    " process can create it or a symlink in its place and read or redirect what is written.",
    fix="Create the file atomically: `tempfile.mkstemp()`, `NamedTemporaryFile()` or `TemporaryDirectory()`.",
    vulnerable_example='path = tempfile.mktemp(suffix=".csv")\nwith open(path, "w") as f: ...',
    fixed_example='with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f: ...',
    references=("https://docs.python.org/3/library/tempfile.html#tempfile.mktemp",),
)
COOKIE_FLAGS = pattern_rule(
    id="sast/python-cookie-without-flags",
    title="Cookie set without Secure or HttpOnly",
    severity=Severity.MEDIUM,
    cwe="CWE-614",
    owasp=MISCONFIG,
    rationale="Without `secure` the browser also sends the cookie over plain HTTP (CWE-614); without"
    " `httponly` script injected into the page can read it (CWE-1004); without `samesite` it rides along on"
    " cross-site requests. The message names the flags that are missing.",
    fix='Pass `secure=True, httponly=True, samesite="Lax"` (or "Strict") to `set_cookie`.',
    vulnerable_example='response.set_cookie("session", token)',
    fixed_example='response.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")',
    references=(
        "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
        "https://cwe.mitre.org/data/definitions/1004.html",
    ),
)
JWT_VERIFICATION = pattern_rule(
    id="sast/python-jwt-verification-disabled",
    title="JWT decoded without verifying its signature",
    severity=Severity.HIGH,
    cwe="CWE-347",
    owasp=CRYPTO,
    rationale='With `verify_signature` off (or the "none" algorithm allowed) a token\'s claims are whatever'
    " the client wrote: anyone can become any user or role.",
    fix='Decode with the key and an explicit algorithm list: `jwt.decode(token, key, algorithms=["HS256"])`.',
    vulnerable_example='claims = jwt.decode(token, options={"verify_signature": False})',
    fixed_example='claims = jwt.decode(token, settings.JWT_KEY, algorithms=["HS256"])',
    references=(
        "https://pyjwt.readthedocs.io/en/stable/usage.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
    ),
)
DEBUG = pattern_rule(
    id="sast/python-debug-enabled",
    title="Debug mode enabled",
    severity=Severity.MEDIUM,
    cwe="CWE-489",
    owasp=MISCONFIG,
    rationale="Flask's debugger runs Python typed into the error page; Django's DEBUG shows stack traces,"
    " settings and SQL to visitors. Settings for development or tests (settings/dev.py, test_settings.py)"
    " and test code are not reported.",
    fix='Read the flag from the environment and keep it off in production: `DEBUG = os.environ.get("DEBUG")'
    ' == "1"`, `app.run(debug=os.environ.get("FLASK_DEBUG") == "1")`.',
    vulnerable_example="app.run(debug=True)",
    fixed_example='app.run(debug=os.environ.get("FLASK_DEBUG") == "1")',
    references=(
        "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
        "https://flask.palletsprojects.com/en/stable/debugging/",
    ),
)
ALLOWED_HOSTS = pattern_rule(
    id="sast/python-allowed-hosts-wildcard",
    title="Django ALLOWED_HOSTS accepts any host",
    severity=Severity.MEDIUM,
    cwe="CWE-183",
    owasp=MISCONFIG,
    rationale='`"*"` turns off Django\'s Host header validation: absolute URLs built from the request (password'
    " reset links, redirects) and cached pages can be poisoned with an attacker's host.",
    fix='List the host names the site serves: `ALLOWED_HOSTS = ["www.example.com"]` (from the environment'
    " if they vary).",
    vulnerable_example='ALLOWED_HOSTS = ["*"]',
    fixed_example='ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
    references=("https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",),
)
SECRET_KEY = pattern_rule(
    id="sast/python-hardcoded-secret-key",
    title="Framework secret key hard-coded in the source",
    severity=Severity.HIGH,
    cwe="CWE-798",
    owasp=AUTHENTICATION,
    rationale="Django's SECRET_KEY and Flask's `secret_key` sign sessions, cookies and password-reset tokens:"
    " anyone who has the source (a leak, a fork, a former employee) can forge them. Placeholders"
    ' ("change-me") and empty values are not reported.',
    fix='Read it from the environment or a secrets manager: `SECRET_KEY = os.environ["SECRET_KEY"]`;'
    " rotate the key that was committed.",
    vulnerable_example='app.secret_key = "example-hard-coded-key"',
    fixed_example='app.secret_key = os.environ["SECRET_KEY"]',
    references=(
        "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
        "https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY",
    ),
)
CSRF_EXEMPT = pattern_rule(
    id="sast/python-csrf-exempt",
    title="View exempted from CSRF protection",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe="CWE-352",
    owasp=ACCESS,
    rationale="An exempt view accepts state-changing requests that another site makes with the user's"
    " cookies. It is right for webhooks and token-authenticated APIs, which is why confidence is medium.",
    fix="Keep CSRF protection and send the token with the request; for a webhook, verify the sender's"
    " signature instead.",
    vulnerable_example="@csrf_exempt\ndef transfer(request): ...",
    fixed_example="@require_POST\ndef transfer(request): ...  # the form includes {% csrf_token %}",
    references=(
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
    ),
)
BIND_ALL = pattern_rule(
    id="sast/python-bind-all-interfaces",
    title="Server listens on all network interfaces",
    severity=Severity.LOW,
    cwe="CWE-1327",
    owasp=MISCONFIG,
    rationale="Binding 0.0.0.0 exposes the service on every network the machine is on, including ones"
    " nobody meant to serve (a development server on public Wi-Fi). Inside a container it is usually"
    " needed, hence the low severity.",
    fix='Bind to 127.0.0.1 by default and take the address from configuration: `app.run(host=os.environ.get("HOST",'
    ' "127.0.0.1"))`.',
    vulnerable_example='app.run(host="0.0.0.0")',
    fixed_example='app.run(host=os.environ.get("HOST", "127.0.0.1"))',
    references=("https://cwe.mitre.org/data/definitions/1327.html",),
)
ASSERT_ACCESS = pattern_rule(
    id="sast/python-assert-for-access-control",
    title="Access check made with assert",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe="CWE-617",
    owasp=ACCESS,
    rationale="Python removes `assert` statements when run with `-O` (or PYTHONOPTIMIZE): a permission"
    " check written as an assert silently disappears. Test code, `isinstance` and `is not None` asserts"
    " (type narrowing) are not reported.",
    fix="Check with `if` and raise (`PermissionDenied`, `abort(403)`, `HTTPException(403)`).",
    vulnerable_example="assert request.user.is_staff",
    fixed_example="if not request.user.is_staff:\n    raise PermissionDenied",
    references=("https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement",),
)
PERMISSIVE_CHMOD = pattern_rule(
    id="sast/python-permissive-chmod",
    title="File made writable by every user",
    severity=Severity.MEDIUM,
    cwe="CWE-732",
    owasp=ACCESS,
    rationale="A world-writable file (0o777, 0o666, stat.S_IWOTH) can be changed by any local user or"
    " compromised service: scripts get code injected, configuration gets rewritten.",
    fix="Grant write to the owner (and group) only: `0o600`, `0o640`, `0o750` for directories and scripts.",
    vulnerable_example='os.chmod("/srv/app/run.sh", 0o777)',
    fixed_example='os.chmod("/srv/app/run.sh", 0o750)',
    references=("https://docs.python.org/3/library/os.html#os.chmod",),
)

PATTERN_RULES: tuple[PatternRule, ...] = (
    PatternRule(WEAK_HASH, crypto.weak_hash),
    PatternRule(WEAK_CIPHER, crypto.weak_cipher),
    PatternRule(INSECURE_RANDOM, outside_tests(crypto.insecure_random)),
    PatternRule(TLS_VERIFICATION, crypto.tls_verification_disabled),
    PatternRule(SSL_UNVERIFIED, crypto.ssl_unverified_context),
    PatternRule(INSECURE_TEMPFILE, crypto.insecure_tempfile),
    PatternRule(COOKIE_FLAGS, web.cookie_without_flags),
    PatternRule(JWT_VERIFICATION, crypto.jwt_verification_disabled),
    PatternRule(DEBUG, outside_tests(web.debug_enabled)),
    PatternRule(ALLOWED_HOSTS, outside_tests(web.allowed_hosts_wildcard)),
    PatternRule(SECRET_KEY, outside_tests(web.hardcoded_secret_key)),
    PatternRule(CSRF_EXEMPT, web.csrf_exempt),
    PatternRule(BIND_ALL, outside_tests(web.bind_all_interfaces)),
    PatternRule(ASSERT_ACCESS, outside_tests(web.assert_for_access_control)),
    PatternRule(PERMISSIVE_CHMOD, crypto.permissive_chmod),
)
