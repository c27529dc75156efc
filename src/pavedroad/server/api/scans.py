"""Scans: one scan's detail, and the upload of a CI run's JSON report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from pavedroad.report.json_reading import finding_from_dict
from pavedroad.server.api.common import NO_NUL, ProjectName, RecordId, store_of
from pavedroad.server.queries.scans import scan_detail
from pavedroad.server.scan_intake import record_once
from pavedroad.server.security.roles import API
from pavedroad.server.settings import ServerSettings
from pavedroad.server.uploads import (
    UploadContext,
    UploadError,
    check_content_type,
    parse_report,
    read_limited_body,
    reject_nul_characters,
    scan_facts,
)

router = APIRouter(prefix=API, tags=["scans"])
RunText = Annotated[str | None, Query(min_length=1, max_length=255, pattern=NO_NUL)]


@router.get("/scans/{scan_id}", summary="One scan")
def get_scan(request: Request, scan_id: RecordId) -> dict[str, Any]:
    """The scan with its gate outcome, reasons, analyzers and lines by language."""
    with store_of(request).transaction() as connection:
        detail = scan_detail(connection, scan_id)
    if detail is None:
        raise HTTPException(404, f"no scan {scan_id}")
    return detail


@router.post(
    "/projects/{name}/scans",
    summary="Upload a CI run's pavedroad JSON report",
    status_code=201,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}},
    responses={
        200: {"description": "This report was recorded before; nothing changed."},
        413: {"description": "The report is larger than the server's limit."},
        415: {"description": "Not application/json."},
        422: {"description": "Not valid JSON, or not a valid pavedroad report."},
    },
)
async def upload_scan(
    request: Request,
    name: ProjectName,
    branch: RunText = None,
    commit: RunText = None,
    ci_run_id: RunText = None,
) -> JSONResponse:
    """Record the report as a scan of `name` (the project is created by its first upload).

    Idempotent: the same report (same project, `ci_run_id` and `run.started`) uploaded again,
    even concurrently, returns the scan recorded the first time with status 200.
    """
    settings: ServerSettings = request.app.state.settings
    try:
        check_content_type(request)
        report = parse_report(await read_limited_body(request, settings.max_upload_bytes))
        reject_nul_characters(report)
        facts = scan_facts(report, UploadContext(name, branch, commit, ci_run_id))
        findings = [finding_from_dict(item) for item in report["findings"]]
    except UploadError as error:
        return JSONResponse({"detail": error.message}, status_code=error.status)
    result = await run_in_threadpool(record_once, store_of(request), facts, findings)
    body = {"scan_id": result.scan_id, "project": name, "duplicate": result.duplicate, **result.counts}
    return JSONResponse(body, status_code=200 if result.duplicate else 201)
