"""OpenAPI 3 and Swagger 2 documents → endpoints with typed parameters, example bodies and security."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import yaml

from pavedroad.dast.model import Endpoint, Parameter

MAX_DOCUMENT_BYTES = 10_000_000
_METHODS = ("get", "post", "put", "patch", "delete")
_REF_DEPTH = 20


class DocumentError(Exception):
    """A malformed API description or HAR file; the message names the file."""


def parse_openapi(text: str, source: str, target_url: str) -> list[Endpoint]:
    """The operations of an OpenAPI 3 or Swagger 2 document, resolved against the target's origin."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{source}: larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise DocumentError(f"{where}: not valid YAML or JSON ({getattr(error, 'problem', None) or error})") from None
    if not isinstance(document, dict) or not ("openapi" in document or "swagger" in document):
        raise DocumentError(f"{source}: not an OpenAPI 3 or Swagger 2 document (no 'openapi' or 'swagger' key)")
    paths = document.get("paths")
    if not isinstance(paths, dict):
        raise DocumentError(f"{source}: 'paths' must be a mapping")
    base = urljoin(target_url, _base_path(document))
    global_security = document.get("security") or []
    endpoints = []
    for path, item in paths.items():
        if not isinstance(item, dict) or not isinstance(path, str):
            raise DocumentError(f"{source}: path {path!r} is not a mapping of operations")
        shared = item.get("parameters") or []
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            reader = _Reader(document, source)
            parameters, xml_body = reader.parameters([*shared, *(operation.get("parameters") or [])], operation)
            security = operation.get("security", global_security) or []
            schemes = tuple(sorted({name for requirement in security if isinstance(requirement, dict)
                                    for name in requirement}))  # fmt: skip
            endpoints.append(
                Endpoint(method.upper(), base.rstrip("/") + "/" + path.lstrip("/"), tuple(parameters), "openapi",
                         secured=bool(schemes), body_template=xml_body, security_schemes=schemes)
            )  # fmt: skip
    return endpoints


def read_openapi_file(path: Path, target_url: str) -> list[Endpoint]:
    """Read and parse a document from disk; an unreadable file is a DocumentError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(f"{path}: cannot read ({error})") from None
    return parse_openapi(text, str(path), target_url)


def _base_path(document: Mapping[str, Any]) -> str:
    """The path part of the first server (OpenAPI 3) or basePath (Swagger 2); the host is always the target's."""
    if "swagger" in document:
        return str(document.get("basePath") or "/")
    servers = document.get("servers") or [{}]
    first = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], dict) else {}
    return urlsplit(str(first.get("url") or "/")).path or "/"


class _Reader:
    """Resolves local $refs and turns parameters and request bodies into Parameters with examples."""

    def __init__(self, document: Mapping[str, Any], source: str) -> None:
        self.document = document
        self.source = source

    def resolve(self, node: Any, depth: int = 0) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            reference = node["$ref"]
            if depth > _REF_DEPTH or not isinstance(reference, str) or not reference.startswith("#/"):
                raise DocumentError(f"{self.source}: unsupported or circular $ref {reference!r}")
            node = self.document
            for part in reference[2:].split("/"):
                if not isinstance(node, dict) or part not in node:
                    raise DocumentError(f"{self.source}: $ref {reference!r} points nowhere")
                node = node[part]
            depth += 1
        return node

    def parameters(self, raw: list[Any], operation: Mapping[str, Any]) -> tuple[list[Parameter], str]:
        result: list[Parameter] = []
        xml_body = ""
        for item in raw:
            parameter = self.resolve(item)
            if not isinstance(parameter, dict) or "name" not in parameter:
                raise DocumentError(f"{self.source}: a parameter without a name")
            where = parameter.get("in")
            schema = self.resolve(parameter.get("schema") or parameter)  # Swagger 2 keeps the type on the parameter
            if where in ("query", "path"):
                result.append(Parameter(str(parameter["name"]), where, self.example(schema, parameter), _type(schema)))
            elif where == "formData":
                result.append(Parameter(str(parameter["name"]), "form", self.example(schema, parameter), _type(schema)))
            elif where == "body":
                result.extend(self.body_fields(schema, "json"))
        body = self.resolve(operation.get("requestBody") or {})
        content = body.get("content") if isinstance(body, dict) else None
        if isinstance(content, dict):
            for media_type, media in content.items():
                media = self.resolve(media) if isinstance(media, dict) else {}
                schema = self.resolve(media.get("schema") or {})
                if "json" in media_type:
                    result.extend(self.body_fields(schema, "json"))
                elif media_type == "application/x-www-form-urlencoded":
                    result.extend(self.body_fields(schema, "form"))
                elif "xml" in media_type:
                    xml_body = str(media.get("example") or self.xml_example(schema))
                else:
                    continue
                break  # one representation of the body is enough
        return result, xml_body

    def body_fields(self, schema: Any, location: str) -> list[Parameter]:
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict):
            return []
        return [Parameter(str(name), location, self.example(self.resolve(prop)), _type(self.resolve(prop)))
                for name, prop in properties.items()]  # fmt: skip

    def xml_example(self, schema: Any) -> str:
        name = (schema.get("xml") or {}).get("name", "request") if isinstance(schema, dict) else "request"
        fields = "".join(f"<{p.name}>{escape(p.example)}</{p.name}>" for p in self.body_fields(schema, "xml"))
        return f'<?xml version="1.0"?><{name}>{fields}</{name}>'

    def example(self, schema: Any, parameter: Mapping[str, Any] | None = None) -> str:
        for holder in (parameter or {}, schema if isinstance(schema, dict) else {}):
            for key in ("example", "default"):
                if key in holder and not isinstance(holder[key], (dict, list)):
                    return _text(holder[key])
            if isinstance(holder.get("enum"), list) and holder["enum"]:
                return _text(holder["enum"][0])
        kind = _type(schema)
        if kind in ("integer", "number"):
            return "1"
        if kind == "boolean":
            return "true"
        fmt = schema.get("format") if isinstance(schema, dict) else None
        return {"uri": "https://example.com/", "email": "user@example.com"}.get(str(fmt), "pavedroad")


def _type(schema: Any) -> str:
    return str(schema.get("type", "string")) if isinstance(schema, dict) else "string"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
