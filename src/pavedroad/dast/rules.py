"""Every DAST rule's metadata, as rows: docs, SARIF descriptors and `rules show` read them from here."""

from __future__ import annotations

from pavedroad.core.findings import Confidence, Rule, Severity

_H, _M, _L, _I, _C = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO, Severity.CRITICAL
_OWASP = "https://owasp.org/www-project-web-security-testing-guide/"

# (slug, title, severity, confidence, CWE, rationale, fix, tags)
_ROWS: tuple[tuple[str, str, Severity, Confidence, str, str, str, str], ...] = (
    # Passive: read from responses the scan receives anyway.
    ("csp-missing", "No Content-Security-Policy on an HTML page", _L, Confidence.HIGH, "CWE-693",
     "Without a CSP any injected script runs; CSP is the second line of defence against XSS.",
     "Send a Content-Security-Policy with script-src limited to your own origin and no 'unsafe-inline'.", "passive"),
    ("csp-weak", "Content-Security-Policy allows inline or arbitrary scripts", _L, Confidence.HIGH, "CWE-693",
     "'unsafe-inline', 'unsafe-eval', a wildcard or data: in script-src lets injected script run anyway.",
     "Remove 'unsafe-inline'/'unsafe-eval' and wildcards from script-src; use nonces or hashes.", "passive"),
    ("hsts-missing", "HTTPS response without Strict-Transport-Security", _M, Confidence.HIGH, "CWE-319",
     "Without HSTS a network attacker can downgrade the first request to HTTP and strip TLS.",
     "Send Strict-Transport-Security: max-age=31536000; includeSubDomains on every HTTPS response.", "passive"),
    ("content-type-options-missing", "X-Content-Type-Options: nosniff missing", _L, Confidence.HIGH, "CWE-693",
     "Browsers may sniff a response as script or HTML and run content uploaded as something else.",
     "Send X-Content-Type-Options: nosniff on every response.", "passive"),
    ("frame-protection-missing", "HTML page can be framed by any site (clickjacking)", _M, Confidence.HIGH,
     "CWE-1021", "Without X-Frame-Options or CSP frame-ancestors another site can frame the page and trick clicks.",
     "Send Content-Security-Policy: frame-ancestors 'self' (and X-Frame-Options: DENY for old browsers).",
     "passive"),
    ("referrer-policy-missing", "Referrer-Policy missing or leaks full URLs", _L, Confidence.HIGH, "CWE-200",
     "Full URLs, with their tokens and ids, leak to other sites in the Referer header.",
     "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).", "passive"),
    ("cookie-flags", "Cookie without Secure, HttpOnly or SameSite", _M, Confidence.HIGH, "CWE-1004",
     "A cookie without HttpOnly is readable by injected script, without Secure it travels over HTTP, "
     "without SameSite it rides along on cross-site requests (CSRF).",
     "Set session cookies with Secure; HttpOnly; SameSite=Lax (or Strict).", "passive"),
    ("cors-reflected-origin", "CORS reflects any Origin and allows credentials", _H, Confidence.HIGH, "CWE-942",
     "Any website can read authenticated responses of this endpoint in a victim's browser.",
     "Allow only a fixed list of trusted origins; never echo the request's Origin with credentials.", "passive"),
    ("cors-null-origin", "CORS trusts the null origin", _M, Confidence.HIGH, "CWE-942",
     "Sandboxed iframes and local files send Origin: null, so any attacker page can read the response.",
     "Never allow the origin 'null'; list trusted origins explicitly.", "passive"),
    ("stack-trace", "Stack trace in a response", _L, Confidence.HIGH, "CWE-209",
     "Stack traces reveal file paths, library versions and code structure that help an attacker.",
     "Catch errors at the edge and return a generic error page; log the details server-side.", "passive"),
    ("debug-page", "Framework debug page exposed", _H, Confidence.HIGH, "CWE-215",
     "Debug pages reveal settings and source, and some (the Werkzeug console) execute code.",
     "Turn debug mode off in production (DEBUG=False, FLASK_DEBUG unset, APP_DEBUG=false).", "passive"),
    ("version-banner", "Server software version disclosed in a header", _I, Confidence.HIGH, "CWE-200",
     "Exact versions let an attacker pick known exploits without probing.",
     "Remove version numbers from Server, X-Powered-By and X-AspNet-Version headers.", "passive"),
    ("internal-ip", "Internal IP address disclosed", _L, Confidence.MEDIUM, "CWE-200",
     "Private addresses map the internal network for SSRF and lateral movement.",
     "Do not echo internal addresses in pages, headers or error messages.", "passive"),
    ("mixed-content", "HTTPS page loads resources over HTTP", _M, Confidence.HIGH, "CWE-319",
     "A network attacker can replace a script or stylesheet loaded over HTTP and take over the page.",
     "Load every resource over HTTPS (or a relative URL); add upgrade-insecure-requests to the CSP.", "passive"),
    ("directory-listing", "Directory listing enabled", _L, Confidence.HIGH, "CWE-548",
     "Listings expose backups, configuration and files never meant to be linked.",
     "Turn off auto-indexing (Options -Indexes, autoindex off) and serve an index or a 403.", "passive"),
    ("sensitive-data-in-url", "Credential or token in a URL", _M, Confidence.MEDIUM, "CWE-598",
     "URLs are logged by servers and proxies, kept in history and sent in Referer headers.",
     "Send credentials and tokens in headers or POST bodies, never in the query string.", "passive"),
    # Active: each sends payloads and confirms the effect before reporting.
    ("sql-injection", "SQL injection", _C, Confidence.HIGH, "CWE-89",
     "An attacker can read or change any data in the database, and sometimes run commands on it.",
     "Use parameterised queries (placeholders) for every value; never build SQL with string formatting.",
     "active"),
    ("reflected-xss", "Reflected cross-site scripting", _H, Confidence.HIGH, "CWE-79",
     "A crafted link runs attacker script in the victim's session: account takeover, data theft.",
     "Encode output for its context (use the template engine's autoescaping) and add a strict CSP.", "active"),
    ("stored-xss", "Stored cross-site scripting", _H, Confidence.HIGH, "CWE-79",
     "Script saved once runs for every user who views the page.",
     "Encode stored data on output for its context (autoescaping templates); sanitise rich text with an "
     "allow-list sanitiser.", "active"),
    ("command-injection", "OS command injection", _C, Confidence.HIGH, "CWE-78",
     "An attacker runs any command on the server with the application's privileges.",
     "Do not use a shell: call the program with an argument list (subprocess.run([...], shell=False)) "
     "and validate the value against an allow-list.", "active"),
    ("path-traversal", "Path traversal / local file read", _H, Confidence.HIGH, "CWE-22",
     "An attacker reads files outside the intended folder: configuration, keys, /etc/passwd.",
     "Resolve the path and check it stays under the base folder, or map ids to files instead of taking names.",
     "active"),
    ("template-injection", "Server-side template injection", _C, Confidence.HIGH, "CWE-1336",
     "Template expressions evaluated from user input usually lead to remote code execution.",
     "Never build a template from user input; pass values as template variables.", "active"),
    ("ssrf", "Server-side request forgery", _H, Confidence.HIGH, "CWE-918",
     "The server fetches attacker-chosen URLs: internal services, cloud metadata credentials.",
     "Allow-list the hosts the server may fetch; block private, loopback and link-local addresses after DNS.",
     "active"),
    ("open-redirect", "Open redirect", _M, Confidence.HIGH, "CWE-601",
     "A link on a trusted domain forwards victims to a phishing site.",
     "Redirect only to relative paths or an allow-list of hosts; reject scheme-relative //host URLs.", "active"),
    ("xxe", "XML external entity (XXE) injection", _H, Confidence.HIGH, "CWE-611",
     "The XML parser reads local files or fetches URLs named in a DOCTYPE.",
     "Disable DTDs and external entities (defusedxml in Python; disallow-doctype-decl in Java).", "active"),
    ("crlf-injection", "CRLF / HTTP header injection", _M, Confidence.HIGH, "CWE-113",
     "Injected line breaks add headers (cookies, redirects) or split the response.",
     "Reject CR and LF in values written to headers; use the framework's header API.", "active"),
    ("insecure-http-method", "TRACE method enabled", _L, Confidence.HIGH, "CWE-749",
     "TRACE echoes requests, including cookies and credentials, helping cross-site tracing attacks.",
     "Disable TRACE/TRACK on the server and proxies.", "active"),
    ("exposed-sensitive-file", "Sensitive file exposed", _H, Confidence.HIGH, "CWE-538",
     "Repository metadata, environment files, backups and management endpoints leak source and secrets.",
     "Do not deploy these files; block dot-files, backups and management endpoints at the web server.", "active"),
    ("default-credentials", "Default or weak credentials accepted", _C, Confidence.HIGH, "CWE-1392",
     "Anyone can log in with a well-known username and password.",
     "Remove default accounts, force a password change on first login and enforce a password policy.",
     "active"),
    ("missing-authentication", "Secured API operation answers without credentials", _H, Confidence.HIGH,
     "CWE-306", "The API document says the operation needs credentials but the server serves it to anyone.",
     "Enforce authentication in the handler or middleware for every operation the API marks as secured.",
     "active"),
    ("idor", "Insecure direct object reference", _H, Confidence.MEDIUM, "CWE-639",
     "One user reads another user's object by changing its id.",
     "Check on every request that the object belongs to (or is shared with) the authenticated user.", "active"),
)


def _rule(row: tuple[str, str, Severity, Confidence, str, str, str, str]) -> Rule:
    slug, title, severity, confidence, cwe, rationale, fix, tag = row
    return Rule(
        id=f"dast/{slug}", title=title, severity=severity, confidence=confidence, rationale=rationale, fix=fix,
        cwe=(cwe,), references=(_OWASP,), tags=("dast", tag),
    )  # fmt: skip


RULES: tuple[Rule, ...] = tuple(_rule(row) for row in _ROWS)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
