"""A check: rule metadata plus the small function that finds violations in one resource."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pavedroad.analyzers.iac.model import Resource, Unknown, lookup_all
from pavedroad.core.findings import Confidence, Rule, Severity


@dataclass(frozen=True, slots=True)
class Violation:
    """Where a resource breaks a check. `evidence` (the offending value) feeds the fingerprint."""

    line: int
    message: str
    evidence: str = ""
    sensitive: bool = False  # evidence is a secret: masked in the snippet, hashed in the fingerprint


class Project:
    """Every resource of a scan, indexed so checks can ask about related resources."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.resources = list(resources)
        self._by_kind: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            self._by_kind[resource.kind].append(resource)

    def of_kind(self, *kinds: str) -> list[Resource]:
        return [resource for kind in kinds for resource in self._by_kind.get(kind, ())]

    def referencing(self, target: Resource, *kinds: str, attribute: str | None = None) -> list[Resource]:
        """Resources of `kinds` that point at `target`: by reference (`aws_s3_bucket.b.id`)
        or by a literal equal to the target's name-like attribute (bucket name, id).

        Only resources in the same scope count: the same Terraform module instance (module
        address and directory), or the same file for other formats.
        """
        names = _identities(target)
        found = []
        for resource in self.of_kind(*kinds):
            if resource.framework != target.framework or _scope(resource) != _scope(target):
                continue
            values = (
                [leaf for value, _ in lookup_all(resource.body, attribute) for leaf in _leaves(value)]
                if attribute
                else _leaves(resource.body)
            )
            if any(_points_at(value, target.address, names) for value in values):
                found.append(resource)
        return found


def _scope(resource: Resource) -> tuple[str, str]:
    if resource.framework != "terraform":
        return ("", resource.path)
    address = resource.address
    module = address.rsplit(".", 2)[0] if address.startswith("module.") else ""
    return (module, str(PurePosixPath(resource.path).parent))


def _identities(resource: Resource) -> set[str]:
    identities = set()
    for key in (
        "bucket",
        "name",
        "id",
        "function_name",
        "cluster_name",
        "identifier",
        "domain_name",
        "cluster_identifier",
    ):
        value = resource.body.get(key)
        if isinstance(value, str) and value:
            identities.add(value)
    return identities


def _points_at(value: object, address: str, names: set[str]) -> bool:
    if isinstance(value, Unknown):
        local_address = address.split(".", 2)[-1] if address.startswith("module.") else address
        instance_free = local_address.split("[", 1)[0]
        return any(reference in (address, local_address, instance_free) for reference in value.references)
    return isinstance(value, str) and value in names


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


Evaluate = Callable[[Resource, Project], Iterable[Violation]]


@dataclass(frozen=True, slots=True)
class Check:
    """One IaC or pipeline check. `kinds` are the resource kinds it looks at ("*" for all of a framework).

    `controls` map the check to framework items (CIS-AWS-2.1.1, CIS-K8S-5.2.2, PCI-DSS-4.0-1.3.1,
    SOC2-CC6.1, NIST-800-53-AC-6...), which feed compliance reports.
    """

    id: str
    title: str
    severity: Severity
    frameworks: tuple[str, ...]
    kinds: tuple[str, ...]
    evaluate: Evaluate
    rationale: str
    fix: str
    insecure_example: str
    secure_example: str
    controls: tuple[str, ...]
    cwe: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    confidence: Confidence = Confidence.HIGH
    tags: tuple[str, ...] = field(default=())

    def applies_to(self, resource: Resource) -> bool:
        return resource.framework in self.frameworks and ("*" in self.kinds or resource.kind in self.kinds)

    @property
    def rule(self) -> Rule:
        family = self.id.split("/", 1)[0]
        return Rule(
            id=self.id,
            title=self.title,
            severity=self.severity,
            confidence=self.confidence,
            rationale=self.rationale,
            fix=self.fix,
            cwe=self.cwe,
            controls=self.controls,
            references=self.references,
            tags=(family, *self.frameworks, *self.tags),
            example=self.insecure_example,
            secure_example=self.secure_example,
        )
