"""Checks of Terraform module calls (resources of kind "module": the call's evaluated arguments).

A module's code runs with the credentials of whoever applies it, and `.terraform.lock.hcl` records
provider checksums only: nothing locks what `terraform init` downloads for a module. The source
address itself must therefore name immutable code.

Control ids: CIS Software Supply Chain Security Guide (`CIS-SSCS-*`), SLSA build levels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import NamedTuple
from urllib.parse import parse_qs

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.checks.azure import is_absent
from pavedroad.analyzers.iac.conditions import is_unknown
from pavedroad.analyzers.iac.model import MISSING, Resource
from pavedroad.core.findings import Severity

terraform_check = partial(Check, frameworks=("terraform",))

TERRAFORM_DOCS = "https://developer.hashicorp.com/terraform/language/"

# `git::https://...`, `hg::...`, `s3::...`: a getter forced by prefix (go-getter syntax).
_FORCED = re.compile(r"^([A-Za-z0-9]+)::(.+)$", re.DOTALL)
# Registry addresses: [<hostname>/]<namespace>/<name>/<provider>[//<subdirectory>].
_REGISTRY_NAME = r"[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?"
_REGISTRY = re.compile(
    rf"^(?:(?P<host>[0-9A-Za-z.-]+\.[0-9A-Za-z-]+(?::\d+)?)/)?{_REGISTRY_NAME}/{_REGISTRY_NAME}/[0-9a-z]{{1,64}}"
    r"(?://[^?]*)?$"
)
_VCS_HOSTS = ("github.com", "bitbucket.org")  # reserved for repositories, never registry hosts
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:")  # git@github.com:org/repo.git
_COMMIT = re.compile(r"^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")  # SHA-1 or SHA-256 object name
_SHORT_COMMIT = re.compile(r"^[0-9a-f]{7,39}$")
_USERINFO = re.compile(r"(?<=//)([^/@?#\s]+)@")


class Source(NamedTuple):
    kind: str  # "registry", "git", "hg" or "http"
    query: dict[str, list[str]]


def classify(source: str) -> Source | None:
    """What `terraform init` fetches for a module source address; None for local paths and for
    sources this check does not judge (S3, GCS, absolute paths, malformed addresses)."""
    text = source.strip()
    if text.startswith(("./", "../", ".\\", "..\\", "/")) or text in (".", ".."):
        return None
    forced = _FORCED.match(text)
    getter, address = (forced.group(1).lower(), forced.group(2)) if forced else ("", text)
    query = parse_qs(address.partition("?")[2])
    if not getter:
        registry = _REGISTRY.match(address)
        if registry and (registry.group("host") or "").lower() not in _VCS_HOSTS:
            return Source("registry", query)
        lower = address.lower()
        if lower.startswith(tuple(f"{host}/" for host in _VCS_HOSTS)) or _SCP_LIKE.match(address):
            getter = "git"  # GitHub / Bitbucket shorthands and scp-like SSH addresses are Git
        elif lower.startswith("git://"):
            getter = "git"
        elif lower.startswith(("http://", "https://")):
            getter = "http"
    if getter == "https":
        getter = "http"
    return Source(getter, query) if getter in ("git", "hg", "http") else None


def redact(source: str) -> str:
    """The address without credentials embedded in it (`https://user:token@host/...`)."""
    return _USERINFO.sub(lambda match: match.group(0) if match.group(1) == "git" else "***@", source)


def _first(query: dict[str, list[str]], *keys: str) -> str | None:
    return next((query[key][0] for key in keys if query.get(key)), None)


def _instances(resource: Resource) -> bool:
    """False when the call creates no instance (`count = 0`, an empty `for_each`)."""
    count = resource.body.get("count", MISSING)
    if isinstance(count, int) and not isinstance(count, bool) and count == 0:
        return False
    for_each = resource.body.get("for_each", MISSING)
    return not (isinstance(for_each, dict | list) and not for_each)


def module_source_unpinned(resource: Resource, project: Project) -> Iterator[Violation]:
    source = resource.body.get("source", MISSING)
    if not isinstance(source, str) or not _instances(resource):
        return  # an Unknown source (a template) cannot be judged
    found = classify(source)
    if found is None:
        return
    shown = redact(source.strip())
    line = resource.line_at("source")
    if found.kind == "registry":
        version = resource.body.get("version", MISSING)
        if is_unknown(version) or not is_absent(version):
            return
        yield Violation(line, f"registry module {shown} has no version: terraform init takes the newest release", shown)
        return
    if found.kind == "http":
        if _first(found.query, "checksum") is None:
            yield Violation(
                line, f"{shown} is fetched over HTTP without a checksum: the archive can change under the URL", shown
            )
        return
    ref = _first(found.query, "ref", "rev") if found.kind == "hg" else _first(found.query, "ref")
    if ref is None or not ref.strip():
        message = f"{shown} has no ref: terraform init takes whatever the default branch holds"
    elif _COMMIT.match(ref):
        return
    elif _SHORT_COMMIT.match(ref):
        message = (
            f"{shown} pins the abbreviated commit {ref}: a branch or tag named {ref}, if one exists, is"
            " fetched instead; pin the full 40-character hash"
        )
    else:
        message = f"{shown} pins ref={ref}, a tag or branch that can be moved to other code; pin a commit hash"
    yield Violation(line, message, shown)


CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/terraform-module-source-unpinned",
        title="Terraform module source is not pinned to immutable code",
        severity=Severity.MEDIUM,
        kinds=("module",),
        evaluate=module_source_unpinned,
        rationale="A module's code runs with the credentials of whoever applies it: it can create or change any"
        " resource those credentials allow, and read secrets through data sources. Unlike providers, modules"
        " have no lock file, so a Git source without `?ref=`, a tag or branch ref (tags can be deleted and"
        " pushed again), an HTTP archive without a checksum or a registry module without `version` lets whoever"
        " controls that repository, tag or namespace change what your next `terraform init` installs, without"
        " any change to your repository or review.",
        fix="Pin Git and Mercurial sources to a full commit hash (`?ref=<40-character sha>`, with the version in a"
        " comment) and let Renovate or Dependabot propose updates; give registry modules an exact `version`;"
        " add `?checksum=sha256:...` to HTTP archives. Vendoring the module or mirroring it in a private"
        " registry removes the dependency on the upstream repository entirely.",
        insecure_example='module "vpc" {\n  source = "git::https://github.com/example-org/terraform-aws-vpc.git?ref=v1.2.0"\n}',
        secure_example='module "vpc" {\n  # v1.2.0\n'
        '  source = "git::https://github.com/example-org/terraform-aws-vpc.git?ref=9f2c4e1a7b3d5f6e8a0b1c2d3e4f5a6b7c8d9e0f"\n'
        "}",
        controls=("CIS-SSCS-3.1.7", "SLSA-L3", "NIST-800-53-SR-11", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-829", "CWE-494"),
        references=(
            TERRAFORM_DOCS + "modules/sources",
            TERRAFORM_DOCS + "files/dependency-lock",
            TERRAFORM_DOCS + "block/module#version",
        ),
    ),
)
