"""The triage form on a finding's page (triager or admin; CSRF-checked like every form)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pavedroad.server.api.common import RecordId
from pavedroad.server.api.findings import TriageRequest, apply_triage
from pavedroad.server.security.authorization import current_principal

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=4000)]


def _end_of_day(text: str) -> datetime | None:
    """A date from the form's date field, as the end of that day in UTC."""
    if not text:
        return None
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.max, UTC)
    except ValueError as error:
        raise HTTPException(422, f"expires: {text!r} is not a date (YYYY-MM-DD)") from error


@router.post("/findings/{finding_id}/triage")
def triage_form(
    request: Request,
    finding_id: RecordId,
    state: Annotated[str, Form(max_length=32)],
    justification: FormText = "",
    owner: FormText = "",
    expires: FormText = "",
) -> Response:
    """Apply the decision, then show the finding again (its audit trail now lists it)."""
    try:
        decision = TriageRequest(
            state=state,  # type: ignore[arg-type]  # validated by the model
            justification=justification.strip() or None,
            owner=owner.strip() or None,
            expires_at=_end_of_day(expires.strip()),
        )
    except ValidationError as error:
        raise HTTPException(422, error.errors()[0]["msg"]) from error
    apply_triage(request, finding_id, decision, current_principal(request).name)
    return RedirectResponse(f"/findings/{finding_id}", status_code=303)
