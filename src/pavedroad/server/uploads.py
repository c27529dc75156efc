"""Uploaded JSON reports: read within a size limit, validated against the public schema,
and turned into the run's facts (findings are read back by `json_reading.finding_from_dict`) for `record_scan`.

Every rejection is an UploadError with the HTTP status to answer (413 too large, 415 not
JSON, 422 not a valid pavedroad report) and a one-line message naming the problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs installed
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from starlette.requests import Request

from pavedroad.recording import facts_from_report
from pavedroad.report.json_report import SCHEMA_RESOURCE, SCHEMA_VERSION
from pavedroad.store.findings_recording import ScanFacts

JSON_TYPES = ("application/json",)


class UploadError(Exception):
    """A rejected upload: the status to answer and why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over `limit` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise UploadError(413, f"report is {int(declared)} bytes; this server accepts at most {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # a chunked body has no Content-Length: count as it arrives
            raise UploadError(413, f"report is over {limit} bytes; this server accepts at most {limit}")
        chunks.append(chunk)
    return b"".join(chunks)


def check_content_type(request: Request) -> None:
    """Only JSON is read; other formats (SARIF files sent as XML, form posts ...) get 415."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in JSON_TYPES:
        shown = content_type or "none"
        raise UploadError(
            415,
            f"unsupported content type {shown!r}: send `pavedroad scan --format json` output as application/json",
        )


@cache
def _validator() -> Draft202012Validator:
    text = resources.files("pavedroad.report").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _describe_foreign(document: Any) -> str | None:
    """A hint when the document is another well-known format rather than a pavedroad report."""
    if isinstance(document, dict) and "runs" in document and "version" in document:
        return "this is a SARIF log; upload the pavedroad JSON report (`pavedroad scan --format json`)"
    if isinstance(document, dict) and document.get("schema_version") not in (None, SCHEMA_VERSION):
        return (
            f"unsupported report schema_version {document.get('schema_version')!r}; this server reads {SCHEMA_VERSION}"
        )
    return None


def parse_report(body: bytes) -> dict[str, Any]:
    """The report in `body`, validated; raises UploadError(422) naming the first problem."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadError(422, f"invalid JSON: not UTF-8 text ({error.reason} at byte {error.start})") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UploadError(422, f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}") from error
    except RecursionError as error:
        raise UploadError(422, "invalid JSON: nested too deeply") from error
    foreign = _describe_foreign(document)
    if foreign:
        raise UploadError(422, foreign)
    problem = best_match(_validator().iter_errors(document))
    if problem is not None:
        where = "/".join(str(part) for part in problem.absolute_path) or "(document)"
        raise UploadError(422, f"not a valid pavedroad report at {where}: {problem.message[:300]}")
    if not isinstance(document, dict):  # the schema already says so; this tells mypy
        raise UploadError(422, "not a valid pavedroad report: expected a JSON object")
    return document


def _timestamp(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise UploadError(
            422, f"not a valid pavedroad report at run/{field}: {text!r} is not an ISO 8601 time"
        ) from error
    if moment.tzinfo is None:
        raise UploadError(422, f"not a valid pavedroad report at run/{field}: {text!r} has no time zone")
    return moment


@dataclass(frozen=True, slots=True)
class UploadContext:
    """What CI says about the run besides the report (query parameters of the upload)."""

    project: str
    branch: str | None = None
    commit: str | None = None
    ci_run_id: str | None = None


def scan_facts(report: dict[str, Any], context: UploadContext) -> ScanFacts:
    """The facts `record_scan` stores, read off the report's `run` exactly as `scan --record` does."""
    run = report["run"]
    started = _timestamp(run["started"], "started")
    finished = _timestamp(run["finished"], "finished") if run["finished"] else started
    return facts_from_report(
        report,
        context.project,
        started,
        finished,
        branch=context.branch,
        commit=context.commit,
        ci_run_id=context.ci_run_id,
    )


def reject_nul_characters(document: Any) -> None:
    """422 for NUL characters anywhere: PostgreSQL text cannot store them."""
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise UploadError(422, "not a valid pavedroad report: it contains NUL characters")
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
