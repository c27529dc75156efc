"""The taint rules: one per kind of sink. Each has a `category` that sanitisers clear."""

from __future__ import annotations

from functools import partial

from pavedroad.analyzers.sast.rule import SastRule
from pavedroad.core.findings import Confidence, Severity

INJECTION = "A03:2021-Injection"
ACCESS = "A01:2021-Broken Access Control"
INTEGRITY = "A08:2021-Software and Data Integrity Failures"
SSRF = "A10:2021-Server-Side Request Forgery"
MISCONFIG = "A05:2021-Security Misconfiguration"
LOGGING = "A09:2021-Security Logging and Monitoring Failures"

taint_rule = partial(SastRule, confidence=Confidence.HIGH)

SQL = taint_rule(
    id="sast/python-sql-injection",
    title="SQL query built from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-89",
    owasp=INJECTION,
    rationale="Input concatenated or formatted into SQL lets an attacker change the query: read other"
    " users' data, bypass logins, or modify and delete records.",
    fix='Pass values as query parameters (`cursor.execute("... WHERE id = %s", (user_id,))`, SQLAlchemy'
    " bound parameters, the Django ORM) and never build SQL text from input.",
    vulnerable_example="cursor.execute(f\"SELECT * FROM users WHERE name = '{request.args['name']}'\")",
    fixed_example='cursor.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))',
    references=("https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html",),
)
COMMAND = taint_rule(
    id="sast/python-command-injection",
    title="OS command built from untrusted input",
    severity=Severity.CRITICAL,
    cwe="CWE-78",
    owasp=INJECTION,
    rationale="A shell interprets `;`, `|`, `$()` and more: input reaching a shell command or choosing"
    " the program runs the attacker's commands on the server.",
    fix="Call the program with a list of arguments and `shell=False`; never let input choose the"
    " program; if a shell is unavoidable, quote every value with `shlex.quote`.",
    vulnerable_example='os.system("ping -c 1 " + request.args["host"])',
    fixed_example='subprocess.run(["ping", "-c", "1", request.args["host"]], check=True)',
    references=("https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html",),
)
CODE = taint_rule(
    id="sast/python-code-injection",
    title="Untrusted input evaluated as Python code",
    severity=Severity.CRITICAL,
    cwe="CWE-95",
    owasp=INJECTION,
    rationale="`eval`, `exec`, `compile` and `__import__` on input run whatever the attacker sends with the"
    " application's privileges.",
    fix="Parse data with a data parser (`json.loads`, `ast.literal_eval` for literals) or map input to an"
    " allow-list of operations.",
    vulnerable_example='result = eval(request.args["expr"])',
    fixed_example='result = ast.literal_eval(request.args["expr"])',
)
DESERIALIZATION = taint_rule(
    id="sast/python-unsafe-deserialization",
    title="Untrusted data deserialised with an unsafe loader",
    severity=Severity.CRITICAL,
    cwe="CWE-502",
    owasp=INTEGRITY,
    rationale="pickle, marshal, shelve, dill, jsonpickle and `yaml.load` with an unsafe loader build"
    " arbitrary objects: a crafted payload executes code while it is being loaded.",
    fix="Use a data-only format (JSON) or `yaml.safe_load`; if objects must be exchanged, sign them and"
    " verify the signature before loading.",
    vulnerable_example="data = pickle.loads(request.get_data())",
    fixed_example="data = json.loads(request.get_data())",
)
PATH = taint_rule(
    id="sast/python-path-traversal",
    title="File path built from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-22",
    owasp=ACCESS,
    rationale="`../` sequences or absolute paths in input read or overwrite files outside the intended"
    " directory: configuration, keys, source code.",
    fix="Keep only the file name (`werkzeug.utils.secure_filename`, `os.path.basename`), resolve the path"
    " and check it stays inside the base directory, or use `send_from_directory`.",
    vulnerable_example='return open(os.path.join(UPLOADS, request.args["name"])).read()',
    fixed_example='return send_from_directory(UPLOADS, secure_filename(request.args["name"]))',
)
SSRF_RULE = taint_rule(
    id="sast/python-ssrf",
    title="Server-side request to a URL from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-918",
    owasp=SSRF,
    rationale="A server that fetches a URL chosen by the user can be pointed at internal services and the"
    " cloud metadata endpoint (169.254.169.254), leaking credentials.",
    fix="Allow-list the hosts (parse with `urllib.parse.urlparse` and compare the hostname), block private"
    " and link-local ranges, and never forward raw URLs from input.",
    vulnerable_example='requests.get(request.args["url"])',
    fixed_example='url = request.args["url"]\nif urlparse(url).hostname in ALLOWED_HOSTS:\n    requests.get(url)',
)
XSS = taint_rule(
    id="sast/python-xss",
    title="Untrusted input rendered as HTML without escaping",
    severity=Severity.HIGH,
    cwe="CWE-79",
    owasp=INJECTION,
    rationale="`Markup`, `mark_safe`, `render_template_string` and hand-built HTML responses switch"
    " autoescaping off: input becomes script running in other users' browsers.",
    fix="Render through templates with autoescaping on, or escape with `markupsafe.escape`/`html.escape`.",
    vulnerable_example='return Markup("<b>" + request.args["name"] + "</b>")',
    fixed_example='return render_template("hello.html", name=request.args["name"])',
)
SSTI = taint_rule(
    id="sast/python-template-injection",
    title="Untrusted input used as a template",
    severity=Severity.CRITICAL,
    cwe="CWE-1336",
    owasp=INJECTION,
    rationale="A template engine evaluates expressions: input used as template source (Jinja's"
    " `from_string`, `Template(...)`, `render_template_string`) gives the attacker code execution.",
    fix="Keep templates in files you control and pass input as variables.",
    vulnerable_example='return render_template_string("Hello " + request.args["name"])',
    fixed_example='return render_template_string("Hello {{ name }}", name=request.args["name"])',
)
REDIRECT = taint_rule(
    id="sast/python-open-redirect",
    title="Redirect to a URL from untrusted input",
    severity=Severity.MEDIUM,
    cwe="CWE-601",
    owasp=ACCESS,
    rationale="An open redirect lends the site's name to phishing links and can leak OAuth codes and tokens.",
    fix="Redirect only to relative paths or allow-listed hosts (`url_has_allowed_host_and_scheme` in Django).",
    vulnerable_example='return redirect(request.args["next"])',
    fixed_example='return redirect(url_for("home"))',
)
XXE = taint_rule(
    id="sast/python-xxe",
    title="Untrusted XML parsed with external entities resolved",
    severity=Severity.HIGH,
    cwe="CWE-611",
    owasp=MISCONFIG,
    rationale=(
        "External entities read local files and reach internal URLs: lxml parsers that resolve them, and SAX "
        "readers with external general or parameter entities turned on. Python's own expat-based parsers "
        "(xml.etree, minidom, sax by default) resolve none and are not reported."
    ),
    fix="Parse with `defusedxml`, or an lxml parser with `resolve_entities=False, no_network=True`.",
    vulnerable_example="tree = lxml.etree.fromstring(request.data)",
    fixed_example="tree = defusedxml.ElementTree.fromstring(request.data)",
)
LDAP = taint_rule(
    id="sast/python-ldap-injection",
    title="LDAP filter built from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-90",
    owasp=INJECTION,
    rationale="Filter metacharacters (`*`, `(`, `)`) in input change the LDAP query: authentication bypass"
    " or directory enumeration.",
    fix="Escape values with `ldap.filter.escape_filter_chars` (or ldap3's `escape_filter_chars`).",
    vulnerable_example='conn.search_s(BASE, ldap.SCOPE_SUBTREE, "(uid=" + request.args["user"] + ")")',
    fixed_example='conn.search_s(BASE, ldap.SCOPE_SUBTREE, "(uid=%s)" % escape_filter_chars(user))',
)
XPATH = taint_rule(
    id="sast/python-xpath-injection",
    title="XPath expression built from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-643",
    owasp=INJECTION,
    rationale="Input in an XPath expression can select any node of the document, including credentials.",
    fix="Use XPath variables: `tree.xpath('//user[@name=$name]', name=value)`.",
    vulnerable_example='tree.xpath("//user[@name=\'" + request.args["name"] + "\']")',
    fixed_example='tree.xpath("//user[@name=$name]", name=request.args["name"])',
)
HEADER = taint_rule(
    id="sast/python-header-injection",
    title="HTTP header set from untrusted input",
    severity=Severity.MEDIUM,
    cwe="CWE-113",
    owasp=INJECTION,
    rationale="CR/LF in a header value splits the response: injected headers, cookies or a forged body.",
    fix="Reject values containing `\\r` or `\\n` (or encode them) before setting a header.",
    vulnerable_example='response.headers["X-Name"] = request.args["name"]',
    fixed_example='response.headers["X-Name"] = request.args["name"].replace("\\r", "").replace("\\n", "")',
)
REGEX = taint_rule(
    id="sast/python-regex-injection",
    title="Regular expression built from untrusted input",
    severity=Severity.MEDIUM,
    cwe="CWE-1333",
    owasp=INJECTION,
    rationale="A crafted pattern with nested quantifiers makes matching take exponential time (ReDoS)"
    " and can match more than intended.",
    fix="Escape input with `re.escape` before putting it in a pattern.",
    vulnerable_example='re.search(request.args["q"], text)',
    fixed_example='re.search(re.escape(request.args["q"]), text)',
)
NOSQL = taint_rule(
    id="sast/python-nosql-injection",
    title="MongoDB query built from untrusted input",
    severity=Severity.HIGH,
    cwe="CWE-943",
    owasp=INJECTION,
    rationale="A `$where` clause runs JavaScript on the server, and a query dict taken from JSON input can"
    ' carry operators (`{"$ne": null}`) that bypass checks.',
    fix='Build the query from typed values (`{"name": str(name)}`) and never use `$where` with input.',
    vulnerable_example='db.users.find({"$where": "this.name == \'" + request.args["name"] + "\'"})',
    fixed_example='db.users.find({"name": str(request.args["name"])})',
)
LOG = SastRule(
    id="sast/python-log-injection",
    title="Untrusted input written to a log",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe="CWE-117",
    owasp=LOGGING,
    rationale="Newlines in logged input forge log entries and can mislead incident response.",
    fix='Log input as a parameter (`logger.info("user %s", name)`) with a formatter that escapes newlines,'
    " or strip CR/LF first.",
    vulnerable_example='logger.info("login for " + request.form["user"])',
    fixed_example='logger.info("login for %r", request.form["user"])',
)

CATEGORY_RULES: dict[str, SastRule] = {
    "sql": SQL,
    "command": COMMAND,
    "code": CODE,
    "deserialization": DESERIALIZATION,
    "path": PATH,
    "ssrf": SSRF_RULE,
    "xss": XSS,
    "ssti": SSTI,
    "redirect": REDIRECT,
    "xxe": XXE,
    "ldap": LDAP,
    "xpath": XPATH,
    "header": HEADER,
    "regex": REGEX,
    "nosql": NOSQL,
    "log": LOG,
}
