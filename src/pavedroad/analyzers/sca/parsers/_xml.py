"""Reading XML manifests (POMs, MSBuild project files) safely and by local tag name."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from pavedroad.analyzers.sca.parsers._source import ManifestError

# Manifests never need a DOCTYPE; entity declarations are how XML bombs and external entities work.
_DOCTYPE = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(text: str) -> ElementTree.Element:
    """The root element of `text`; a DOCTYPE or a syntax error raises ManifestError (with its line)."""
    if _DOCTYPE.search(text):
        raise ManifestError("XML with a DOCTYPE or entity declarations is not read")
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, _ = error.position
        raise ManifestError(f"invalid XML: {error}", line) from None


def local_tag(element: ElementTree.Element) -> str:
    """The element's tag without its namespace ("{http://maven.apache.org/POM/4.0.0}version" → "version")."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    """The first direct child named `name`, ignoring namespaces."""
    if element is None:
        return None
    return next((item for item in element if local_tag(item) == name), None)


def child_text(element: ElementTree.Element | None, name: str) -> str | None:
    """The stripped text of the first direct child named `name`, or None when absent or empty."""
    found = child(element, name)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None
