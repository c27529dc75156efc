"""Sources, sinks and sanitisers as data. Callees are qualified names after import resolution
(`from subprocess import run as r` makes `r(...)` a call of "subprocess.run"); a name starting
with "." matches a method of that name on any receiver (`cursor.execute`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

# Attributes of a web request object that carry what the client sent.
REQUEST_ATTRIBUTES = frozenset(
    {
        # Flask / Werkzeug
        "args", "form", "values", "json", "data", "files", "cookies", "headers", "get_json", "get_data",
        "stream", "path", "full_path", "url", "base_url", "query_string", "view_args", "environ",
        # Django
        "GET", "POST", "body", "COOKIES", "META", "FILES", "read",
        # Starlette / FastAPI / aiohttp
        "query_params", "path_params", "match_info", "text", "post", "content", "query", "rel_url",
    }
)  # fmt: skip
REQUEST_NAMES = frozenset({"request", "req", "self.request"})

# Calls whose result comes from outside the program (high confidence unless noted).
SOURCE_CALLS: dict[str, str] = {
    "input": "input()",
    "raw_input": "raw_input()",
    "flask.request.get_json": "request body",
    "socket.socket.recv": "socket data",
    ".recv": "socket data",
    ".recvfrom": "socket data",
    ".parse_args": "command-line arguments",
    ".parse_known_args": "command-line arguments",
}
# Environment: attacker-controlled only in some deployments (reported at low confidence).
ENVIRONMENT_SOURCES = frozenset({"os.environ", "os.getenv", "os.environ.get"})
# Where a value from the environment is worth reporting: configuration choosing a file or URL is
# normal; configuration turned into code or a shell command is a risk whoever sets it.
ENVIRONMENT_CATEGORIES = frozenset({"command", "code", "sql", "deserialization", "ssti"})
# Input from the person running a command-line tool: their own files and URLs are theirs to choose.
LOCAL_USER_SOURCES = ("command-line", "input()", "raw_input()")
LOCAL_CATEGORIES = frozenset({"path", "ssrf", "redirect", "xss", "header", "log", "regex"})
WEB_FRAMEWORKS = (
    "flask",
    "django",
    "fastapi",
    "starlette",
    "aiohttp",
    "quart",
    "sanic",
    "bottle",
    "pyramid",
    "tornado",
    "falcon",
    "werkzeug",
    "rest_framework",
)
ARGV = "sys.argv"


@dataclass(frozen=True, slots=True)
class Sink:
    category: str
    callee: str
    args: tuple[int, ...] = (0,)
    keywords: tuple[str, ...] = ()
    when: Callable[[ast.Call], bool] | None = None  # an extra condition on the call (shell=True...)
    receiver: bool = False  # the object the method is called on is what matters (path.read_text())
    state: str | None = None  # only on an object an earlier call switched into this state (STATE_SWITCHES)


# Facts: what a check or a transformation established about a value. They are kept per source with
# the categories the value is sanitised for (and, like them, only where every path established
# them). A fact alone clears no category: FACT_RULES say which facts together clear which.
RESOLVED_PATH = "fact:resolved-path"  # realpath()/resolve() output: no "..", so a prefix check means containment
NO_CR = "fact:no-cr"
NO_LF = "fact:no-lf"
STARTS_WITH_SLASH = "fact:starts-with-/"
NOT_DOUBLE_SLASH = "fact:not-//"  # "//host/x" is another site to a browser
NOT_SLASH_BACKSLASH = "fact:not-/\\"  # and so is "/\\host/x"
FACT_RULES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    # neither CR nor LF left: a header value cannot start another header line
    (frozenset({NO_CR, NO_LF}), frozenset({"header"})),
    # "/x...": a path on this site, not "//host" or "/\\host" (which browsers read as another host)
    (frozenset({STARTS_WITH_SLASH, NOT_DOUBLE_SLASH, NOT_SLASH_BACKSLASH}), frozenset({"redirect"})),
)
# Calls returning a normalised path (resolve() and realpath() also follow symlinks): a path from
# them that starts with BASE lies under BASE, which `BASE / "../x"` or "/base/../etc" do not.
RESOLVING_CALLS = frozenset({"os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath",
                             "posixpath.abspath", "posixpath.normpath", "ntpath.realpath", "ntpath.abspath",
                             "ntpath.normpath", ".resolve"})  # fmt: skip


def _keyword_is(name: str, value: object) -> Callable[[ast.Call], bool]:
    def check(call: ast.Call) -> bool:
        return any(
            keyword.arg == name and isinstance(keyword.value, ast.Constant) and keyword.value.value == value
            for keyword in call.keywords
        )

    return check


# YAML loaders that construct no arbitrary objects: PyYAML's safe and base loaders, and
# well-known libraries' subclasses of them (pySigma's SigmaYAMLLoader is a CSafeLoader).
SAFE_YAML_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "SigmaYAMLLoader"})


def _no_safe_loader(call: ast.Call) -> bool:
    """yaml.load without a loader of SAFE_YAML_LOADERS."""
    loaders = [keyword.value for keyword in call.keywords if keyword.arg == "Loader"]
    loaders += call.args[1:2]
    for loader in loaders:
        name = loader.attr if isinstance(loader, ast.Attribute) else loader.id if isinstance(loader, ast.Name) else ""
        if name in SAFE_YAML_LOADERS:
            return False
    return True


def _unfiltered_tar(call: ast.Call) -> bool:
    """tarfile's extractall without a filter or a member list: names like ../../x escape.
    (zipfile removes such names itself, so only tar archives are judged.)"""
    receiver = ast.unparse(call.func.value).lower() if isinstance(call.func, ast.Attribute) else ""
    keywords = {keyword.arg for keyword in call.keywords}
    return "tar" in receiver and not keywords & {"filter", "members"}


def _hardened_lxml_parser(call: ast.Call) -> bool:
    """lxml given `XMLParser(resolve_entities=False, ...)` (inline or by keyword) expands no entities."""
    parser = next((keyword.value for keyword in call.keywords if keyword.arg == "parser"), None)
    if parser is None and len(call.args) > 1:
        parser = call.args[1]
    if not isinstance(parser, ast.Call):
        return False
    return any(
        keyword.arg == "resolve_entities" and isinstance(keyword.value, ast.Constant) and keyword.value.value is False
        for keyword in parser.keywords
    )


def _plain_text(call: ast.Call) -> bool:
    """HttpResponse(..., content_type="text/plain" / "application/json"): the browser renders no HTML."""
    for keyword in call.keywords:
        if keyword.arg in ("content_type", "mimetype") and isinstance(keyword.value, ast.Constant):
            return "html" not in str(keyword.value.value)
    return False


def _query_text_argument(call: ast.Call) -> bool:
    """asyncpg's `conn.fetch(sql)`: not `client.fetch(Request(...))`, an object built from a class."""
    if not call.args:
        return True
    argument = call.args[0]
    if isinstance(argument, ast.Call):
        name = argument.func.attr if isinstance(argument.func, ast.Attribute) else getattr(argument.func, "id", "")
        return not name[:1].isupper()
    return True


def _leading_text(node: ast.expr) -> str:
    """The literal text an f-string, concatenation or %-format starts with ("" when unknown)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _leading_text(node.values[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _leading_text(node.left)
    return ""


def _not_a_local_path(call: ast.Call) -> bool:
    """A redirect to "/findings/{id}" stays on this site whatever the id: only "/x..." (not "//",
    which browsers read as another host) fixes the destination's origin."""
    target = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("url", "location")), None)
    if target is None:
        return True
    prefix = _leading_text(target)
    return not (len(prefix) >= 2 and prefix[0] == "/" and prefix[1] not in "/\\")


def _replaced_line_breaks(call: ast.Call) -> frozenset[str]:
    """`value.replace("\\r", "")`: a log line cannot be split by the CR or LF replaced (as before);
    for a header, each call removes one of CR and LF (NO_CR, NO_LF), and only both together count.
    A replacement that itself holds a line break, or a count (only the first ones), removes nothing."""
    old = call.args[0] if call.args else None
    if not (isinstance(old, ast.Constant) and isinstance(old.value, str)):
        return frozenset()
    cleared = {"log"} if "\n" in old.value or "\r" in old.value else set()
    new = call.args[1] if len(call.args) == 2 and not call.keywords else None
    text = new.value if isinstance(new, ast.Constant) and isinstance(new.value, str) else None
    if text is not None and "\r" not in text and "\n" not in text:
        cleared |= {fact for char, fact in (("\r", NO_CR), ("\n", NO_LF)) if old.value == char}
    return frozenset(cleared)


_CHARACTER_CLASS = re.compile(r"\[\^?(?:\\.|[^\\\]\[])+\][+*]?")


def _substituted_line_breaks(call: ast.Call) -> frozenset[str]:
    """`re.sub(r"[\\r\\n]", "", value)`: a pattern of one character class that matches both CR and LF
    (`[\\r\\n]+`, `[\\s]`, `[^A-Za-z0-9._-]`...), replaced everywhere by text without a line break,
    leaves neither in the result. Only a header is safe from that (NO_CR and NO_LF)."""
    if len(call.args) < 3 or any(keyword.arg not in ("count", "flags") for keyword in call.keywords):
        return frozenset()
    pattern, replacement = call.args[0], call.args[1]
    counts = [*call.args[3:4], *(keyword.value for keyword in call.keywords if keyword.arg == "count")]
    if any(not (isinstance(count, ast.Constant) and count.value == 0) for count in counts):
        return frozenset()  # only the first `count` matches are replaced
    if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
        return frozenset()
    if not (isinstance(replacement, ast.Constant) and isinstance(replacement.value, str)):
        return frozenset()
    if any(char in replacement.value for char in "\r\n\\"):  # "\\n" in a replacement is a line break too
        return frozenset()
    if not _CHARACTER_CLASS.fullmatch(pattern.value):
        return frozenset()
    try:
        compiled = re.compile(pattern.value.rstrip("+*"))
    except re.error:
        return frozenset()
    if compiled.fullmatch("\r") and compiled.fullmatch("\n"):
        return frozenset({NO_CR, NO_LF})
    return frozenset()


# Calls that remove characters from text: callee -> what the result is then safe for (categories and
# facts, from the call's constant arguments). A method's value is the object it is called on
# (`value.replace(...)`), a function's its arguments (`re.sub(pattern, "", value)`).
STRIPPING_CALLS: dict[str, Callable[[ast.Call], frozenset[str]]] = {
    ".replace": _replaced_line_breaks,
    "re.sub": _substituted_line_breaks,
}

shell_true = _keyword_is("shell", True)

# SAX readers: `reader.setFeature(feature_external_ges, True)` makes the reader fetch external entities
# (off by default since Python 3.7.1), so its later `reader.parse(...)` / `feed(...)` is an XXE sink.
EXTERNAL_ENTITIES = "resolves-external-entities"
EXTERNAL_ENTITY_FEATURES = frozenset({"feature_external_ges", "feature_external_pes",
                                      "http://xml.org/sax/features/external-general-entities",
                                      "http://xml.org/sax/features/external-parameter-entities"})  # fmt: skip
# Calls switching an object's state: method -> (the options it names as its first argument, the state a
# constant true second argument switches on and a constant false one off).
STATE_SWITCHES: dict[str, tuple[frozenset[str], str]] = {".setFeature": (EXTERNAL_ENTITY_FEATURES, EXTERNAL_ENTITIES)}

SINKS: tuple[Sink, ...] = (
    # SQL
    *(Sink("sql", callee) for callee in (".execute", ".executemany", ".executescript", ".raw", ".mogrify")),
    Sink("sql", "sqlalchemy.text"),
    Sink("sql", "sqlalchemy.sql.text"),
    Sink("sql", "django.db.models.expressions.RawSQL"),
    Sink("sql", ".extra", args=(), keywords=("where", "select", "tables")),
    Sink("sql", "pandas.read_sql"),
    *(Sink("sql", callee, when=_query_text_argument) for callee in (".fetch", ".fetchrow", ".fetchval")),
    *(Sink("sql", callee) for callee in ("sqlalchemy.literal_column", "sqlalchemy.sql.expression.literal_column")),
    Sink("sql", "pandas.read_sql_query"),
    # OS commands
    *(Sink("command", callee) for callee in ("os.system", "os.popen", "os.popen2", "os.popen3", "commands.getoutput",
                                            "subprocess.getoutput", "subprocess.getstatusoutput")),
    *(Sink("command", f"os.{name}") for name in ("execl", "execle", "execlp", "execv", "execve", "execvp", "spawnl",
                                                 "spawnv", "spawnve", "spawnvp", "startfile")),
    *(Sink("command", f"subprocess.{name}", keywords=("args",), when=shell_true)
      for name in ("run", "call", "check_call", "check_output", "Popen")),
    *(Sink("command_program", f"subprocess.{name}") for name in ("run", "call", "check_call", "check_output", "Popen")),
    Sink("command", "asyncio.create_subprocess_shell"),
    # code
    *(Sink("code", callee) for callee in ("eval", "exec", "compile", "__import__", "importlib.import_module")),
    # deserialisation
    *(Sink("deserialization", callee) for callee in ("pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load",
                                                    "marshal.loads", "marshal.load", "dill.loads", "dill.load",
                                                    "jsonpickle.decode", "shelve.open", "pandas.read_pickle",
                                                    "joblib.load", "torch.load")),
    Sink("deserialization", "yaml.load", when=_no_safe_loader),
    Sink("deserialization", "yaml.load_all", when=_no_safe_loader),
    Sink("deserialization", "yaml.unsafe_load"),
    Sink("deserialization", "numpy.load", when=_keyword_is("allow_pickle", True)),
    Sink("deserialization", "yaml.full_load"),
    # paths
    *(Sink("path", callee) for callee in ("open", "io.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir",
                                         "os.listdir", "os.makedirs", "os.mkdir", "os.rename", "shutil.rmtree",
                                         "shutil.copy", "shutil.copyfile", "shutil.move", "flask.send_file",
                                         "os.scandir", "aiofiles.open", "shelve.open",
                                         "starlette.responses.FileResponse", "fastapi.responses.FileResponse")),
    Sink("path", "os.rename", args=(0, 1)),
    Sink("path", "os.replace", args=(0, 1)),
    Sink("path", ".save", args=(0,), keywords=("dst",)),
    Sink("path", ".extractall", args=(), receiver=True, when=lambda call: _unfiltered_tar(call)),
    *(Sink("path", method, args=(), receiver=True) for method in (".read_text", ".read_bytes", ".write_text",
                                                                  ".write_bytes", ".unlink", ".rmdir")),
    Sink("path", "flask.send_from_directory", args=(0,)),
    Sink("path", "django.http.FileResponse"),
    Sink("path", ".extractall", args=(0,), keywords=("path",)),
    # SSRF
    *(Sink("ssrf", f"requests.{name}") for name in ("get", "post", "put", "patch", "delete", "head", "options")),
    Sink("ssrf", "requests.request", args=(1,), keywords=("url",)),
    *(Sink("ssrf", f"httpx.{name}") for name in ("get", "post", "put", "patch", "delete", "head", "stream")),
    Sink("ssrf", "urllib.request.urlopen"),
    Sink("ssrf", "urllib.request.Request"),
    Sink("ssrf", "urllib2.urlopen"),
    Sink("ssrf", "urllib.urlopen"),
    Sink("ssrf", "aiohttp.ClientSession.get"),
    # XSS
    *(Sink("xss", callee) for callee in ("markupsafe.Markup", "flask.Markup", "jinja2.Markup",
                                        "django.utils.safestring.mark_safe", "django.utils.html.format_html",
                                        "starlette.responses.HTMLResponse", "fastapi.responses.HTMLResponse")),
    Sink("xss", "django.http.HttpResponse", when=lambda call: not _plain_text(call)),
    Sink("xss", "flask.make_response"),
    # template injection
    *(Sink("ssti", callee) for callee in ("flask.render_template_string", "jinja2.Template", ".from_string",
                                         "mako.template.Template", "django.template.Template")),
    # redirects
    *(Sink("redirect", callee, keywords=("url", "redirect_to", "location"), when=_not_a_local_path)
      for callee in ("flask.redirect", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
                     "django.http.HttpResponsePermanentRedirect", "starlette.responses.RedirectResponse",
                     "fastapi.responses.RedirectResponse")),
    # XML. The standard library's expat parsers (xml.etree, xml.dom.minidom, xml.sax) resolve no
    # external entities since Python 3.7.1, so they are no XXE sinks; a SAX reader whose
    # feature_external_ges was switched on is. lxml resolves them unless told not to.
    *(Sink("xxe", callee, when=lambda call: not _hardened_lxml_parser(call))
      for callee in ("lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.parse")),
    *(Sink("xxe", method, state=EXTERNAL_ENTITIES) for method in (".parse", ".feed")),
    # LDAP, XPath
    Sink("ldap", ".search_s", args=(2,), keywords=("filterstr",)),
    Sink("ldap", ".search", args=(1,), keywords=("search_filter",)),
    Sink("ldap", ".search_ext_s", args=(2,), keywords=("filterstr",)),
    Sink("xpath", ".xpath"),
    Sink("xpath", "lxml.etree.XPath"),
    # regular expressions
    *(Sink("regex", f"re.{name}") for name in ("compile", "match", "search", "fullmatch", "findall", "finditer",
                                               "sub", "split")),
    # NoSQL
    *(Sink("nosql", callee) for callee in (".find", ".find_one", ".aggregate", ".count_documents", ".delete_many",
                                          ".update_many")),
    # logs
    *(Sink("log", f".{name}", args=(0, 1, 2, 3, 4, 5)) for name in ("debug", "info", "warning", "warn", "error",
                                                                    "critical", "exception")),
)  # fmt: skip

# Sanitisers: callee -> the categories whose danger they remove ("*" = every category).
SANITIZERS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("int", "float", "bool", "uuid.UUID", "len", "abs", "round", "ord", "hash", "id",
                     "decimal.Decimal", "datetime.date.fromisoformat", "ipaddress.ip_address"), frozenset({"*"})),
    **dict.fromkeys(("shlex.quote", "pipes.quote"), frozenset({"command"})),
    **dict.fromkeys(("html.escape", "markupsafe.escape", "flask.escape", "django.utils.html.escape",
                     "cgi.escape", "bleach.clean", "markupsafe.Markup.escape", "flask.render_template",
                     "django.shortcuts.render", "django.template.loader.render_to_string"), frozenset({"xss"})),
    # secure_filename keeps only ASCII letters, digits, "_", "-" and ".": safe in a path and in a shell
    **dict.fromkeys(("werkzeug.utils.secure_filename", "werkzeug.secure_filename"), frozenset({"path", "command"})),
    **dict.fromkeys(("os.path.basename",), frozenset({"path"})),
    **dict.fromkeys(("re.escape",), frozenset({"regex"})),
    **dict.fromkeys(("ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars",
                     "ldap.filter.filter_format"), frozenset({"ldap"})),
    **dict.fromkeys(("psycopg2.sql.Identifier", "psycopg2.sql.Literal", "psycopg.sql.Identifier",
                     "psycopg.sql.Literal"), frozenset({"sql"})),
    **dict.fromkeys(("str",), frozenset({"nosql"})),  # a string cannot carry a query operator
    # SQLAlchemy's statement builders send values as bound parameters, never as SQL text
    **dict.fromkeys(("sqlalchemy.select", "sqlalchemy.insert", "sqlalchemy.update", "sqlalchemy.delete",
                     "sqlalchemy.sql.select", "sqlalchemy.dialects.postgresql.insert",
                     "sqlalchemy.dialects.sqlite.insert", ".where", ".values", ".filter_by", ".on_conflict_do_nothing",
                     ".on_conflict_do_update"), frozenset({"sql"})),
    **dict.fromkeys(("json.dumps",), frozenset({"command", "code", "path", "ssrf", "redirect", "header", "log"})),
    **dict.fromkeys(("defusedxml.ElementTree.fromstring", "defusedxml.lxml.fromstring",
                     "defusedxml.minidom.parseString"), frozenset({"xxe"})),
    **dict.fromkeys(("django.utils.http.url_has_allowed_host_and_scheme", "urllib.parse.quote",
                     "urllib.parse.quote_plus"), frozenset({"redirect", "header", "ssrf", "path"})),
}  # fmt: skip

# Methods that put their arguments into the object they are called on (`parts.append(x)`).
STORING_METHODS = frozenset({"append", "extend", "add", "insert", "update", "appendleft", "setdefault", "write",
                             "writelines", "put", "setByteStream", "setCharacterStream"})  # fmt: skip
# Calls that run a function later with the given arguments: (method, index of the function argument).
DEFERRED_CALLS = {"delay": None, "add_task": 0, "submit": 0, "run_in_executor": 1, "apply_async": None}

# Calls that never pass taint on (type checks, sizes, booleans).
CLEAN_CALLS = frozenset({"isinstance", "issubclass", "hasattr", "callable", "type", "print", "len", "bool", "any",
                         "all", "id", "hash", "os.path.exists", "os.path.isfile", "os.path.isdir", "flask.url_for",
                         "django.urls.reverse"})  # fmt: skip
