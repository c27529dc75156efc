"""Endpoints from recorded traffic: a HAR file, or a plain list of requests (`METHOD URL [BODY]` per line)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

from pavedroad.dast.discovery import endpoint_of_url
from pavedroad.dast.model import Endpoint, Parameter
from pavedroad.dast.openapi import DocumentError

MAX_FILE_BYTES = 50_000_000


def read_requests_file(path: Path) -> list[Endpoint]:
    """A HAR document (JSON with log.entries) or a request list, told apart by content."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DocumentError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(f"{path}: cannot read ({error})") from None
    if text.lstrip().startswith("{"):
        return parse_har(text, str(path))
    return parse_request_list(text, str(path))


def parse_har(text: str, source: str) -> list[Endpoint]:
    """Each HAR entry's request as an endpoint: query, form or JSON body parameters with recorded values."""
    try:
        entries = json.loads(text)["log"]["entries"]
        if not isinstance(entries, list):
            raise TypeError("log.entries is not a list")
    except (ValueError, KeyError, TypeError) as error:
        raise DocumentError(f"{source}: not a HAR document ({error})") from None
    endpoints = []
    for number, entry in enumerate(entries, 1):
        try:
            request = entry["request"]
            method, url = str(request["method"]).upper(), str(request["url"])
        except (KeyError, TypeError):
            raise DocumentError(f"{source}: entry {number} has no request method and url") from None
        post = request.get("postData") or {}
        endpoints.append(_endpoint(method, url, str(post.get("mimeType", "")), str(post.get("text", ""))))
    return endpoints


def parse_request_list(text: str, source: str) -> list[Endpoint]:
    """`GET https://host/path?x=1` or `POST https://host/path a=1&b=2` (form) or a JSON object body."""
    endpoints = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2 or not parts[1].startswith(("http://", "https://")):
            raise DocumentError(f"{source}:{number}: expected 'METHOD URL [BODY]'")
        body = parts[2] if len(parts) == 3 else ""
        kind = "application/json" if body.lstrip().startswith("{") else "application/x-www-form-urlencoded"
        endpoints.append(_endpoint(parts[0].upper(), parts[1], kind, body))
    return endpoints


def _endpoint(method: str, url: str, mime_type: str, body: str) -> Endpoint:
    base = endpoint_of_url(url, "har")
    parameters = list(base.parameters)
    if "json" in mime_type and body:
        try:
            fields = json.loads(body)
        except ValueError:
            fields = {}
        if isinstance(fields, dict):
            parameters += [Parameter(str(k), "json", json.dumps(v) if isinstance(v, (dict, list)) else str(v))
                           for k, v in fields.items()]  # fmt: skip
    elif body:
        parameters += [Parameter(k, "form", v) for k, v in parse_qsl(body, keep_blank_values=True)]
    return Endpoint(method, base.url, tuple(parameters), "har")
