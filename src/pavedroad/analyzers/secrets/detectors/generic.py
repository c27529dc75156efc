"""Generic credentials: passwords, tokens and keys that no vendor prefix identifies.

Every row here is `generic`: when a vendor-specific detector matched the same text, that
finding wins. The rows are also disjoint from each other, so one leak is one finding:

* a key named like a password (`password`, `passwd`, `pwd`, `pass`, `passphrase`) goes to
  `generic-password`; one named like a token or key (`secret`, `token`, `api_key`,
  `private_key`, ...) to `generic-secret`: a key name ends in one of the two families only;
* a `Password=...` inside a `;`-separated connection string goes to
  `connection-string-password`, never to `generic-password`;
* a value that is base64 of printable text (a Kubernetes Secret `data:` entry) goes to
  `kubernetes-secret-data`; the assignment rows reject exactly those values;
* a JWT goes to `jwt`; the assignment and bearer rows reject JWT-shaped values.

Values that are placeholders, references (`${VAR}`, `os.environ[...]`), code
(`get_password()`), paths, URLs or plain identifiers (`settings.DB_PASSWORD`) are not
reported. All rows skip test and fixture paths.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.noise import is_placeholder
from pavedroad.analyzers.secrets.validators import jwt_valid, shannon_entropy
from pavedroad.core.findings import Confidence, Severity

_GENERIC_FIX = (
    "Remove the value from the file and its history, rotate it, and read it at run time from a"
    " secret manager or an environment variable (keep only a placeholder in committed examples)."
)

# Every generic row gives way to a specific detector, skips test paths and shares one fix.
_generic_detector = functools.partial(
    Detector, category="generic", in_test_paths=InTestPaths.SKIP, generic=True, fix=_GENERIC_FIX
)

# --- value checks --------------------------------------------------------------------

_FILE_NAME = re.compile(
    r"\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|txt|env|properties|ini|conf|cfg|xml|toml"
    r"|js|ts|py|rb|go|java|kt|sh|gpg|asc|enc)$",
    re.IGNORECASE,
)
_DRIVE_PATH = re.compile(r"^[A-Za-z]:\\")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]{0,64}(?:[_.:/-]{1,4}[A-Za-z0-9]{1,64}){0,32}")
_DOTTED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,64}(?:\.[A-Za-z_][A-Za-z0-9_]{0,64}){1,16}")
_WORD = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]")
# Defaults and teaching values: with a few digits or symbols added they are still not a leak.
# fmt: off
_DEFAULT_WORDS = frozenset(
    {
        "admin", "administrator", "changeit", "default", "demo", "example", "guest", "letmein",
        "mypassword", "mysecret", "mysql", "pass", "passw0rd", "password", "postgres", "pwd", "qwerty",
        "redis", "root", "sample", "secret", "supersecret", "test", "user", "welcome",
    }
)
# fmt: on


def _is_identifier_words(value: str) -> bool:
    """`settings.DB_PASSWORD`, `getPassword`, `PKCS7PrivateKeyTypes`: code, not a secret.

    A single word with digits (`hunter22`) stays a candidate password.
    """
    if _DOTTED_PATH.fullmatch(value):
        return True
    if not _IDENTIFIER.fullmatch(value):
        return False
    words = _WORD.findall(value)
    has_digits = any(char.isdigit() for char in value)
    return all(len(word) >= 2 for word in words) and (len(words) >= 2 or not has_digits)


def _is_default_word(value: str) -> bool:
    """`password123`, `Admin@1`, `changeit`: a default or teaching value, not a leak."""
    stem = re.sub(r"[^A-Za-z]+$", "", re.sub(r"^[^A-Za-z]+", "", value)).lower()
    return stem in _DEFAULT_WORDS


def base64_text(value: str) -> str | None:
    """The text a padded base64 value encodes, when it is printable text (Kubernetes `data:`)."""
    if len(value) < 8 or len(value) % 4:
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if len(decoded) < 4 or not all(char.isprintable() or char in "\r\n\t" for char in decoded):
        return None
    return decoded


# f"{password}", <password>, %(password)s, %s, get_password(), config["password"]
_TEMPLATE_OR_CODE = re.compile(r"\{[\w.\-\[\]'\" ]*\}|<[\w.\- ]*>|%\(\w+\)s|%[sd]\b|\w\(.*\)|\w\[.*\]")


def _is_reference_or_code(value: str) -> bool:
    """URLs, paths, file names, variable references, templates, calls and JWTs."""
    return (
        "://" in value
        or value.startswith("arn:")  # an AWS resource name, not a secret
        or value.startswith("_")  # a private name: `token: _BearerToken` is a type annotation
        or value.startswith(("/", "./", "../", "~/", "$", "%", "@", "&", "*", "!", "#", "\\", "-", "."))
        or _DRIVE_PATH.match(value) is not None
        or _FILE_NAME.search(value) is not None
        or _TEMPLATE_OR_CODE.search(value) is not None
        or (value.startswith("eyJ") and value.count(".") == 2)
        # Maven `{...}` and similar wrapped values are encrypted or templated, not literal.
        or (value.startswith("{") and value.endswith("}"))
    )


def _is_elided_or_public(value: str) -> bool:
    """`sk-proj-...` in docs is an elided example; `pk_live_`/`pk.` keys are publishable."""
    return "..." in value or "\u2026" in value or value.startswith(("pk_", "pk."))


def plausible_password(value: str) -> bool:
    """A literal password: not a reference, code, identifier, default word or encoded text."""
    return not (
        _is_reference_or_code(value)
        or _is_elided_or_public(value)
        or _is_identifier_words(value)
        or _is_default_word(value)
        or base64_text(value) is not None
    )


def plausible_secret(value: str) -> bool:
    """A literal token or key: as for passwords, and random enough to be generated."""
    return plausible_password(value) and shannon_entropy(value) >= 3.0


def _url_password_valid(value: str) -> bool:
    """Passwords in URLs may be short, but not format strings or defaults."""
    return not (
        value.startswith(("$", "%s", "%(", "{"))
        or (value.startswith("eyJ") and value.count(".") == 2)  # the jwt row reports those
        or _is_identifier_words(value)
        or _is_default_word(value)
    )


def _kubernetes_data_valid(value: str) -> bool:
    """Base64 of a credential: a key block, a docker config, or a plausible password."""
    decoded = base64_text(value)
    if decoded is None or is_placeholder(decoded) or _is_identifier_words(value):
        return False
    text = decoded.strip()
    if "-----BEGIN" in text and "PRIVATE KEY" in text:
        return True
    if text.startswith("{") and '"auths"' in text:
        return True
    # Words that happen to be valid base64 decode to punctuation-heavy noise; text is mostly alphanumeric.
    alphanumeric = sum(char.isalnum() for char in text)
    return alphanumeric >= 0.6 * len(text) and plausible_password(text)


def _basic_auth_valid(value: str) -> bool:
    """Base64 of `user:password`, both present, the password not a placeholder."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    user, separator, password = decoded.partition(":")
    return (
        bool(separator and user and len(password) >= 3)
        and decoded.isprintable()
        and not is_placeholder(password)
        and _url_password_valid(password)
    )


def _signed_jwt_valid(token: str) -> bool:
    """A JWT whose header names a signing algorithm and whose payload is a JSON object."""
    if not jwt_valid(token):
        return False
    header_segment, payload_segment, _signature = token.split(".")
    try:
        header = json.loads(base64.urlsafe_b64decode(header_segment + "=" * (-len(header_segment) % 4)))
        payload = json.loads(base64.urlsafe_b64decode(payload_segment + "=" * (-len(payload_segment) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return (
        isinstance(payload, dict)
        and str(header.get("alg", "")).lower() != "none"
        # The example token every JWT tutorial (and jwt.io) shows.
        and not (payload.get("sub") == "1234567890" and payload.get("name") == "John Doe")
    )


def _bearer_valid(token: str) -> bool:
    return not _is_identifier_words(token) and not _is_reference_or_code(token)


# --- patterns ----------------------------------------------------------------------------


def _separated(*words: str) -> tuple[str, ...]:
    """Keywords for a compound key name in every spelling: api_key, api-key, api.key, apikey."""
    first, second = words
    return tuple(f"{first}{separator}{second}" for separator in ("_", "-", ".", ""))


# The key family starts at the start of a name, after a separator or at a camelCase hump
# (`dbPassword`), so `compass` and `bypass` are not passwords.
_FAMILY_START = r"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))"


# Tokens that are not credentials: pagination cursors, idempotency and change tokens (AWS
# `NextToken`, `ClientToken`, `ChangeToken`), anti-CSRF tokens rendered into pages.
_NOT_CREDENTIAL_TOKENS = (
    r"(?i:(?:next|page|change|client|continuation|pagination|sync|idempotency|csrf|xsrf|cancel)"
    r"\w{0,20}?[_.-]?token)"
)


def _key_name(family: str, not_after: str = "") -> str:
    """A key name ending in `family`, then its closing quote if it had one.

    Not the last part of a `::` path (CloudFormation `AWS::AppSync::ApiKey`), not a public or
    publishable key (`publicKeyToken`, `publishable_key`), not a pagination or idempotency token.
    """
    return (
        rf"(?<![\w.:-]){not_after}(?![\w.-]{{0,40}}?(?i:public|publish))(?!{_NOT_CREDENTIAL_TOKENS}(?![\w]))"
        rf"[\w.-]{{0,40}}?{_FAMILY_START}{family}(?![\w.-])[\"'`]?"
    )


_PASSWORD_FAMILY = r"(?i:pass(?:word|wd|phrase)?|pwd)"
_SECRET_FAMILY = (
    r"(?i:secret(?:[_.-]?key)?|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|signing[_.-]?key"
    r"|encryption[_.-]?key|master[_.-]?key|credentials?)"
)
# `=`, `:`, `:=`, `=>`, and typed declarations (`password: str = "..."`), but not `==` or `::`.
_OPERATOR = (
    r"(?:[ \t]{0,2}:[ \t]{0,2}(?:str|string|String)[ \t]{0,2}=(?!=)"
    r"|[ \t]{0,4}(?::=|=>|=(?!=)|:(?![:\\/])))[ \t]{0,4}"
)


def _assigned_value(unquoted_end: str) -> str:
    """A quoted value (to its closing quote) or an unquoted one (to one of `unquoted_end`)."""
    return (
        r"(?P<q>[\"'`])?"
        r"(?P<secret>(?(q)[^\s\"'`\\]{6,256}|[^\s\"'`\\,;&(){}\[\]<>|]{6,256}))"
        rf"(?(q)(?P=q)|(?=[ \t]*(?:$|\r?\n|{unquoted_end})))"
    )


_PASSWORD_KEYWORDS = ("pass", "pwd")
_SECRET_KEYWORDS = (
    "secret",
    "token",
    "credential",
    *_separated("api", "key"),
    *_separated("access", "key"),
    *_separated("private", "key"),
    *_separated("signing", "key"),
    *_separated("encryption", "key"),
    *_separated("master", "key"),
)
DETECTORS = (
    _generic_detector(
        slug="generic-password",
        title="Hard-coded password",
        severity=Severity.HIGH,
        keywords=_PASSWORD_KEYWORDS,
        # Not inside a `;`-separated connection string: that is connection-string-password.
        pattern=_key_name(_PASSWORD_FAMILY, not_after=r"(?<!;)(?<!;[ \t])")
        + _OPERATOR
        + _assigned_value(r"[#,)}\]\"'`&]|//"),
        validator=plausible_password,
        min_entropy=2.5,
        confidence=Confidence.MEDIUM,
        rationale="A password written into code or configuration (.env, properties, YAML, JSON,"
        " INI, TOML, source) is readable by everyone with the repository, its forks and its CI logs.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="generic-secret",
        title="Hard-coded secret, token or API key",
        severity=Severity.HIGH,
        keywords=_SECRET_KEYWORDS,
        pattern=_key_name(_SECRET_FAMILY) + _OPERATOR + _assigned_value(r"[#,;)}\]\"'`&]|//"),
        validator=plausible_secret,
        min_entropy=3.0,
        confidence=Confidence.MEDIUM,
        rationale="A random-looking value assigned to a key named secret, token, API key, access"
        " key or private key is almost always a credential, whoever issued it.",
    ),
    _generic_detector(
        slug="connection-string-password",
        title="Password in a database connection string",
        severity=Severity.HIGH,
        keywords=("password", "pwd"),
        # `Server=...;User Id=...;Password=...;` (ADO.NET, ODBC, JDBC for SQL Server): the
        # password field is preceded by `;` or followed by one.
        pattern=r"(?P<pre>(?<=;)[ \t]{0,4})?(?<![\w.-])(?i:password|pwd)[ \t]*=[ \t]*"
        r"(?P<secret>[^;\"'\s]{4,128})(?(pre)(?=[ \t]*(?:;|[\"']|$|\r?\n))|(?=[ \t]*;))",
        validator=plausible_password,
        min_entropy=2.5,
        confidence=Confidence.MEDIUM,
        rationale="Connection strings in appsettings.json, web.config and .env files carry the"
        " database password next to the host and user it opens.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="url-credentials",
        title="Password in a URL",
        severity=Severity.HIGH,
        keywords=("://",),
        # scheme://user:password@host for any scheme; not `user:user@`, not example hosts.
        pattern=r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://"
        r"(?P<user>[^\s:@/?#\"'<>{}\[\]\\]{0,128}):(?!(?P=user)@)"
        r"(?P<secret>[^\s:@/?#\"'<>{}\[\]\\]{4,256})"
        r"@(?!(?:[\w-]{1,63}\.){0,8}(?:example(?:\.(?:com|org|net))?|test|invalid)(?![\w.-]))"
        r"[A-Za-z0-9._%-]{1,253}",
        validator=_url_password_valid,
        confidence=Confidence.MEDIUM,
        rationale="Database, queue and cache URLs (postgres://, mongodb+srv://, redis://, amqp://)"
        " and HTTP or FTP URLs with user:password carry the password in clear text.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="kubernetes-secret-data",
        title="Base64-encoded credential (Kubernetes Secret data)",
        severity=Severity.HIGH,
        keywords=(
            "password",
            "passwd",
            "pwd",
            "pass",
            "secret",
            "token",
            "key",
            "credential",
            "dockerconfigjson",
            "dockercfg",
        ),
        pattern=r"(?m)^[ \t]{1,12}[\"']?[\w.-]{0,60}?"
        r"(?i:pass(?:word|wd)?|pwd|secret|token|key|credentials?|dockerconfigjson|dockercfg)[\w.-]{0,60}?"
        r"[\"']?:[ \t]{1,8}[\"']?(?P<secret>[A-Za-z0-9+/]{8,16384}={0,2})[\"']?[ \t]*(?:#[^\n]*)?$",
        validator=_kubernetes_data_valid,
        confidence=Confidence.MEDIUM,
        rationale="Kubernetes Secret `data:` values are only base64-encoded, not encrypted:"
        " a committed manifest (or `kubectl get secret -o yaml` output) discloses them.",
        fix="Remove the manifest's data from the repository and its history, rotate the values,"
        " and use Sealed Secrets, SOPS or an external secret store operator instead.",
    ),
    _generic_detector(
        slug="jwt",
        title="JSON Web Token",
        severity=Severity.MEDIUM,
        keywords=("eyj",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{2,8000}"
        r"\.[A-Za-z0-9_-]{16,2000})(?![A-Za-z0-9_.-])",
        validator=_signed_jwt_valid,
        confidence=Confidence.MEDIUM,
        rationale="A signed JWT is a bearer credential until it expires; service tokens (such"
        " as Supabase service-role keys) are often issued for years.",
    ),
    _generic_detector(
        slug="basic-auth-header",
        title="HTTP Basic credentials",
        severity=Severity.HIGH,
        keywords=("basic ",),
        pattern=r"(?<![A-Za-z0-9_-])[Bb]asic[ \t]+(?P<secret>[A-Za-z0-9+/]{6,1024}={0,2})(?![A-Za-z0-9+/=_-])",
        validator=_basic_auth_valid,
        confidence=Confidence.HIGH,
        rationale="`Authorization: Basic` carries base64 of user:password, which anyone can decode.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="bearer-token",
        title="Hard-coded bearer token",
        severity=Severity.MEDIUM,
        keywords=("bearer",),
        pattern=r"(?<![A-Za-z0-9_-])[Bb]earer[ \t]+(?!eyJ)(?P<secret>[A-Za-z0-9._~+/-]{20,1024}={0,2})"
        r"(?![A-Za-z0-9._~+/=-])",
        validator=_bearer_valid,
        min_entropy=3.5,
        confidence=Confidence.MEDIUM,
        rationale="A literal `Bearer` token in code, scripts or HTTP request files authenticates whoever copies it.",
    ),
    _generic_detector(
        slug="curl-user-password",
        title="Password in a curl command",
        severity=Severity.HIGH,
        keywords=("curl",),
        pattern=r"\bcurl\b[^\n]{0,300}?[ \t](?:-u|--user)(?:[ \t]{1,4}|=)[\"']?"
        r"(?P<user>[^\s:\"'$]{1,64}):(?P<secret>[^\s\"'@]{3,128})[\"']?(?=\s|$)",
        validator=plausible_password,
        confidence=Confidence.MEDIUM,
        rationale="`curl -u user:password` in scripts, READMEs and CI steps leaves the password"
        " in the repository and in shell history.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="netrc-password",
        title="Password in a .netrc entry",
        severity=Severity.HIGH,
        keywords=("machine",),
        pattern=r"\bmachine[ \t]+\S{1,253}[ \t]+login[ \t]+\S{1,253}[ \t]+password[ \t]+(?P<secret>\S{3,256})",
        validator=plausible_password,
        confidence=Confidence.MEDIUM,
        rationale="A .netrc file gives curl, git and ftp a password for the host without asking.",
        cwe=("CWE-798", "CWE-259"),
    ),
    _generic_detector(
        slug="xml-config-password",
        title="Password or secret in XML configuration",
        severity=Severity.HIGH,
        keywords=(
            "password",
            "passwd",
            "pwd",
            "passphrase",
            "secret",
            "token",
            "apikey",
            *_separated("api", "key"),
        ),
        # <password>...</password> elements and .NET `<add key="...Password" value="..."/>` entries.
        pattern=r"(?:<(?P<tag>[A-Za-z0-9_.:-]{0,40}?(?i:password|passwd|pwd|passphrase|secret|token"
        r"|api[_.-]?key))>[ \t]*"
        r"|\b(?i:key|name)=[\"'][A-Za-z0-9_.:-]{0,40}?(?i:password|passwd|pwd|passphrase|secret|token"
        r"|api[_.-]?key)[\"'][ \t]{1,8}(?i:value)=[\"'])"
        r"(?P<secret>[^<>\"'\s]{6,256})(?(tag)[ \t]*</(?P=tag)>|[\"'])",
        validator=plausible_password,
        min_entropy=2.5,
        confidence=Confidence.MEDIUM,
        rationale="web.config, app.config, settings.xml and Spring XML files keep passwords in"
        " elements and appSettings entries.",
        cwe=("CWE-798", "CWE-259"),
    ),
)
