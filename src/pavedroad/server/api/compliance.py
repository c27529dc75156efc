"""Compliance posture per framework, from the stored open findings (triage applied) and the rule catalogue."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from sqlalchemy import select

from pavedroad.compliance import available_frameworks, evaluate
from pavedroad.compliance.render_json import posture_to_dict
from pavedroad.core.findings import Finding, Rule
from pavedroad.server.api.common import NO_NUL, OptionalProject, project_id_or_404, store_of
from pavedroad.server.security.roles import API
from pavedroad.store.findings_reading import open_findings
from pavedroad.store.schema import Project, utc_now

router = APIRouter(prefix=API, tags=["compliance"])
FrameworkName = Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL)]


@cache
def rule_catalogue() -> tuple[Rule, ...]:
    """Every rule pavedroad knows (loaded once: it imports every analyzer)."""
    from pavedroad.cli.rules import known_rules

    return tuple(known_rules().values())


def frameworks_list() -> list[dict[str, str]]:
    """Name, title and version of each framework."""
    return [
        {"name": name, "title": framework.title, "version": framework.version}
        for name, framework in available_frameworks().items()
    ]


def _stored_open_findings(request: Request, project: str | None) -> list[Finding]:
    store = store_of(request)
    with store.transaction() as connection:
        if project is not None:
            project_id_or_404(connection, project)
            names = [project]
        else:
            names = list(connection.execute(select(Project.name).order_by(Project.name)).scalars())
    now = utc_now()
    return [finding for name in names for finding in open_findings(store, name, now)]


def posture_document(request: Request, framework: str, project: str | None) -> dict[str, Any]:
    """The posture of `project` (every project when None) against `framework`; 404 when either is unknown."""
    known = available_frameworks()
    if framework not in known:
        raise HTTPException(404, f"no framework {framework!r}; one of {', '.join(known)}")
    findings = _stored_open_findings(request, project)
    return posture_to_dict(evaluate(known[framework], rule_catalogue(), findings))


@router.get("/compliance", summary="The compliance frameworks this server knows")
def get_frameworks() -> dict[str, Any]:
    """Each framework's name (for the posture endpoint), title and version."""
    return {"items": frameworks_list()}


@router.get("/compliance/{framework}", summary="Posture against a framework")
def get_posture(request: Request, framework: FrameworkName, project: OptionalProject = None) -> dict[str, Any]:
    """Each control failing (with the open findings against it), passing or not covered,
    for `project` or, without it, every project."""
    return posture_document(request, framework, project)
