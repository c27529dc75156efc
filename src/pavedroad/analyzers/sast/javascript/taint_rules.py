"""The JavaScript/TypeScript taint rules: one per kind of sink, keyed by the category sanitisers clear."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from pavedroad.analyzers.sast.rule import SastRule
from pavedroad.core.findings import Confidence, Rule, Severity

INJECTION = "A03:2021-Injection"
ACCESS = "A01:2021-Broken Access Control"
INTEGRITY = "A08:2021-Software and Data Integrity Failures"
SSRF = "A10:2021-Server-Side Request Forgery"

taint_rule = partial(SastRule, confidence=Confidence.HIGH)


def javascript_rule(rule: SastRule) -> Rule:
    """The catalogue entry: SastRule's, tagged with the language it checks."""
    base = rule.rule
    return replace(base, tags=tuple("javascript" if tag == "python" else tag for tag in base.tags))


COMMAND = taint_rule(
    id="sast/js-command-injection",
    title="OS command built from untrusted input (Node.js)",
    severity=Severity.CRITICAL,
    cwe="CWE-78",
    owasp=INJECTION,
    rationale="`child_process.exec` and `execSync` run their argument through `/bin/sh`, as do `spawn` and"
    " `execFile` with `shell: true`: `;`, `|` and `$()` in input run the attacker's commands.",
    fix="Use `execFile`/`spawn` with an argument array and no shell, never let input choose the program,"
    " and allow-list values that select behaviour.",
    vulnerable_example="exec(`ping -c 1 ${req.query.host}`)",
    fixed_example='execFile("ping", ["-c", "1", req.query.host])',
    references=("https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html",),
)
CODE = taint_rule(
    id="sast/js-code-injection",
    title="Untrusted input evaluated as JavaScript",
    severity=Severity.CRITICAL,
    cwe="CWE-95",
    owasp=INJECTION,
    rationale="`eval`, `new Function`, `vm.runIn*Context` and string `setTimeout` run input as code with"
    " the process's privileges (the `vm` module is not a security boundary).",
    fix="Parse data with `JSON.parse`, map input to an allow-list of operations, or use a real sandbox"
    " process for untrusted code.",
    vulnerable_example="const result = eval(req.body.expression)",
    fixed_example="const result = OPERATIONS[req.body.operation]?.(a, b)",
)
SQL = taint_rule(
    id="sast/js-sql-injection",
    title="SQL query built from untrusted input (Node.js)",
    severity=Severity.HIGH,
    cwe="CWE-89",
    owasp=INJECTION,
    rationale="A template literal or concatenation puts input into the SQL text given to `query`,"
    " `execute`, `knex.raw` or `sequelize.query`: the attacker rewrites the query.",
    fix="Use placeholders with a values array (`?` for mysql, `$1` for pg), query-builder bindings, or a"
    " tagged `sql` template that binds its values.",
    vulnerable_example="pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`)",
    fixed_example='pool.query("SELECT * FROM users WHERE id = $1", [req.params.id])',
    references=("https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",),
)
PATH = taint_rule(
    id="sast/js-path-traversal",
    title="File path built from untrusted input (Node.js)",
    severity=Severity.HIGH,
    cwe="CWE-22",
    owasp=ACCESS,
    rationale="`../` in input given to `fs` functions, `res.sendFile` or `res.download` reads or"
    " overwrites files outside the intended directory.",
    fix="Keep only the file name (`path.basename`), or resolve the path and check it starts with the base"
    " directory; give `res.sendFile` a `root` option.",
    vulnerable_example="fs.readFileSync(path.join(UPLOADS, req.query.name))",
    fixed_example="fs.readFileSync(path.join(UPLOADS, path.basename(req.query.name)))",
)
SSRF_RULE = taint_rule(
    id="sast/js-ssrf",
    title="Server-side request to a URL from untrusted input (Node.js)",
    severity=Severity.HIGH,
    cwe="CWE-918",
    owasp=SSRF,
    rationale="`fetch`, `axios`, `got` or `http.get` with a URL chosen by the client can reach internal"
    " services and the cloud metadata endpoint.",
    fix="Allow-list hosts (`new URL(url).hostname` checked against a list), or keep the scheme and host"
    " fixed and encode input into the path with `encodeURIComponent`.",
    vulnerable_example="const page = await axios.get(req.query.url)",
    fixed_example="if (ALLOWED_HOSTS.includes(new URL(url).hostname)) await axios.get(url)",
)
XSS = taint_rule(
    id="sast/js-xss",
    title="Untrusted input sent as HTML (Node.js)",
    severity=Severity.HIGH,
    cwe="CWE-79",
    owasp=INJECTION,
    rationale="A string given to `res.send`/`res.write` (Express) or `ctx.body` (Koa) is served as"
    " HTML: input in it becomes script in the visitor's browser.",
    fix="Render through a template engine that escapes, escape with `escape-html`, or answer with JSON.",
    vulnerable_example="res.send(`<h1>Hello ${req.query.name}</h1>`)",
    fixed_example="res.send(`<h1>Hello ${escapeHtml(req.query.name)}</h1>`)",
)
DOM_XSS = taint_rule(
    id="sast/js-dom-xss",
    title="Untrusted input written into the page as HTML",
    severity=Severity.HIGH,
    cwe="CWE-79",
    owasp=INJECTION,
    rationale="`innerHTML`, `outerHTML`, `document.write`, `insertAdjacentHTML` and React's"
    " `dangerouslySetInnerHTML` parse their input as markup: a crafted link runs script in the page.",
    fix="Use `textContent` or JSX text, or sanitise with `DOMPurify.sanitize` first.",
    vulnerable_example="element.innerHTML = location.hash.slice(1)",
    fixed_example="element.textContent = location.hash.slice(1)",
)
REDIRECT = taint_rule(
    id="sast/js-open-redirect",
    title="Redirect to a URL from untrusted input (JavaScript)",
    severity=Severity.MEDIUM,
    cwe="CWE-601",
    owasp=ACCESS,
    rationale="`res.redirect`, `ctx.redirect`, `NextResponse.redirect` or `location.href` with a URL from"
    " input sends users to the attacker's site under this site's name (phishing, leaked tokens).",
    fix="Redirect only to relative paths you build, or check the host of `new URL(target)` against an allow-list.",
    vulnerable_example="res.redirect(req.query.next)",
    fixed_example='res.redirect(ALLOWED_PATHS.includes(req.query.next) ? req.query.next : "/")',
)
NOSQL = taint_rule(
    id="sast/js-nosql-injection",
    title="MongoDB query built from untrusted objects",
    severity=Severity.HIGH,
    cwe="CWE-943",
    owasp=INJECTION,
    rationale='JSON bodies and qs-parsed query strings can hold objects: `{"$ne": null}` as a password'
    " matches any user; a `$where` built from input runs JavaScript in the database.",
    fix="Convert each value to the type you expect (`String(x)`, `Number(x)`), strip operators with"
    " `mongo-sanitize`, and never build `$where` from input.",
    vulnerable_example="User.findOne({ user: req.body.user, password: req.body.password })",
    fixed_example="User.findOne({ user: String(req.body.user), password: String(req.body.password) })",
)
PROTOTYPE = taint_rule(
    id="sast/js-prototype-pollution",
    title="Object keys from untrusted input reach a deep merge or path setter",
    severity=Severity.HIGH,
    cwe="CWE-1321",
    owasp=INJECTION,
    rationale="A key `__proto__` or `constructor.prototype` in a recursive merge, `_.merge`, `_.set` or"
    " `_.defaultsDeep` writes to `Object.prototype`: every object in the process gains the attacker's"
    " properties (privilege flags, template options, denial of service).",
    fix="Refuse `__proto__`, `constructor` and `prototype` keys, merge into `Object.create(null)` or a"
    " `Map`, validate input against a schema first, and keep lodash up to date.",
    vulnerable_example="_.merge(settings, req.body)",
    fixed_example="const theme = THEMES.includes(req.body.theme) ? req.body.theme : 'light'\n"
    "_.merge(settings, { theme })",
)
DESERIALIZATION = taint_rule(
    id="sast/js-unsafe-deserialization",
    title="Untrusted data deserialised with a loader that builds functions",
    severity=Severity.CRITICAL,
    cwe="CWE-502",
    owasp=INTEGRITY,
    rationale="`node-serialize`'s `unserialize` evaluates `_$$ND_FUNC$$_` functions, and js-yaml before v4"
    " runs `!!js/function` tags in `load`: a crafted payload runs code while it is read.",
    fix="Use `JSON.parse`, and js-yaml 4 (`load` is safe there) or `safeLoad` on older versions.",
    vulnerable_example="serialize.unserialize(req.cookies.profile)",
    fixed_example="JSON.parse(req.cookies.profile)",
)
REGEX = taint_rule(
    id="sast/js-regex-injection",
    title="Regular expression built from untrusted input",
    severity=Severity.MEDIUM,
    cwe="CWE-1333",
    owasp=INJECTION,
    rationale="`new RegExp(input)` lets the client send a pattern with catastrophic backtracking, blocking"
    " Node's single event loop (ReDoS), or widen a match meant to be exact.",
    fix="Escape input with `_.escapeRegExp` (or `escape-string-regexp`) or compare strings without a regex.",
    vulnerable_example="const pattern = new RegExp(req.query.search)",
    fixed_example="const pattern = new RegExp(_.escapeRegExp(req.query.search))",
)
SSTI = taint_rule(
    id="sast/js-template-injection",
    title="Untrusted input compiled as a server-side template",
    severity=Severity.CRITICAL,
    cwe="CWE-1336",
    owasp=INJECTION,
    rationale="ejs, pug, handlebars, nunjucks and lodash templates compile to JavaScript: input used as the"
    " template source runs code on the server.",
    fix="Keep templates in files you control and pass input as data (`res.render(view, { name })`).",
    vulnerable_example="res.send(pug.render(`p Hello ${req.query.name}`))",
    fixed_example='res.send(pug.render("p Hello #{name}", { name: req.query.name }))',
)

CATEGORY_RULES: dict[str, SastRule] = {
    "command": COMMAND,
    "code": CODE,
    "sql": SQL,
    "path": PATH,
    "ssrf": SSRF_RULE,
    "xss": XSS,
    "dom-xss": DOM_XSS,
    "redirect": REDIRECT,
    "nosql": NOSQL,
    "prototype": PROTOTYPE,
    "deserialization": DESERIALIZATION,
    "regex": REGEX,
    "ssti": SSTI,
}

# A `$where` clause is JavaScript run by the database: dangerous even when input was made a string.
WHERE = "nosql-where"
RULE_FOR_CATEGORY: dict[str, SastRule] = {**CATEGORY_RULES, WHERE: NOSQL}
