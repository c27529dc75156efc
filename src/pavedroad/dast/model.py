"""What a DAST scan works on: endpoints with their parameters, requests, and exchanges."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urlsplit

#: Where a parameter travels: the query string, a form body, a JSON body, the URL path or an XML body.
LOCATIONS = ("query", "form", "json", "path", "xml")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One input of an endpoint, with a value the application accepts (used as the baseline)."""

    name: str
    location: str = "query"
    example: str = "1"
    input_type: str = "text"  # the HTML input type ("password", "hidden", ...) or the schema type


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A request to send. `params` is the query; `form`, `json_body` or `content` is the body."""

    method: str
    url: str
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    form: tuple[tuple[str, str], ...] | None = None
    json_body: object = None
    content: str | None = None
    content_type: str | None = None

    def with_headers(self, *extra: tuple[str, str]) -> RequestSpec:
        """The same request with more headers (an Origin, a credential)."""
        return replace(self, headers=(*self.headers, *extra))

    def body_text(self) -> str:
        """The body as it goes on the wire, for evidence."""
        if self.form is not None:
            return "&".join(f"{quote(name)}={quote(value)}" for name, value in self.form)
        if self.json_body is not None:
            return json.dumps(self.json_body)
        return self.content or ""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation: a method on a URL (path parameters as `{name}`), and its inputs."""

    method: str
    url: str
    parameters: tuple[Parameter, ...] = ()
    source: str = "crawl"  # crawl, openapi, har, requests, robots, sitemap
    secured: bool = False  # the OpenAPI document requires credentials for it
    body_template: str = ""  # an XML body to send as is (XML endpoints)
    security_schemes: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The URL path, the location every finding on this endpoint is reported at."""
        return urlsplit(self.url).path or "/"

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        """Identity for de-duplication: the same operation found twice is probed once."""
        return self.method, self.url, tuple(sorted(f"{p.location}:{p.name}" for p in self.parameters))

    @property
    def body_kind(self) -> str | None:
        """form, json or xml when the endpoint has a body."""
        if self.body_template:
            return "xml"
        kinds = {p.location for p in self.parameters} & {"form", "json"}
        return kinds.pop() if kinds else None

    def request(self, overrides: dict[str, str] | None = None) -> RequestSpec:
        """The request with every parameter at its example, except the overridden ones."""
        values = {p.name: p.example for p in self.parameters}
        values.update(overrides or {})
        url = self.url
        query: list[tuple[str, str]] = []
        form: list[tuple[str, str]] = []
        json_body: dict[str, object] = {}
        for parameter in self.parameters:
            value = values[parameter.name]
            if parameter.location == "path":
                url = url.replace("{" + parameter.name + "}", quote(value, safe=""))
            elif parameter.location == "query":
                query.append((parameter.name, value))
            elif parameter.location == "form":
                form.append((parameter.name, value))
            elif parameter.location == "json":
                json_body[parameter.name] = _typed(value, parameter.input_type)
        if self.body_template:
            xml = self.body_template
            return RequestSpec(self.method, url, tuple(query), content=xml, content_type="application/xml")
        if json_body:
            return RequestSpec(self.method, url, tuple(query), json_body=json_body)
        if form or self.method in ("POST", "PUT", "PATCH"):
            return RequestSpec(self.method, url, tuple(query), form=tuple(form))
        return RequestSpec(self.method, url, tuple(query))


def _typed(value: str, schema_type: str) -> object:
    """Keep JSON numbers numbers while the example is untouched; payloads stay strings."""
    if schema_type in ("integer", "number"):
        try:
            return int(value) if schema_type == "integer" else float(value)
        except ValueError:
            return value
    if schema_type == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


@dataclass(frozen=True, slots=True)
class Exchange:
    """A request and the response it got, bodies cut at the size limit."""

    request: RequestSpec
    url: str  # the final URL sent, query included
    status: int
    headers: tuple[tuple[str, str], ...]
    body: str
    elapsed: float
    truncated: bool = False
    sent_headers: tuple[tuple[str, str], ...] = field(default=())

    def header(self, name: str) -> str | None:
        """The first value of a response header, case-insensitively."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        """Every value of a response header (Set-Cookie comes many times)."""
        lowered = name.lower()
        return [value for key, value in self.headers if key.lower() == lowered]

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"
