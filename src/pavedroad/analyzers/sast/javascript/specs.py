"""Sources, sinks and sanitisers of the JavaScript/TypeScript engine, as data.

Callees are qualified names after import resolution: `const { exec } = require("child_process")`
makes `exec(...)` a call of "child_process.exec"; module names are normalised ("node:fs" → "fs",
"fs/promises" → "fs.promises", "lodash/merge" → "lodash.merge"). A key starting with "." matches a
method of that name on any receiver (`pool.query`, `knex.raw`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Parameters with these names hold the incoming request (Express `req`, Koa `ctx`, Fastify and
# Next.js `request`); route handlers registered by reference get the same treatment for their first one.
REQUEST_NAMES = frozenset({"req", "request", "ctx"})
RESPONSE_NAMES = frozenset({"res", "response", "resp", "reply"})
# `ctx.request.body` (Koa) and `req.raw` (Fastify's Node request) are the request again.
REQUEST_WRAPPERS = frozenset({"request", "req", "raw"})

# Attributes of a request object that carry what the client sent.
REQUEST_ATTRIBUTES = frozenset(
    {
        "query", "params", "body", "headers", "cookies", "signedCookies", "url", "originalUrl", "path",
        "hostname", "host", "get", "header", "param", "json", "text", "formData", "nextUrl", "searchParams",
        "querystring", "search", "href", "files", "file", "rawBody", "asPath",
    }
)  # fmt: skip
# Only these can hold objects (a JSON body, `?a[$ne]=1` parsed by qs): the rest are always strings,
# so they cannot smuggle query operators into a MongoDB filter.
STRUCTURED_ATTRIBUTES = frozenset({"query", "body", "json", "formData", "files", "file"})
STRING_ONLY_CATEGORIES = frozenset({"nosql"})
# What upload middleware (multer) sets on `req.file` itself: the temporary path it chose, not the client.
UPLOAD_OBJECTS = frozenset({"file"})
SERVER_SET_UPLOAD_PROPERTIES = frozenset({"path", "filename", "destination", "size"})

# Next.js app router: `export async function GET(request, { params })`.
ROUTE_EXPORTS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
# `app.get("/path", handler)`, `router.post(...)`, `fastify.route(...)`: the callback's first
# parameter is the request, its second the response.
ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head"})

# What a page's address and the browser hand to script: attacker-chosen through a crafted link, but
# only dangerous where the page itself turns them into markup, code or navigation.
BROWSER_SOURCES = frozenset(
    {
        "location.hash", "location.search", "location.href", "location.pathname", "document.URL",
        "document.documentURI", "document.referrer", "document.cookie", "window.name", "document.location.hash",
        "document.location.search", "document.location.href",
    }
)  # fmt: skip
BROWSER_PROPERTIES = frozenset(source.rsplit(".", 1)[1] for source in BROWSER_SOURCES)
BROWSER_CATEGORIES = frozenset({"dom-xss", "code", "redirect", "regex"})
# Hooks returning the page's URL parameters (Next.js, React Router).
SOURCE_CALLS: dict[str, str] = {
    "useSearchParams": "useSearchParams()",
    "next/navigation.useSearchParams": "useSearchParams()",
    "react-router-dom.useSearchParams": "useSearchParams()",
    "react-router-dom.useParams": "useParams()",
    "next/navigation.useParams": "useParams()",
}
# Calls returning an object with request attributes (`router.query` of Next.js pages).
REQUEST_CALLS = frozenset({"next/router.useRouter", "useRouter"})

# Code that mentions none of these cannot read a source itself: it is analysed only when called
# (through its summary), which keeps large dependency-free libraries cheap.
SOURCE_HINT = re.compile(
    r"\b(?:req|request|ctx|location|document|URL|referrer|cookie|useSearchParams|useParams|useRouter|"
    r"addEventListener|window)\b"
)
MODULE_SYNONYMS = {"fs-extra": "fs", "graceful-fs": "fs", "lodash-es": "lodash", "isomorphic-dompurify": "dompurify"}

ALL = "*"  # a sanitiser clearing every category: the value is a number, a boolean, a hash


@dataclass(frozen=True, slots=True)
class Sink:
    """`arguments` are the dangerous positions (None: all); `receiver` "response" limits a method to a
    response object; `shell_arguments` become dangerous when an options object has `shell: true`;
    `url_keys` are the properties that matter when the argument is an object literal (axios config);
    `header` requires the first argument to be that header name (`setHeader("Location", ...)`)."""

    category: str
    arguments: tuple[int, ...] | None = (0,)
    receiver: str = ""
    shell_arguments: tuple[int, ...] = ()
    url_keys: frozenset[str] = frozenset()
    header: str = ""
    json_objects: bool = False  # an object literal is sent as JSON, not HTML
    root_option: bool = False  # `{ root: dir }` confines the path (Express sendFile)


RESPONSE = "response"
JQUERY = "jquery"  # a method on `$(...)` / `jQuery(...)`
JQUERY_FUNCTIONS = frozenset({"$", "jQuery"})
MESSAGE_EVENT = "message"  # addEventListener("message", (event) => ...): event.data is another window's
URL_KEYS = frozenset({"url", "baseURL", "host", "hostname"})
FS_FUNCTIONS = (
    "readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync",
    "createReadStream", "createWriteStream", "unlink", "unlinkSync", "rm", "rmSync", "readdir",
    "readdirSync", "open", "openSync", "stat", "statSync", "access", "accessSync", "mkdir", "mkdirSync",
    "rename", "renameSync", "copyFile", "copyFileSync", "readJson", "readJsonSync", "outputFile", "remove",
)  # fmt: skip
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")


FS_TWO_PATHS = frozenset(
    {"rename", "renameSync", "copyFile", "copyFileSync", "symlink", "symlinkSync", "link", "linkSync"}
)


def _fs_sinks() -> dict[str, Sink]:
    return {
        f"fs{promises}.{name}": Sink("path", (0, 1) if name in FS_TWO_PATHS else (0,))
        for name in (*FS_FUNCTIONS, *FS_TWO_PATHS)
        for promises in ("", ".promises")
    }


def _http_client_sinks() -> dict[str, Sink]:
    sink = Sink("ssrf", (0,), url_keys=URL_KEYS)
    clients: dict[str, Sink] = {
        "fetch": sink, "node-fetch": sink, "axios": sink, "got": sink, "needle": sink, "request": sink,
        "undici.request": sink, "undici.fetch": sink, "http.get": sink, "http.request": sink,
        "https.get": sink, "https.request": sink, "superagent": sink,
    }  # fmt: skip
    for client in ("axios", "got", "needle", "superagent", "request"):
        clients.update({f"{client}.{verb}": sink for verb in HTTP_VERBS})
    return clients


SHELL = Sink("command", (0,))
PROGRAM = Sink("command", (0,), shell_arguments=(1,))
CODE = Sink("code", (0,))
SQL = Sink("sql", (0,))
NOSQL = Sink("nosql", (0,))
TEMPLATE = Sink("ssti", (0,))
DESERIALISE = Sink("deserialization", (0,))
MERGE = Sink("prototype", None)

CALL_SINKS: dict[str, Sink] = {
    # OS commands: a shell string, or the program itself chosen by input
    "child_process.exec": SHELL, "child_process.execSync": SHELL, "shelljs.exec": SHELL,
    "execa.command": SHELL, "execa.execaCommand": SHELL, "execa.execaCommandSync": SHELL,
    "child_process.spawn": PROGRAM, "child_process.spawnSync": PROGRAM, "child_process.execFile": PROGRAM,
    "child_process.execFileSync": PROGRAM, "child_process.fork": Sink("command", (0,)),
    # code
    "eval": CODE, "Function": Sink("code", None), "vm.runInNewContext": CODE, "vm.runInThisContext": CODE,
    "vm.runInContext": CODE, "vm.compileFunction": CODE, "vm.Script": CODE, "setTimeout": CODE,
    "setInterval": CODE,
    # SQL text: drivers (mysql, pg, mysql2, sqlite), query builders and ORMs
    ".query": SQL, ".execute": SQL, ".raw": SQL, ".whereRaw": SQL, ".havingRaw": SQL, ".orderByRaw": SQL,
    ".joinRaw": SQL, ".$queryRawUnsafe": SQL, ".$executeRawUnsafe": SQL, ".unsafe": SQL,
    # MongoDB / mongoose filters
    ".find": NOSQL, ".findOne": NOSQL, ".findOneAndUpdate": NOSQL, ".findOneAndDelete": NOSQL,
    ".findOneAndReplace": NOSQL, ".updateOne": NOSQL, ".updateMany": NOSQL, ".deleteOne": NOSQL,
    ".deleteMany": NOSQL, ".countDocuments": NOSQL,
    # HTML responses, redirects and files sent by the web framework
    ".send": Sink("xss", (0,), receiver=RESPONSE, json_objects=True),
    ".write": Sink("xss", (0,), receiver=RESPONSE, json_objects=True),
    ".end": Sink("xss", (0,), receiver=RESPONSE, json_objects=True),
    ".redirect": Sink("redirect", None, receiver=RESPONSE),
    ".location": Sink("redirect", (0,), receiver=RESPONSE),
    ".writeHead": Sink("redirect", (1, 2), receiver=RESPONSE),
    ".setHeader": Sink("redirect", (1,), receiver=RESPONSE, header="location"),
    ".header": Sink("redirect", (1,), receiver=RESPONSE, header="location"),
    ".set": Sink("redirect", (1,), receiver=RESPONSE, header="location"),
    ".sendFile": Sink("path", (0,), receiver=RESPONSE, root_option=True),
    ".download": Sink("path", (0,), receiver=RESPONSE),
    "next/server.NextResponse.redirect": Sink("redirect", (0,)),
    "next/navigation.redirect": Sink("redirect", (0,)),
    "Response.redirect": Sink("redirect", (0,)),
    # browser
    "document.write": Sink("dom-xss", None), "document.writeln": Sink("dom-xss", None),
    ".insertAdjacentHTML": Sink("dom-xss", (1,)), ".createContextualFragment": Sink("dom-xss", (0,)),
    ".html": Sink("dom-xss", (0,), receiver=JQUERY), ".append": Sink("dom-xss", None, receiver=JQUERY),
    ".prepend": Sink("dom-xss", None, receiver=JQUERY), ".after": Sink("dom-xss", None, receiver=JQUERY),
    ".before": Sink("dom-xss", None, receiver=JQUERY), ".replaceWith": Sink("dom-xss", None, receiver=JQUERY),
    "location.assign": Sink("redirect", (0,)), "location.replace": Sink("redirect", (0,)),
    "window.open": Sink("redirect", (0,)),
    # prototype pollution through deep merges and path setters
    "lodash.merge": MERGE, "lodash.mergeWith": MERGE, "lodash.defaultsDeep": MERGE,
    "lodash.set": Sink("prototype", (1,)), "lodash.setWith": Sink("prototype", (1,)),
    "lodash.zipObjectDeep": Sink("prototype", (0,)), "jquery.extend": MERGE, "$.extend": MERGE,
    "dot-prop.set": Sink("prototype", (1,)), "set-value": Sink("prototype", (1,)),
    # deserialisers that rebuild functions
    "node-serialize.unserialize": DESERIALISE, "serialize-to-js.deserialize": DESERIALISE,
    "funcster.deepDeserialize": DESERIALISE,
    # regular expressions
    "RegExp": Sink("regex", (0,)),
    # server-side template engines compiling a template from input
    "ejs.compile": TEMPLATE, "ejs.render": TEMPLATE, "pug.compile": TEMPLATE, "pug.render": TEMPLATE,
    "handlebars.compile": TEMPLATE, "nunjucks.renderString": TEMPLATE, "lodash.template": TEMPLATE,
    "dot.template": TEMPLATE, "mustache.render": TEMPLATE,
    **_fs_sinks(),
    **_http_client_sinks(),
}  # fmt: skip

# js-yaml before v4 runs `!!js/function` tags in `load`; from v4 `load` is safe.
LEGACY_YAML_SINKS: dict[str, Sink] = {"js-yaml.load": DESERIALISE, "js-yaml.loadAll": DESERIALISE}

# Property assignments that are sinks: `el.innerHTML = ...`, `ctx.body = ...` (Koa sends strings as HTML).
PROPERTY_SINKS: dict[str, str] = {"innerHTML": "dom-xss", "outerHTML": "dom-xss", "srcdoc": "dom-xss"}
KOA_BODY = "body"
LOCATION_TARGETS = frozenset(
    {"location", "window.location", "document.location", "location.href", "window.location.href",
     "document.location.href"}
)  # fmt: skip
JSX_SINKS = {"dangerouslySetInnerHTML": "dom-xss"}

HTML = frozenset({"xss", "dom-xss"})
URLS = frozenset({"ssrf", "redirect", "xss"})
SANITISERS: dict[str, frozenset[str]] = {
    # numbers and booleans carry nothing an attacker can use
    "parseInt": frozenset({ALL}), "parseFloat": frozenset({ALL}), "Number": frozenset({ALL}),
    "Number.parseInt": frozenset({ALL}), "Number.parseFloat": frozenset({ALL}), "Boolean": frozenset({ALL}),
    "Math.floor": frozenset({ALL}), "Math.round": frozenset({ALL}), "Math.min": frozenset({ALL}),
    "Math.max": frozenset({ALL}), "Math.abs": frozenset({ALL}), ".digest": frozenset({ALL}),
    "uuid.validate": frozenset({ALL}),
    # a string cannot hold query operators
    "String": frozenset({"nosql"}), "JSON.stringify": frozenset({"nosql"}), ".toString": frozenset({"nosql"}),
    "mongo-sanitize": frozenset({"nosql"}), "express-mongo-sanitize.sanitize": frozenset({"nosql"}),
    # HTML escaping
    "escape-html": HTML, "he.encode": HTML, "he.escape": HTML, "validator.escape": HTML, "lodash.escape": HTML,
    "dompurify.sanitize": HTML, "DOMPurify.sanitize": HTML, "sanitize-html": HTML, "xss": HTML,
    "xss.filterXSS": HTML, "filterXSS": HTML, "encodeURIComponent": URLS, "querystring.escape": URLS,
    # paths, shells, SQL literals, regular expressions
    "path.basename": frozenset({"path"}), "sanitize-filename": frozenset({"path"}),
    "shell-quote.quote": frozenset({"command"}), "shell-escape": frozenset({"command"}),
    "sqlstring.escape": frozenset({"sql"}), "mysql.escape": frozenset({"sql"}), ".escape": frozenset({"sql"}),
    ".escapeId": frozenset({"sql"}), "pg-format": frozenset({"sql"}), ".escapeLiteral": frozenset({"sql"}),
    "lodash.escapeRegExp": frozenset({"regex"}), "escape-string-regexp": frozenset({"regex"}),
}  # fmt: skip
# Tagged templates that turn `${value}` into a bound parameter (sql-template-strings, postgres.js,
# slonik, Prisma's `$queryRaw`): the result is a safe query object.
SAFE_TEMPLATE_TAGS = frozenset({"sql", "SQL", "Prisma.sql", ".$queryRaw", ".$executeRaw", ".sql"})
# Values derived from input that cannot carry it: a length, a type test.
NUMERIC_PROPERTIES = frozenset({"length", "size"})
# Methods that put their argument into their receiver (`list.push(x)`, `params.append(k, x)`).
MUTATING_METHODS = frozenset({"push", "unshift", "append", "add", "splice"})
# Callbacks whose first parameter receives the receiver's elements or resolved value.
ELEMENT_CALLBACKS = frozenset({"then", "forEach", "map", "filter", "flatMap", "some", "every", "find", "reduce"})

# Conditions that pin a value to something known: `ALLOWED.includes(x)`, `ALLOWED.has(x)`,
# `/^[a-z]+$/.test(x)`, `validator.isInt(x)`; URL parts compared against an allow-list fix the host.
MEMBERSHIP_METHODS = frozenset({"includes", "has"})
VALIDATORS = frozenset(
    {"isInt", "isNumeric", "isUUID", "isAlphanumeric", "isAlpha", "isMongoId", "isInteger", "isSafeInteger",
     "isHexadecimal", "isBoolean"}
)  # fmt: skip
URL_PARTS = frozenset({"host", "hostname"})
SENDER_PARTS = frozenset({"origin"})  # a message event's (or a URL's) origin checked: the sender is trusted
URL_CATEGORIES = frozenset({"ssrf", "redirect"})
PATH_CHECKS = frozenset({"startsWith"})
# Setting a key on an object is prototype pollution only when the key can be "__proto__" and the
# object reached through it is written again; these strings in a function show it refuses them.
PROTOTYPE_GUARDS = ("'__proto__'", '"__proto__"', "`__proto__`")
