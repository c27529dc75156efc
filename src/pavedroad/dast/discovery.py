"""Discovery by crawling: links, forms and obvious routes in scripts, plus robots.txt and sitemap.xml."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit, urlunsplit

from pavedroad.dast.http import BudgetExhausted, HttpClient, TargetError
from pavedroad.dast.model import Endpoint, Exchange, Parameter, RequestSpec

# Quoted root-relative paths in inline scripts: fetch("/api/items"), url: '/search?q='.
_SCRIPT_ROUTE = re.compile(r"""["'`](/[A-Za-z0-9_\-./]+(?:\?[A-Za-z0-9_\-=&.]*)?)["'`]""")
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)
_SKIPPED_SCHEMES = ("mailto:", "javascript:", "tel:", "data:")


@dataclass(slots=True)
class _Form:
    action: str
    method: str
    fields: list[Parameter] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects links, script sources, inline script routes and forms; tolerant of broken HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._in_script = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("a", "link", "area") and values.get("href"):
            self.links.append(values["href"])
        elif tag in ("iframe", "frame") and values.get("src"):
            self.links.append(values["src"])
        elif tag == "script":
            self._in_script = True
            if values.get("src"):
                self.links.append(values["src"])
        elif tag == "form":
            self._form = _Form(values.get("action", ""), (values.get("method") or "GET").upper())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and values.get("name"):
            kind = values.get("type", "text").lower()
            if kind not in ("submit", "button", "image", "reset", "file"):
                example = values.get("value") or _example_for(kind)
                self._form.fields.append(Parameter(values["name"], "form", example, kind))
        elif self._form is not None and tag == "textarea" and values.get("name"):
            self._textarea = values["name"]
            self._form.fields.append(Parameter(values["name"], "form", "pavedroad", "textarea"))
        elif self._form is not None and tag == "select" and values.get("name"):
            self._select = values["name"]
        elif self._select and self._form is not None and tag == "option":
            self._form.fields.append(Parameter(self._select, "form", values.get("value", "1"), "select"))
            self._select = None  # the first option is the example

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        elif tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.links.extend(_SCRIPT_ROUTE.findall(data))


def _example_for(input_type: str) -> str:
    return {"email": "user@example.com", "number": "1", "password": "pavedroad", "url": "https://example.com/"}.get(
        input_type, "pavedroad"
    )


def endpoint_of_url(url: str, source: str = "crawl") -> Endpoint:
    """A GET endpoint for a URL, its query parameters with their values as examples."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    params = tuple(Parameter(name, "query", value or "1") for name, value in pairs)
    return Endpoint("GET", urlunsplit(parts._replace(query="", fragment="")), params, source)


def parse_page(page_url: str, html: str) -> tuple[list[str], list[Endpoint]]:
    """Absolute link URLs and form endpoints of one HTML page. Malformed HTML yields what could be read."""
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup; keep what it found
        pass
    links = [urldefrag(urljoin(page_url, link.strip())).url for link in parser.links
             if link.strip() and not link.strip().lower().startswith(_SKIPPED_SCHEMES)]  # fmt: skip
    forms = []
    for form in parser.forms:
        action = urldefrag(urljoin(page_url, form.action or page_url)).url
        parameters = tuple(form.fields)
        if form.method == "GET":
            base = endpoint_of_url(action)
            forms.append(Endpoint("GET", base.url, (*base.parameters, *(
                Parameter(p.name, "query", p.example, p.input_type) for p in parameters)), "crawl"))  # fmt: skip
        else:
            method = form.method if form.method in ("POST", "PUT") else "POST"
            forms.append(Endpoint(method, action, parameters, "crawl"))
    return links, forms


def robots_urls(base_url: str, text: str) -> list[str]:
    """Paths named in robots.txt (Allow, Disallow, Sitemap) as absolute URLs; wildcards are skipped."""
    urls = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        value = value.split("#")[0].strip()
        if name.strip().lower() in ("allow", "disallow") and value.startswith("/") and "*" not in value:
            urls.append(urljoin(base_url, value.rstrip("$")))
        elif name.strip().lower() == "sitemap" and value:
            urls.append(urljoin(base_url, value))
    return urls


def sitemap_urls(text: str) -> list[str]:
    """The <loc> URLs of a sitemap."""
    return _SITEMAP_LOC.findall(text)


@dataclass(slots=True)
class CrawlResult:
    endpoints: list[Endpoint] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # HTML pages fetched, re-read to confirm stored XSS
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None


def crawl(
    client: HttpClient, start_url: str, max_pages: int = 300, on_error: Callable[[str], None] | None = None
) -> CrawlResult:
    """Breadth-first crawl from start_url (and robots.txt, sitemap.xml) inside the client's scope."""
    result = CrawlResult()
    seen: set[str] = set()
    root = urljoin(start_url, "/")
    level: list[str] = [start_url]
    for extra in (urljoin(root, "robots.txt"), urljoin(root, "sitemap.xml")):
        level.extend(_seed_file(client, extra, result))
    endpoints: dict[object, Endpoint] = {}
    with ThreadPoolExecutor(max_workers=client.limits.concurrency) as pool:
        while level and len(seen) < max_pages and result.stopped is None:
            batch = []
            for url in level:
                if url not in seen and client.scope.allows(url) and len(seen) < max_pages:
                    seen.add(url)
                    batch.append(url)
            next_level: list[str] = []
            for url, outcome in zip(batch, pool.map(lambda u: _visit(client, u), batch), strict=True):
                if isinstance(outcome, BudgetExhausted):
                    result.stopped = str(outcome)
                    continue
                if isinstance(outcome, TargetError):
                    result.errors.append(str(outcome))
                    continue
                endpoint = endpoint_of_url(url)
                endpoints.setdefault(endpoint.key, endpoint)
                if outcome.is_html and outcome.status < 400:
                    result.pages.append(url)
                    links, forms = parse_page(outcome.url, outcome.body)
                    for form in forms:
                        endpoints.setdefault(form.key, form)
                    next_level.extend(links)
            level = next_level
    result.endpoints = _in_scope(client, endpoints.values())
    return result


def _visit(client: HttpClient, url: str) -> Exchange | TargetError | BudgetExhausted:
    try:
        return client.fetch(RequestSpec("GET", url))
    except (TargetError, BudgetExhausted) as problem:
        return problem


def _seed_file(client: HttpClient, url: str, result: CrawlResult) -> list[str]:
    if not client.scope.allows(url):
        return []
    try:
        exchange = client.send(RequestSpec("GET", url))
    except BudgetExhausted as stop:
        result.stopped = str(stop)
        return []
    except TargetError as error:
        result.errors.append(str(error))
        return []
    if exchange.status != 200:
        return []
    if url.endswith("robots.txt"):
        return robots_urls(url, exchange.body)
    return sitemap_urls(exchange.body)


def _in_scope(client: HttpClient, endpoints: Iterable[Endpoint]) -> list[Endpoint]:
    return [endpoint for endpoint in endpoints if client.scope.allows(endpoint.url)]
