"""Users' own IaC checks in Rego, like Conftest: same resource documents as the built-in checks.

Each policy is a Rego module in package `pavedroad.iac.<name>` with a `deny` set; an entry
is a message, or an object `{"msg": ..., "attribute": "path.in.body"}` so the finding
points at that attribute's line. An optional `metadata` object gives `title`,
`severity`, `controls`, `rationale` and `fix`. The rule id is `iac/custom-<name>`.

Input, one resource at a time: `{"framework", "kind", "name", "address", "path", "line",
"body"}` where body is the resource as plain JSON (Terraform expressions already
evaluated; unknown values as "${...}" strings).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.model import Resource, plain
from pavedroad.core.findings import Severity
from pavedroad.policy.rego import native_stdout_silenced

QUERY = "data.pavedroad.iac"
_NAME = re.compile(r"[^a-z0-9]+")


class RegoPolicyError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def policy_files(root: Path, configured: Sequence[str]) -> list[Path]:
    """The .rego files named by `[iac] policies` (files or directories, relative to the scan root)."""
    found: list[Path] = []
    for entry in configured:
        path = (root / entry).resolve()
        if path.is_dir():
            found.extend(sorted(path.rglob("*.rego")))
        elif path.is_file():
            found.append(path)
        else:
            raise RegoPolicyError(entry, "no such policy file or directory")
    return found


class RegoChecks:
    """Evaluates every policy against each resource; one Check per policy package, built on first use."""

    def __init__(self, files: Sequence[Path]) -> None:
        from regopy import Interpreter  # lazily: most scans have no custom policy

        self._interpreter = Interpreter()
        for path in files:
            try:
                with native_stdout_silenced():
                    self._interpreter.add_module(path.stem, path.read_text(encoding="utf-8"))
            except Exception as error:  # regopy raises its own types for syntax errors
                reasons = sorted(set(re.findall(r"errormsg \d+:([^)]*)\)", str(error)))) or [str(error)]
                raise RegoPolicyError(str(path), f"invalid Rego policy: {'; '.join(reasons)}") from None
        self.checks: dict[str, Check] = {}

    def violations(self, resource: Resource) -> Iterator[tuple[Check, Violation]]:
        self._interpreter.set_input(
            {
                "framework": resource.framework,
                "kind": resource.kind,
                "name": resource.name,
                "address": resource.address,
                "path": resource.path,
                "line": resource.line,
                "body": plain(resource.body),
            }
        )
        output = json.loads(str(self._interpreter.query(QUERY)))
        expressions = output.get("expressions") or [{}]
        packages = expressions[0] if isinstance(expressions[0], dict) else {}
        for package, result in sorted(packages.items()):
            if not isinstance(result, dict):
                continue
            check = self._check(package, result.get("metadata"))
            for entry in result.get("deny") or []:
                message, attribute = (
                    (entry.get("msg", str(entry)), entry.get("attribute"))
                    if isinstance(entry, dict)
                    else (str(entry), None)
                )
                line = resource.line_at(str(attribute)) if attribute else resource.line
                yield check, Violation(line, str(message), str(message))

    def _check(self, package: str, metadata: Any) -> Check:
        if package not in self.checks:
            meta = metadata if isinstance(metadata, dict) else {}
            slug = _NAME.sub("-", package.lower()).strip("-")
            self.checks[package] = Check(
                id=f"iac/custom-{slug}",
                title=str(meta.get("title", f"Custom policy {package}")),
                severity=_severity(meta.get("severity")),
                frameworks=("*",),
                kinds=("*",),
                evaluate=_evaluated_elsewhere,
                rationale=str(meta.get("rationale", "A policy of this organisation, written in Rego.")),
                fix=str(meta.get("fix", "See the policy's documentation.")),
                insecure_example="",
                secure_example="",
                controls=tuple(str(control) for control in meta.get("controls", ())),
                tags=("custom",),
            )
        return self.checks[package]


def _severity(value: Any) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        return Severity.MEDIUM


def _evaluated_elsewhere(resource: Resource, project: Project) -> Iterator[Violation]:
    return iter(())
