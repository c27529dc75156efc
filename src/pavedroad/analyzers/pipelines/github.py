"""Walking a GitHub Actions workflow or action: triggers, jobs, steps, and `uses:` references."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pavedroad.analyzers.iac.model import Node, Resource

FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
FIRST_PARTY_OWNERS = ("actions", "github")
# Triggers whose runs can be started by anyone able to open a PR, issue or comment.
UNTRUSTED_TRIGGERS = (
    "pull_request_target",
    "workflow_run",
    "issue_comment",
    "issues",
    "discussion",
    "discussion_comment",
    "pull_request_review",
    "pull_request_review_comment",
    "fork",
)


@dataclass(frozen=True, slots=True)
class Step:
    job_id: str
    index: int
    node: Node

    @property
    def line(self) -> int:
        return self.node.line


def triggers(resource: Resource) -> set[str]:
    """Event names in `on:` (string, list or mapping form)."""
    on = resource.body.get("on", resource.body.get("true"))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {item for item in on if isinstance(item, str)}
    if isinstance(on, dict):
        return set(on)
    return set()


def jobs(resource: Resource) -> Iterator[tuple[str, Node]]:
    found = resource.body.get("jobs")
    if isinstance(found, Node):
        for job_id, job in found.items():
            if isinstance(job, Node):
                yield job_id, job


def steps(resource: Resource) -> Iterator[Step]:
    """Steps of every job of a workflow, or of a composite action's `runs.steps`."""
    if resource.kind == "action":
        runs = resource.body.get("runs")
        items = runs.get("steps") if isinstance(runs, Node) else None
        for index, step in enumerate(items if isinstance(items, list) else []):
            if isinstance(step, Node):
                yield Step("(action)", index, step)
        return
    for job_id, job in jobs(resource):
        items = job.get("steps")
        for index, step in enumerate(items if isinstance(items, list) else []):
            if isinstance(step, Node):
                yield Step(job_id, index, step)


@dataclass(frozen=True, slots=True)
class ActionReference:
    """`owner/repo[/path]@ref`, a local `./path`, or `docker://image`."""

    text: str
    owner: str
    ref: str
    local: bool
    docker: bool

    @property
    def pinned(self) -> bool:
        if self.local:
            return True
        if self.docker:
            return "@sha256:" in self.text
        return bool(FULL_SHA.match(self.ref))

    @property
    def first_party(self) -> bool:
        return self.owner.lower() in FIRST_PARTY_OWNERS


def parse_uses(text: str) -> ActionReference:
    if text.startswith("./") or text.startswith("../"):
        return ActionReference(text, "", "", True, False)
    if text.startswith("docker://"):
        return ActionReference(text, "", "", False, True)
    name, _, ref = text.partition("@")
    return ActionReference(text, name.split("/", 1)[0], ref, False, False)


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
