"""Cloud providers named by Terraform: `provider "aws"` blocks and resource type prefixes like `aws_`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pavedroad.discover.catalog import CLOUD_PROVIDER, TERRAFORM_PROVIDERS
from pavedroad.discover.documents import as_table, load_json_object
from pavedroad.discover.model import Discovery, Evidence, Fact
from pavedroad.discover.reading import line_at

_PROVIDER_BLOCK = re.compile(r"^[ \t]*provider[ \t]+\"?([\w-]+)\"?[ \t]*\{", re.MULTILINE)
_RESOURCE_BLOCK = re.compile(r"^[ \t]*(?:resource|data)[ \t]+\"?(([a-z0-9]+)_[\w-]+)\"?", re.MULTILINE)


def extract_terraform(relpath: str, kinds: frozenset[str], text: str) -> Iterator[Discovery]:
    """A cloud provider fact for each known provider block and resource or data source type."""
    if relpath.endswith(".json"):
        yield from _extract_from_json(relpath, text)
        return
    for match in _PROVIDER_BLOCK.finditer(text):
        yield from _provider_fact(
            match.group(1), Evidence(relpath, line_at(text, match.start()), f'provider "{match.group(1)}"')
        )
    for match in _RESOURCE_BLOCK.finditer(text):
        yield from _provider_fact(
            match.group(2), Evidence(relpath, line_at(text, match.start()), match.group(1))
        )


def _extract_from_json(relpath: str, text: str) -> Iterator[Discovery]:
    """The JSON syntax of Terraform: top-level "provider", "resource" and "data" objects."""
    document = load_json_object(text)
    for provider in as_table(document.get("provider")):
        yield from _provider_fact(provider, Evidence(relpath, None, f'provider "{provider}"'))
    for section in ("resource", "data"):
        for resource_type in as_table(document.get(section)):
            yield from _provider_fact(resource_type.split("_", 1)[0], Evidence(relpath, None, resource_type))


def _provider_fact(provider: str, evidence: Evidence) -> Iterator[Fact]:
    cloud = TERRAFORM_PROVIDERS.get(provider)
    if cloud is not None:
        yield Fact(CLOUD_PROVIDER, cloud, evidence)
