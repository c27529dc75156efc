"""Container images: the FROM lines of Dockerfiles and the `image:` keys of compose files."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pavedroad.discover.catalog import CONTAINER_IMAGE
from pavedroad.discover.model import Discovery, Evidence, Fact
from pavedroad.discover.reading import line_at

_FROM = re.compile(
    r"^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)(?:[ \t]+AS[ \t]+(\S+))?", re.MULTILINE | re.IGNORECASE
)
_COMPOSE_IMAGE = re.compile(r"^[ \t]+image[ \t]*:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)


def extract_dockerfile(relpath: str, kinds: frozenset[str], text: str) -> Iterator[Discovery]:
    """Base images of every build stage; a FROM naming an earlier stage is not an image."""
    stages: set[str] = set()
    for match in _FROM.finditer(text):
        image, alias = match.group(1), match.group(2)
        if image.lower() not in stages:
            yield Fact(CONTAINER_IMAGE, image, Evidence(relpath, line_at(text, match.start()), "FROM"))
        if alias:
            stages.add(alias.lower())


def extract_compose(relpath: str, kinds: frozenset[str], text: str) -> Iterator[Discovery]:
    """Images that compose services run."""
    for match in _COMPOSE_IMAGE.finditer(text):
        yield Fact(CONTAINER_IMAGE, match.group(1), Evidence(relpath, line_at(text, match.start()), "image"))
