"""GitLab CI checks: includes, images, scripts, merge request pipelines, variables, services."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.model import Resource
from pavedroad.analyzers.pipelines.credentials import literal_credential
from pavedroad.analyzers.pipelines.gitlab import (
    Image,
    images,
    includes,
    jobs,
    runs_on_merge_requests,
    scripts,
    sections,
    services,
    variables,
)
from pavedroad.analyzers.pipelines.shellscan import CURL_PIPE_SHELL
from pavedroad.core.findings import Confidence, Severity

gitlab_check = partial(Check, frameworks=("gitlab-ci",), kinds=("pipeline",))

GITLAB_DOCS = "https://docs.gitlab.com/ci/yaml/"
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
TAG_LIKE = re.compile(r"^v?\d+(?:\.\d+)*(?:[-+.][0-9A-Za-z.-]+)?$")


def _once_per_line(evaluate: Evaluate) -> Evaluate:
    """YAML anchors and `<<:` merges copy values with their original lines: report each line once."""

    def deduplicated(resource: Resource, project: Project) -> Iterable[Violation]:
        seen: set[int] = set()
        found = []
        for violation in evaluate(resource, project):
            if violation.line not in seen:
                seen.add(violation.line)
                found.append(violation)
        return found

    return deduplicated


def _remote_include(resource: Resource, project: Project) -> Iterator[Violation]:
    for include in includes(resource):
        url = include.remote
        if url and not include.get("integrity"):
            yield Violation(include.line_of("remote"), f"pipeline configuration fetched from {url}", url)


def _unpinned_ref(ref: str) -> bool:
    ref = ref.strip()
    return "$" not in ref and not FULL_SHA.match(ref) and not TAG_LIKE.match(ref)


def _unpinned_project_include(resource: Resource, project: Project) -> Iterator[Violation]:
    for include in includes(resource):
        name, ref, component = include.get("project"), include.get("ref"), include.get("component")
        if isinstance(name, str) and ref is None:
            yield Violation(include.line_of("project"), f"include of {name} follows its default branch", name)
        elif isinstance(name, str) and isinstance(ref, str) and _unpinned_ref(ref):
            yield Violation(include.line_of("ref"), f"include of {name} at the branch-like ref {ref!r}", ref)
        if isinstance(component, str) and "@" in component:
            version = component.rpartition("@")[2]
            if version.startswith("~") or _unpinned_ref(version):
                yield Violation(include.line_of("component"), f"component {component} is not pinned", component)


def _image_check(wanted: Callable[[Image], str | None]) -> Evaluate:
    """A violation for every `image:` (job, default, top level) for which `wanted` gives a message."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for where, owner in sections(resource):
            for image in images(owner):
                message = None if image.variable else wanted(image)
                if message:
                    yield Violation(image.line, f"{where}: {image.reference} {message}", image.reference)

    return _once_per_line(evaluate)


def _mutable_tag(image: Image) -> str | None:
    if image.digest or image.tag not in ("", "latest"):
        return None
    return "has no tag (latest)" if not image.tag else "uses the latest tag"


def _no_digest(image: Image) -> str | None:
    return None if image.digest or image.tag in ("", "latest") else "is not pinned to a digest"


def _curl_pipe_shell(resource: Resource, project: Project) -> Iterator[Violation]:
    for where, owner in sections(resource):
        for line in scripts(owner):
            match = CURL_PIPE_SHELL.search(line.text)
            if match:
                yield Violation(line.line, f"{where}: downloaded script piped into a shell", match.group(0))


# A variable that looks like it should be Protected (and so unavailable to merge request pipelines).
PROTECTED_LOOKING = re.compile(
    r"(?:\$\{?|\$env:|%)((?!CI_)[A-Z][A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|SECRET_KEY|SECRET_ACCESS_KEY"
    r"|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIALS))\b"
)


def _merge_request_secrets(resource: Resource, project: Project) -> Iterator[Violation]:
    defined = {name for _, owner in sections(resource) for name, _, _ in variables(owner)}
    for name, job in jobs(resource):
        if not runs_on_merge_requests(job):
            continue
        defined_here = defined | {variable for variable, _, _ in variables(job)}
        for line in scripts(job):
            for variable in PROTECTED_LOOKING.findall(line.text):
                if variable not in defined_here:
                    yield Violation(
                        line.line, f"job {name}: ${variable} used in a merge request pipeline", f"{name}:{variable}"
                    )
                    break


def _hardcoded_variable(resource: Resource, project: Project) -> Iterator[Violation]:
    for where, owner in sections(resource):
        for name, value, line in variables(owner):
            secret = literal_credential(name, value)
            if secret:
                yield Violation(line, f"{where}: variable {name} is a credential written in the pipeline", secret, True)


DIND = re.compile(r"(?:^|/)docker:(?:[\w.]+-)?dind(?:-rootless)?$|(?:^|/)docker:dind")


def _dind_service(resource: Resource, project: Project) -> Iterator[Violation]:
    for where, owner in sections(resource):
        for service in services(owner):
            if DIND.search(service.reference.partition("@")[0]):
                yield Violation(
                    service.line, f"{where}: {service.reference} needs a privileged runner", service.reference
                )


CHECKS: tuple[Check, ...] = (
    gitlab_check(
        id="pipelines/gitlab-remote-include",
        title="Pipeline configuration included from a remote URL",
        severity=Severity.MEDIUM,
        evaluate=_remote_include,
        rationale="`include: remote:` fetches YAML over HTTP at every pipeline run and merges it into yours: whoever"
        " controls that server (or its domain, or a proxy on the way) can add jobs that run with your project's"
        " variables and deploy credentials, and nothing in your repository shows the change.",
        fix="Copy the file into the repository, include it with `project:` and a pinned `ref:` from a project you"
        " control, or add `integrity: sha256-...` (GitLab 17.9+) so a changed file fails the pipeline.",
        insecure_example="include:\n  - remote: https://example.com/ci/templates/build.yml",
        secure_example="include:\n  - remote: https://example.com/ci/templates/build.yml\n"
        "    integrity: sha256-L3/GAoKaw0Arw6hDCKeKQlV1QPEgHYxGBHsH4zG1IY8=",
        controls=("CIS-SSCS-2.4.2", "CIS-SSCS-2.1.2", "SLSA-L3", "NIST-800-53-SR-11", "SOC2-CC8.1"),
        cwe=("CWE-829", "CWE-494"),
        references=(GITLAB_DOCS + "#includeremote", GITLAB_DOCS + "#includeintegrity"),
    ),
    gitlab_check(
        id="pipelines/gitlab-include-unpinned-ref",
        title="Included project or component not pinned",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=_unpinned_project_include,
        rationale="Without `ref:`, or with a branch, an included project's file follows whatever is pushed there;"
        " anyone who can push to that branch changes every pipeline that includes it. A component at `~latest`"
        " moves the same way.",
        fix="Pin `ref:` to a commit SHA (or at least a protected tag) and pin components to an exact version.",
        insecure_example="include:\n  - project: platform/ci-templates\n    file: /build.yml",
        secure_example="include:\n  - project: platform/ci-templates\n"
        "    ref: 2f4c9e1b7d3a5f6e8c0b1a2d3e4f5a6b7c8d9e0f\n    file: /build.yml",
        controls=("CIS-SSCS-2.4.2", "SLSA-L3", "NIST-800-53-CM-2", "SOC2-CC8.1"),
        cwe=("CWE-829",),
        references=(GITLAB_DOCS + "#includeproject", "https://docs.gitlab.com/ci/components/#component-versions"),
    ),
    gitlab_check(
        id="pipelines/gitlab-image-latest",
        title="Job image without a tag or with latest",
        severity=Severity.LOW,
        evaluate=_image_check(_mutable_tag),
        rationale="An untagged image is `latest`, which changes under you: builds stop being reproducible and a"
        " pushed (or compromised) image runs in your jobs with their variables the next time the pipeline starts.",
        fix="Use a specific version tag, ideally with its digest: `image: python:3.12.4@sha256:...`.",
        insecure_example="image: node",
        secure_example="image: node:20.15.1-bookworm",
        controls=("CIS-SSCS-2.4.2", "CIS-DOCKER-4.2", "NIST-800-53-CM-2", "SOC2-CC8.1"),
        cwe=("CWE-1357",),
        references=(GITLAB_DOCS + "#image",),
    ),
    gitlab_check(
        id="pipelines/gitlab-image-no-digest",
        title="Job image not pinned to a digest",
        severity=Severity.INFO,
        evaluate=_image_check(_no_digest),
        rationale="A tag can be pushed again with different content; only the digest names exactly the image you"
        " reviewed. Strict supply-chain policies (SLSA) pin build environments by digest.",
        fix="Append the digest: `image: python:3.12.4@sha256:<digest>`, and let Renovate update tag and digest"
        " together.",
        insecure_example="image: python:3.12.4",
        secure_example="image: python:3.12.4@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5",
        controls=("CIS-SSCS-2.4.2", "SLSA-L3", "NIST-800-53-CM-2"),
        cwe=("CWE-1357",),
        references=(GITLAB_DOCS + "#image",),
    ),
    gitlab_check(
        id="pipelines/gitlab-curl-pipe-shell",
        title="Script downloaded and piped straight into a shell",
        severity=Severity.MEDIUM,
        evaluate=_once_per_line(_curl_pipe_shell),
        rationale="Whatever the server returns runs in the job with its CI/CD variables, unverified: a compromised"
        " host or install script (the Codecov uploader, 2021) becomes code execution in your pipeline.",
        fix="Download to a file, verify its checksum or signature, then run it; or use a pinned package or image"
        " that already contains the tool.",
        insecure_example="script:\n  - curl -sSL https://example.com/install.sh | bash",
        secure_example="script:\n  - curl -sSLo install.sh https://example.com/v1.2.3/install.sh\n"
        '  - echo "<sha256>  install.sh" | sha256sum -c -\n  - bash install.sh',
        controls=("CIS-SSCS-2.4.2", "CIS-SSCS-2.4.3", "SLSA-L3", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-494",),
        references=(GITLAB_DOCS + "#script",),
    ),
    gitlab_check(
        id="pipelines/gitlab-merge-request-secret-variable",
        title="Merge request pipeline job uses a secret-looking variable",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        evaluate=_merge_request_secrets,
        rationale="Merge request pipelines run the source branch's version of .gitlab-ci.yml and scripts, so anyone"
        " who can push a branch (or a fork contributor, when a maintainer runs the pipeline in the parent project)"
        " controls what runs. A job there that needs $DEPLOY_TOKEN means the variable is not Protected, and a"
        " modified script can print or send it anywhere.",
        fix="Mark deploy and registry credentials Protected (and Masked) so only protected branches and tags get"
        " them, and run the jobs that need them on those refs only; use CI_JOB_TOKEN for in-GitLab access.",
        insecure_example='deploy-review:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n'
        '  script:\n    - ./deploy --token "$DEPLOY_TOKEN"',
        secure_example="deploy:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"
        '  script:\n    - ./deploy --token "$DEPLOY_TOKEN"   # DEPLOY_TOKEN is Protected',
        controls=("CIS-SSCS-2.1.7", "CIS-SSCS-2.3.5", "NIST-800-53-AC-6", "SOC2-CC6.1"),
        cwe=("CWE-200", "CWE-269"),
        references=(
            "https://docs.gitlab.com/ci/variables/#protect-a-cicd-variable",
            "https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#use-with-forked-projects",
            "https://docs.gitlab.com/ci/pipeline_security/",
        ),
    ),
    gitlab_check(
        id="pipelines/gitlab-hardcoded-variable",
        title="Credential written in clear in pipeline variables",
        severity=Severity.HIGH,
        evaluate=_once_per_line(_hardcoded_variable),
        rationale="Variables in .gitlab-ci.yml are plain text: everyone with read access to the repository (and its"
        " forks and history) reads the credential, and GitLab does not mask it in job logs.",
        fix="Revoke the credential and store it as a Masked, Protected CI/CD variable in the project or group"
        " settings (or an external secret with `secrets:`), then remove it from the file.",
        insecure_example="variables:\n  DEPLOY_PASSWORD: Example-Zq8rLw3nVt6y",
        secure_example="# DEPLOY_PASSWORD is a masked, protected CI/CD variable set in Settings > CI/CD > Variables",
        controls=("CIS-SSCS-2.3.8", "CIS-SSCS-1.5.1", "NIST-800-53-IA-5", "SOC2-CC6.1"),
        cwe=("CWE-798",),
        references=("https://docs.gitlab.com/ci/variables/#cicd-variable-security", GITLAB_DOCS + "#variables"),
    ),
    gitlab_check(
        id="pipelines/gitlab-privileged-dind",
        title="Docker-in-Docker service (requires a privileged runner)",
        severity=Severity.INFO,
        evaluate=_once_per_line(_dind_service),
        rationale="docker:dind only works when the runner starts containers with --privileged, which lets any job"
        " on that runner (including merge request code) escape to the host and reach other jobs' data.",
        fix="Build images without a daemon (BuildKit rootless, Kaniko, Buildah) or reserve privileged runners for"
        " protected branches with dedicated tags.",
        insecure_example="build:\n  services:\n    - docker:24-dind",
        secure_example="build:\n  image:\n    name: gcr.io/kaniko-project/executor:v1.23.2-debug\n    entrypoint: ['']",
        controls=("CIS-SSCS-2.2.5", "CIS-DOCKER-5.4", "NIST-800-53-AC-6", "SOC2-CC6.8"),
        cwe=("CWE-250",),
        references=(
            "https://docs.gitlab.com/ci/docker/using_docker_build/#use-docker-in-docker",
            "https://docs.gitlab.com/runner/security/#usage-of-docker-executor",
        ),
    ),
)
