"""Pipeline files into resources: a workflow, an action, a GitLab pipeline, a Jenkinsfile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from pavedroad.analyzers.iac.model import Node, NodeList, Resource
from pavedroad.analyzers.iac.sources import FileFormat
from pavedroad.analyzers.iac.yamldoc import load_documents


def read_github_actions(text: str, relpath: str) -> Iterator[Resource]:
    """A workflow (under .github/workflows) or an action metadata file (action.yml)."""
    kind = "action" if PurePosixPath(relpath).name in ("action.yml", "action.yaml") else "workflow"
    for document in load_documents(text):
        if isinstance(document, Node):
            yield Resource("github-actions", kind, relpath, document, relpath, document.line or 1, 0, relpath)


def read_gitlab_ci(text: str, relpath: str) -> Iterator[Resource]:
    for document in load_documents(text):
        if isinstance(document, Node):
            yield Resource("gitlab-ci", "pipeline", relpath, document, relpath, document.line or 1, 0, relpath)


def read_jenkinsfile(text: str, relpath: str) -> Iterator[Resource]:
    """Groovy is not parsed: the checks read lines (`lines`, each knowing its number) and the whole `text`."""
    body = Node(1)
    lines = NodeList(1)
    for number, line in enumerate(text.splitlines(), start=1):
        lines.add(line, number)
    body.set("lines", lines, 1)
    body.set("text", text, 1)
    yield Resource("jenkins", "jenkinsfile", relpath, body, relpath, 1, len(lines), relpath)


PIPELINE_FORMATS: tuple[FileFormat, ...] = (
    FileFormat("ci:github-actions", "github-actions", read_github_actions),
    FileFormat("ci:gitlab", "gitlab-ci", read_gitlab_ci),
    FileFormat("ci:jenkins", "jenkins", read_jenkinsfile),
)
