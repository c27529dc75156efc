"""Which files are IaC, and how each kind of file becomes resources: a table, not a chain of ifs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pavedroad.analyzers.iac.cloudformation import is_template, template_resources
from pavedroad.analyzers.iac.compose import compose_resources
from pavedroad.analyzers.iac.dockerfile import parse_dockerfile
from pavedroad.analyzers.iac.kubernetes import manifest_resources
from pavedroad.analyzers.iac.model import Resource
from pavedroad.analyzers.iac.terraform.plan import is_plan, plan_resources
from pavedroad.analyzers.iac.yamldoc import load_documents
from pavedroad.core.analyzer import Target

MAX_IAC_FILE_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 4096


def _yaml_documents(text: str, relpath: str) -> Iterator[object]:
    return load_documents(text, json_input=relpath.endswith(".json"))


def read_kubernetes(text: str, relpath: str) -> Iterator[Resource]:
    for document in _yaml_documents(text, relpath):
        yield from manifest_resources(document, relpath)


def read_cloudformation(text: str, relpath: str) -> Iterator[Resource]:
    for document in _yaml_documents(text, relpath):
        if is_template(document):
            yield from template_resources(document, relpath)  # type: ignore[arg-type]


def read_compose(text: str, relpath: str) -> Iterator[Resource]:
    for document in _yaml_documents(text, relpath):
        yield from compose_resources(document, relpath)


def read_dockerfile(text: str, relpath: str) -> Iterator[Resource]:
    yield parse_dockerfile(text, relpath)


def read_terraform_plan(text: str, relpath: str) -> Iterator[Resource]:
    for document in load_documents(text, json_input=True):
        if is_plan(document):
            yield from plan_resources(document, relpath)


Reader = Callable[[str, str], Iterator[Resource]]


@dataclass(frozen=True, slots=True)
class FileFormat:
    """A file kind (from core.filekinds) and the reader that turns such a file into resources."""

    kind: str
    framework: str
    read: Reader


# Order matters: a file takes the first format whose kind it has.
FILE_FORMATS: tuple[FileFormat, ...] = (
    FileFormat("dockerfile", "dockerfile", read_dockerfile),
    FileFormat("compose", "compose", read_compose),
    FileFormat("cloudformation", "cloudformation", read_cloudformation),
    FileFormat("kubernetes", "kubernetes", read_kubernetes),
)

PLAN_MARKER = b'"planned_values"'


def is_terraform_plan(target: Target, head: bytes) -> bool:
    return target.language == "json" and PLAN_MARKER in head and b'"format_version"' in head


PLAN_FORMAT = FileFormat("terraform-plan", "terraform", read_terraform_plan)
