"""One DAST scan: reach the target, log in, discover endpoints, run passive and active checks.

Returns the findings and, as data, what was completed, what was not and why, and the
errors met — so a scan stopped by its budget, its time bound or a broken target still
reports everything it did.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pavedroad.core.errors import UsageError
from pavedroad.core.findings import Finding
from pavedroad.dast.auth import AuthConfig, AuthError, Session, load_auth_config
from pavedroad.dast.callback import CallbackListener
from pavedroad.dast.checks.authz import check_idor, check_missing_authentication
from pavedroad.dast.checks.base import CheckContext, EndpointCheck, ParameterCheck
from pavedroad.dast.checks.cmdi import check_command_injection
from pavedroad.dast.checks.cors import check_cors
from pavedroad.dast.checks.credentials import check_default_credentials
from pavedroad.dast.checks.crlf import check_crlf_injection
from pavedroad.dast.checks.exposure import check_exposed_files
from pavedroad.dast.checks.methods import check_trace
from pavedroad.dast.checks.passive import passive_findings
from pavedroad.dast.checks.redirect import check_open_redirect
from pavedroad.dast.checks.sqli import check_sql_injection
from pavedroad.dast.checks.ssrf import check_ssrf
from pavedroad.dast.checks.ssti import check_template_injection
from pavedroad.dast.checks.traversal import check_path_traversal
from pavedroad.dast.checks.urls import check_sensitive_url
from pavedroad.dast.checks.xss import check_reflected_xss, confirm_stored_xss, submit_stored_xss
from pavedroad.dast.checks.xxe import check_xxe
from pavedroad.dast.discovery import CrawlResult, crawl
from pavedroad.dast.har import read_requests_file
from pavedroad.dast.http import BudgetExhausted, HttpClient, ScanLimits, Scope, TargetError, origin_of
from pavedroad.dast.model import Endpoint, Exchange, Parameter, RequestSpec
from pavedroad.dast.openapi import DocumentError, parse_openapi, read_openapi_file

#: Active checks run on every parameter, in this order (cheap, decisive ones first).
PARAMETER_CHECKS: tuple[ParameterCheck, ...] = (
    check_reflected_xss, check_sql_injection, check_path_traversal, check_template_injection,
    check_command_injection, check_ssrf, check_open_redirect, check_crlf_injection, submit_stored_xss,
)  # fmt: skip
MAX_ERRORS_KEPT = 20
MAX_FOLDERS = 25  # folders probed for sensitive files
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DastOptions:
    """What to scan and how; defaults are a full active scan within ScanLimits' bounds."""

    target: str
    openapi: str | None = None  # a file path or a URL on the target
    requests_file: Path | None = None  # HAR or a request list
    passive_only: bool = False
    limits: ScanLimits = field(default_factory=ScanLimits)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    auth_config: Path | None = None
    verify_tls: bool = True
    try_default_credentials: bool = False
    check_idor: bool = False
    crawl: bool = True
    max_pages: int = 300


@dataclass(slots=True)
class DastOutcome:
    """The scan's findings and the facts about it."""

    target: str
    findings: list[Finding] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    endpoints: int = 0
    elapsed: float = 0.0


class _Collector:
    """Thread-safe sink for findings (deduplicated by fingerprint), errors and response statistics."""

    def __init__(self, on_progress: ProgressCallback | None) -> None:
        self.findings: dict[str, Finding] = {}
        self.errors: list[str] = []
        self.error_count = 0
        self.responses = 0
        self.server_errors = 0
        self.stopped: str | None = None
        self.on_progress = on_progress
        self.lock = threading.Lock()

    def add(self, findings: Iterable[Finding]) -> None:
        with self.lock:
            for finding in findings:
                self.findings.setdefault(finding.fingerprint, finding)

    def error(self, message: str) -> None:
        with self.lock:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS_KEPT and message not in self.errors:
                self.errors.append(message)

    def stop(self, reason: str) -> None:
        with self.lock:
            self.stopped = self.stopped or reason

    def observe(self, exchange: Exchange) -> None:
        found = passive_findings(exchange)
        with self.lock:
            self.responses += 1
            self.server_errors += exchange.status >= 500
            for finding in found:
                self.findings.setdefault(finding.fingerprint, finding)
            count = len(self.findings)
        if self.on_progress is not None:
            self.on_progress(self.responses, count)


def run_dast_scan(options: DastOptions, on_progress: ProgressCallback | None = None) -> DastOutcome:
    """Scan `options.target`; never raises for target problems, which end up in `errors`."""
    parts = urlsplit(options.target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{options.target!r}: the target must be an http:// or https:// URL")
    outcome = DastOutcome(options.target)
    collector = _Collector(on_progress)
    scope = Scope(frozenset({origin_of(options.target)}), options.include, options.exclude)
    client = HttpClient(scope, options.limits, verify_tls=options.verify_tls, on_exchange=collector.observe)
    try:
        _scan(options, client, collector, outcome)
    finally:
        client.close()
    outcome.findings = sorted(collector.findings.values(), key=lambda f: (f.location.path, f.rule_id, f.fingerprint))
    outcome.errors = collector.errors
    if collector.error_count > len(collector.errors):
        outcome.errors.append(f"{collector.error_count - len(collector.errors)} more request errors not listed")
    if collector.responses >= 3 and collector.server_errors == collector.responses:
        outcome.errors.append(
            f"{options.target}: every one of the {collector.responses} responses was a server error (HTTP 5xx); "
            "the application is broken or blocking the scanner, so results are not meaningful"
        )
    if collector.stopped:
        outcome.incomplete.append(f"stopped early: {collector.stopped}")
    outcome.requests = client.sent
    outcome.elapsed = time.monotonic() - client.started
    return outcome


def _scan(options: DastOptions, client: HttpClient, collector: _Collector, outcome: DastOutcome) -> None:
    try:
        client.fetch(RequestSpec("GET", options.target))
    except (TargetError, BudgetExhausted) as problem:
        collector.error(f"target not scanned: {problem}")
        outcome.incomplete.append("everything: the target did not answer the first request")
        return
    outcome.completed.append("reachability")
    auth = _authenticate(options, client, collector, outcome)
    endpoints, pages = _discover(options, client, collector, outcome)
    outcome.endpoints = len(endpoints)
    context = CheckContext(client)
    _run_passive(context, endpoints, collector, outcome)
    if options.passive_only:
        outcome.incomplete.append("active checks: not run (--passive)")
        return
    with CallbackListener() as listener:
        context.callback = listener
        _run_active(options, context, endpoints, auth, collector, outcome)
    if context.stored and collector.stopped is None:
        _guarded(collector, lambda: collector.add(confirm_stored_xss(client, context.stored, pages)))
        outcome.completed.append("stored-XSS confirmation")


def _authenticate(
    options: DastOptions, client: HttpClient, collector: _Collector, outcome: DastOutcome
) -> AuthConfig | None:
    if options.auth_config is None:
        return None
    try:
        config = load_auth_config(options.auth_config, options.target)
    except DocumentError as error:
        collector.error(str(error))
        outcome.incomplete.append("authentication: config unreadable, scanned without credentials")
        return None
    if config.session is not None:
        try:
            config.session.authenticate(client)
            client.identity = config.session
            outcome.completed.append("authentication")
        except AuthError as error:
            collector.error(str(error))
            outcome.incomplete.append("authentication: login failed, scanned without credentials")
    logged_in: list[Session] = []
    for user in config.users:
        try:
            user.authenticate(client)
            logged_in.append(user)
        except AuthError as error:
            collector.error(str(error))
    config.users = logged_in
    return config


def _discover(
    options: DastOptions, client: HttpClient, collector: _Collector, outcome: DastOutcome
) -> tuple[list[Endpoint], list[str]]:
    found: dict[object, Endpoint] = {}
    pages: list[str] = []
    if options.crawl:
        result: CrawlResult = crawl(client, options.target, options.max_pages)
        for message in result.errors:
            collector.error(message)
        if result.stopped:
            collector.stop(result.stopped)
        found.update((endpoint.key, endpoint) for endpoint in result.endpoints)
        pages = result.pages
        outcome.completed.append(f"crawl ({len(result.pages)} pages)")
    if options.openapi:
        for endpoint in _openapi_endpoints(options, client, collector, outcome):
            found[endpoint.key] = endpoint  # the document's typed parameters win over crawled guesses
    if options.requests_file:
        try:
            recorded = read_requests_file(options.requests_file)
            outside = [e for e in recorded if not client.scope.allows(e.url)]
            found.update((e.key, e) for e in recorded if client.scope.allows(e.url))
            outcome.completed.append(f"recorded requests ({len(recorded) - len(outside)} in scope, "
                                     f"{len(outside)} outside skipped)")  # fmt: skip
        except DocumentError as error:
            collector.error(str(error))
            outcome.incomplete.append("recorded requests: file unreadable")
    return list(found.values()), pages


def _openapi_endpoints(
    options: DastOptions, client: HttpClient, collector: _Collector, outcome: DastOutcome
) -> list[Endpoint]:
    source = options.openapi or ""
    try:
        if source.startswith(("http://", "https://")):
            exchange = client.send(RequestSpec("GET", source))
            if exchange.status != 200:
                raise DocumentError(f"{source}: HTTP {exchange.status}")
            endpoints = parse_openapi(exchange.body, source, options.target)
        else:
            endpoints = read_openapi_file(Path(source), options.target)
    except (DocumentError, TargetError, BudgetExhausted) as error:
        collector.error(f"API document not used: {error}")
        outcome.incomplete.append("OpenAPI import: document unusable")
        return []
    outcome.completed.append(f"OpenAPI import ({len(endpoints)} operations)")
    return [endpoint for endpoint in endpoints if client.scope.allows(endpoint.url)]


def _guarded(collector: _Collector, work: Callable[[], object]) -> None:
    """Run one unit of work; a request failure is recorded and the scan goes on, the budget stops it."""
    if collector.stopped:
        return
    try:
        work()
    except BudgetExhausted as stop:
        collector.stop(str(stop))
    except TargetError as error:
        collector.error(str(error))
    except Exception as error:  # a bug in one check must not lose the findings of all the others
        collector.error(f"internal error in a check ({type(error).__name__}: {error}); please report it")


def _run_all(context: CheckContext, collector: _Collector, tasks: list[Callable[[], list[Finding]]]) -> int:
    def run(task: Callable[[], list[Finding]]) -> None:
        _guarded(collector, lambda: collector.add(task()))

    with ThreadPoolExecutor(max_workers=context.client.limits.concurrency) as pool:
        list(pool.map(run, tasks))
    return len(tasks)


def _run_passive(context: CheckContext, endpoints: list[Endpoint], collector: _Collector, outcome: DastOutcome) -> None:
    by_path = {e.path: e for e in endpoints if e.method == "GET" and "{" not in e.url}
    tasks = [_bind_endpoint(check_cors, context, endpoint) for endpoint in by_path.values()]
    tasks += [_bind_endpoint(check_sensitive_url, context, endpoint) for endpoint in endpoints]
    _run_all(context, collector, tasks)
    outcome.completed.append("passive checks")


def _run_active(
    options: DastOptions,
    context: CheckContext,
    endpoints: list[Endpoint],
    auth: AuthConfig | None,
    collector: _Collector,
    outcome: DastOutcome,
) -> None:
    tasks: list[Callable[[], list[Finding]]] = []
    for endpoint in endpoints:
        for parameter in endpoint.parameters:
            for parameter_check in PARAMETER_CHECKS:
                tasks.append(_bind_parameter(parameter_check, context, endpoint, parameter))
        endpoint_checks: list[EndpointCheck] = [check_xxe, check_missing_authentication]
        if options.try_default_credentials:
            endpoint_checks.append(check_default_credentials)
        tasks += [_bind_endpoint(check, context, endpoint) for check in endpoint_checks]
        if options.check_idor and auth is not None and len(auth.users) >= 2:
            tasks.append(functools.partial(check_idor, context, endpoint, auth.users))
    paths = {endpoint.path: endpoint for endpoint in endpoints if "{" not in endpoint.url}
    tasks += [_bind_endpoint(check_trace, context, endpoint) for endpoint in paths.values()]
    root = options.target.split("/", 3)[:3]
    for folder in _folders(paths)[:MAX_FOLDERS]:
        url = "/".join(root) + folder
        tasks.append(functools.partial(check_exposed_files, context, url))
    count = _run_all(context, collector, tasks)
    outcome.completed.append(f"active checks ({count} probes)")


def _folders(paths: Iterable[str]) -> list[str]:
    """The root and each folder of a discovered path, shallowest first."""
    folders = {"/"}
    for path in paths:
        parts = path.split("/")[1:-1]
        folders.update("/" + "/".join(parts[: depth + 1]) + "/" for depth in range(len(parts)))
    return sorted(folders, key=lambda folder: (folder.count("/"), folder))


def _bind_parameter(
    check: ParameterCheck, context: CheckContext, endpoint: Endpoint, parameter: Parameter
) -> Callable[[], list[Finding]]:
    return functools.partial(check, context, endpoint, parameter)


def _bind_endpoint(check: EndpointCheck, context: CheckContext, endpoint: Endpoint) -> Callable[[], list[Finding]]:
    return functools.partial(check, context, endpoint)
